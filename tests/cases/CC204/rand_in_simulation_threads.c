/* Monte Carlo threads draw from rand(). glibc's rand takes a lock (MT-Safe), but POSIX does not
 * require rand to be thread-safe, so on other C libraries the threads corrupt its state. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NTHREADS 4
#define DRAWS 100000

static void *estimate(void *arg)
{
    long *hits = arg;
    for (int i = 0; i < DRAWS; i++) {
        double x = rand() / (double)RAND_MAX; // expect: CC204 "POSIX does not require"
        double y = rand() / (double)RAND_MAX; // expect: CC204
        if (x * x + y * y <= 1.0)
            (*hits)++;
    }
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    long hits[NTHREADS] = {0};
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
