/* A load generator: worker threads are joined, and so is the sampler thread (it is not detached).
 * Main reads `samples_taken` after joining it, so no thread that writes it is live. No race. */
#include <pthread.h>
#include <stdio.h>

#define NWORKERS 2

static pthread_mutex_t work_mu = PTHREAD_MUTEX_INITIALIZER;
static long requests_sent;
static long samples_taken;

static void *send_requests(void *arg)
{
    (void)arg;
    for (int i = 0; i < 20000; i++) {
        pthread_mutex_lock(&work_mu);
        requests_sent++;
        pthread_mutex_unlock(&work_mu);
    }
    return NULL;
}

static void *sampler(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++)
        samples_taken++;
    return NULL;
}

int main(void)
{
    pthread_t s, w[NWORKERS];
    pthread_create(&s, NULL, sampler, NULL);
    for (int i = 0; i < NWORKERS; i++)
        pthread_create(&w[i], NULL, send_requests, NULL);
    for (int i = 0; i < NWORKERS; i++)
        pthread_join(w[i], NULL);
    pthread_join(s, NULL);
    printf("%ld requests, %ld samples\n", requests_sent, samples_taken);
    return 0;
}
