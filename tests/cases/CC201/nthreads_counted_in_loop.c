/* Each worker takes 1/nthreads of the work, reading the global `nthreads`. Main counts the
 * threads up inside the create loop, so it writes `nthreads` while earlier workers read it. */
#include <pthread.h>
#include <stdio.h>

#define MAXTHREADS 4
#define ITEMS 100000

static int nthreads;
static long done[MAXTHREADS];

static void *work(void *arg)
{
    long *out = arg;
    int share = ITEMS / nthreads; // expect: CC201
    for (int k = 0; k < share; k++)
        *out += k & 1;
    return NULL;
}

int main(void)
{
    pthread_t t[MAXTHREADS];
    for (int i = 0; i < MAXTHREADS; i++) {
        nthreads++;
        pthread_create(&t[i], NULL, work, &done[i]);
    }
    long total = 0;
    for (int i = 0; i < MAXTHREADS; i++) {
        pthread_join(t[i], NULL);
        total += done[i];
    }
    printf("%ld\n", total);
    return 0;
}
