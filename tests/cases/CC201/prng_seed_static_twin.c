/* A Monte Carlo estimate of pi: the generator's seed is `__thread` (GNU thread-local storage),
 * so each thread advances its own copy. No race. */
#include <pthread.h>
#include <stdio.h>

#define NTHREADS 4
#define DRAWS 1000

static __thread unsigned seed = 12345;

static double next_unit(void)
{
    unsigned next = seed * 1103515245u + 12345u;
    seed = next;
    return (next >> 8) / 16777216.0;
}

static void *estimate(void *arg)
{
    long *hits = arg;
    for (int i = 0; i < DRAWS; i++) {
        double x = next_unit(), y = next_unit();
        *hits += x * x + y * y <= 1.0;
    }
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    long hits[NTHREADS] = { 0 };
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, estimate, &hits[i]);
    long total = 0;
    for (int i = 0; i < NTHREADS; i++) {
        pthread_join(t[i], NULL);
        total += hits[i];
    }
    printf("pi ~ %f\n", 4.0 * total / (NTHREADS * DRAWS));
    return 0;
}
