/* A web server's request counter, bumped by every worker thread with no lock: two workers can
 * read the same old value and lose an update. Race on `served` (worker vs worker). */
#include <pthread.h>
#include <stdio.h>

#define NWORKERS 4
#define REQUESTS 1000

static long served;

static void *serve(void *arg)
{
    (void)arg;
    for (int i = 0; i < REQUESTS; i++)
        served++; // expect: CC201
    return NULL;
}

int main(void)
{
    pthread_t workers[NWORKERS];
    for (int i = 0; i < NWORKERS; i++)
        pthread_create(&workers[i], NULL, serve, NULL);
    for (int i = 0; i < NWORKERS; i++)
        pthread_join(workers[i], NULL);
    printf("served %ld requests\n", served);
    return 0;
}
