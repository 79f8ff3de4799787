/* Latency histogram: `record_latency` assumes its caller holds `lat_mu`, and both the request
 * worker and the batch worker call it with the lock held. No race. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lat_mu = PTHREAD_MUTEX_INITIALIZER;
static long total_ms;

/* Caller must hold lat_mu. */
static void record_latency(long ms)
{
    total_ms += ms;
}

static void *request_worker(void *arg)
{
    (void)arg;
    for (long i = 0; i < 1000; i++) {
        pthread_mutex_lock(&lat_mu);
        record_latency(i % 7);
        pthread_mutex_unlock(&lat_mu);
    }
    return NULL;
}

static void *batch_worker(void *arg)
{
    (void)arg;
    for (long i = 0; i < 1000; i++) {
        pthread_mutex_lock(&lat_mu);
        record_latency(i % 11);
        pthread_mutex_unlock(&lat_mu);
    }
    return NULL;
}

int main(void)
{
    pthread_t r, b;
    pthread_create(&r, NULL, request_worker, NULL);
    pthread_create(&b, NULL, batch_worker, NULL);
    pthread_join(r, NULL);
    pthread_join(b, NULL);
    printf("total %ld ms\n", total_ms);
    return 0;
}
