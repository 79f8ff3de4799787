/* Each worker takes 1/nthreads of the work, reading the global `nthreads`. Main sets `nthreads`
 * once, before the create loop: initialisation before the first thread starts is not a race. */
#include <pthread.h>
#include <stdio.h>

#define MAXTHREADS 4
#define ITEMS 100000

static int nthreads;
static long done[MAXTHREADS];

static void *work(void *arg)
{
    long *out = arg;
    int share = ITEMS / nthreads;
    for (int k = 0; k < share; k++)
        *out += k & 1;
    return NULL;
}

int main(void)
{
    pthread_t t[MAXTHREADS];
    nthreads = MAXTHREADS;
    for (int i = 0; i < MAXTHREADS; i++)
        pthread_create(&t[i], NULL, work, &done[i]);
    long total = 0;
    for (int i = 0; i < MAXTHREADS; i++) {
        pthread_join(t[i], NULL);
        total += done[i];
    }
    printf("%ld\n", total);
    return 0;
}
