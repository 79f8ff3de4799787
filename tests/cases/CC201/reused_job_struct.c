/* Parallel sum that reuses ONE job struct for every thread (a classic bug): main rewrites
 * `job.start` for the next thread while the previous one reads it, and every thread writes its
 * result into the same `job.sum`. Two places race: the start field and the sum field. */
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
    int first = j->start; // expect: CC201
    for (int k = first; k < first + CHUNK; k++)
        s += data[k];
    j->sum = s; // expect: CC201
    return NULL;
}

int main(void)
{
    for (int k = 0; k < NTHREADS * CHUNK; k++)
        data[k] = k % 10;
    pthread_t t[NTHREADS];
    struct job job;
    for (int i = 0; i < NTHREADS; i++) {
        job.start = i * CHUNK;
        pthread_create(&t[i], NULL, sum_chunk, &job);
    }
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    printf("last sum %ld\n", job.sum);
    return 0;
}
