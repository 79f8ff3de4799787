/* Parallel sum with one job struct per thread: `&jobs[i]`, indexed by the spawn loop's variable,
 * gives each thread its own start and sum, and main reads the sums after joining. No race. */
#include <pthread.h>
#include <stdio.h>

#define NTHREADS 4
#define CHUNK 2500

struct job {
    int start;
    long sum;
};

static int data[NTHREADS * CHUNK];

static void *sum_chunk(void *arg)
{
    struct job *j = arg;
    long s = 0;
    int first = j->start;
    for (int k = first; k < first + CHUNK; k++)
        s += data[k];
    j->sum = s;
    return NULL;
}

int main(void)
{
    for (int k = 0; k < NTHREADS * CHUNK; k++)
        data[k] = k % 10;
    pthread_t t[NTHREADS];
    struct job jobs[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        jobs[i].start = i * CHUNK;
        pthread_create(&t[i], NULL, sum_chunk, &jobs[i]);
    }
    long total = 0;
    for (int i = 0; i < NTHREADS; i++) {
        pthread_join(t[i], NULL);
        total += jobs[i].sum;
    }
    printf("total %ld\n", total);
    return 0;
}
