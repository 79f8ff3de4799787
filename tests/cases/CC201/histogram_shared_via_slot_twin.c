/* Each thread gets its own argument slot `&args[i]`, and each slot's `hist` pointer is set to its
 * own histogram `&hists[i]`; main merges them after joining. No race. */
/* concur-case: known-miss a two-level hand-out (`args[i].hist = &hists[i]`, then `a->hist->bucket[...]`) is not followed as per-copy */
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
        a->hist->bucket[x >> 28]++;
    }
    return NULL;
}

int main(void)
{
    static struct histogram hists[NTHREADS];
    struct worker_arg args[NTHREADS];
    pthread_t t[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        args[i].seed = 17u * (unsigned)i + 1;
        args[i].hist = &hists[i];
        pthread_create(&t[i], NULL, sample, &args[i]);
    }
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    for (int b = 0; b < NBUCKETS; b++)
        printf("%u ", hists[0].bucket[b] + hists[1].bucket[b] + hists[2].bucket[b]);
    printf("\n");
    return 0;
}
