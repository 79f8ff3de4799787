/* A web server's request counter, bumped by every worker thread under `stats_mu`: every access
 * to `served` holds the same mutex, and main reads it only after joining. No race. */
#include <pthread.h>
#include <stdio.h>

#define NWORKERS 4
#define REQUESTS 1000

static pthread_mutex_t stats_mu = PTHREAD_MUTEX_INITIALIZER;
static long served;

static void *serve(void *arg)
{
    (void)arg;
    for (int i = 0; i < REQUESTS; i++) {
        pthread_mutex_lock(&stats_mu);
        served++;
        pthread_mutex_unlock(&stats_mu);
    }
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
