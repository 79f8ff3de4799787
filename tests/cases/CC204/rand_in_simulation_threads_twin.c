/* Monte Carlo threads draw from rand_r with a seed of their own. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NTHREADS 4
#define DRAWS 100000

struct job {
    unsigned seed;
    long hits;
};

static void *estimate(void *arg)
{
    struct job *j = arg;
    for (int i = 0; i < DRAWS; i++) {
        double x = rand_r(&j->seed) / (double)RAND_MAX;
        double y = rand_r(&j->seed) / (double)RAND_MAX;
        if (x * x + y * y <= 1.0)
            j->hits++;
    }
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    struct job jobs[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        jobs[i].seed = (unsigned)i + 1;
        jobs[i].hits = 0;
        pthread_create(&t[i], NULL, estimate, &jobs[i]);
    }
    long total = 0;
    for (int i = 0; i < NTHREADS; i++) {
        pthread_join(t[i], NULL);
        total += jobs[i].hits;
    }
    printf("pi ~ %f\n", 4.0 * total / (NTHREADS * DRAWS));
    return 0;
}
