/* Per-request statistics in one global struct: both the byte total and the request count are
 * updated before the unlock, so every access to either field holds `stats_mu`. No race. */
#include <pthread.h>
#include <stdio.h>

struct stats {
    long requests;
    long bytes;
};

static pthread_mutex_t stats_mu = PTHREAD_MUTEX_INITIALIZER;
static struct stats stats;

static void *handle_requests(void *arg)
{
    long size = (long)(size_t)arg;
    for (int i = 0; i < 1000; i++) {
        pthread_mutex_lock(&stats_mu);
        stats.bytes += size;
        stats.requests++;
        pthread_mutex_unlock(&stats_mu);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[3];
    for (long i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, handle_requests, (void *)(size_t)(512 * (i + 1)));
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    printf("%ld requests, %ld bytes\n", stats.requests, stats.bytes);
    return 0;
}
