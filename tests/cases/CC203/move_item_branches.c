/* An inventory with two bins. One worker function moves items in either direction, and locks
 * the source bin first: moving A->B takes a then b, moving B->A takes b then a. Two copies of
 * the worker run at once, one per direction, so the two branches form an inversion. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t bin_a_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t bin_b_mu = PTHREAD_MUTEX_INITIALIZER;
static int bin_a = 100, bin_b = 100;

static void *mover(void *arg)
{
    int to_b = (int)(size_t)arg;
    if (!to_b)
        usleep(10000); /* the reverse move runs a little later */
    if (to_b) {
        pthread_mutex_lock(&bin_a_mu);
        pthread_mutex_lock(&bin_b_mu);
        bin_a--;
        bin_b++;
    } else {
        pthread_mutex_lock(&bin_b_mu);
        pthread_mutex_lock(&bin_a_mu); // expect: CC203
        bin_b--;
        bin_a++;
    }
    pthread_mutex_unlock(&bin_a_mu);
    pthread_mutex_unlock(&bin_b_mu);
    return NULL;
}

int main(void)
{
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, mover, (void *)(size_t)i);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    printf("a=%d b=%d\n", bin_a, bin_b);
    return 0;
}
