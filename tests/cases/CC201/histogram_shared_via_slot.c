/* Each thread gets its own argument slot `&args[i]`, but every slot's `hist` pointer is set to
 * the same histogram, so the threads' bucket increments race through it. */
#include <pthread.h>
#include <stdio.h>

#define NTHREADS 3
#define NBUCKETS 16

struct histogram {
    unsigned bucket[NBUCKETS];
};

struct worker_arg {
    unsigned seed;
    struct histogram *hist;
};

static void *sample(void *p)
{
    struct worker_arg *a = p;
    unsigned x = a->seed;
    for (int i = 0; i < 1000; i++) {
        x = x * 1664525u + 1013904223u;
        a->hist->bucket[x >> 28]++; // expect: CC201
    }
    return NULL;
}

int main(void)
{
    static struct histogram shared;
    struct worker_arg args[NTHREADS];
    pthread_t t[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        args[i].seed = 17u * (unsigned)i + 1;
        args[i].hist = &shared;
        pthread_create(&t[i], NULL, sample, &args[i]);
    }
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    for (int b = 0; b < NBUCKETS; b++)
        printf("%u ", shared.bucket[b]);
    printf("\n");
    return 0;
}
