/* A Monte Carlo estimate of pi: each thread draws points from a linear congruential generator
 * whose state is one `static` seed. All threads update the same seed: race on `seed`. */
#include <pthread.h>
#include <stdio.h>

#define NTHREADS 4
#define DRAWS 1000

static unsigned seed = 12345;

static double next_unit(void)
{
    unsigned next = seed * 1103515245u + 12345u;
    seed = next; // expect: CC201
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
