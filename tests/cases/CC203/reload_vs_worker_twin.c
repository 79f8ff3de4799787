/* Main loads the configuration BEFORE it starts the worker: main holds `cfg_mu` then `stats_mu`
 * and the worker `stats_mu` then `cfg_mu`, but main's nested section ends before the worker
 * exists, so the two orders are never taken concurrently and cannot deadlock. (ThreadSanitizer's
 * lock-order detector still warns here: it records the order graph of the whole run.) */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t cfg_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t stats_mu = PTHREAD_MUTEX_INITIALIZER;
static int limit = 10;
static long served;

static void *worker(void *arg)
{
    (void)arg;
    usleep(10000); /* runs a little after the other thread */
    pthread_mutex_lock(&stats_mu);
    served++;
    pthread_mutex_lock(&cfg_mu);
    if (served > limit)
        served = 0;
    pthread_mutex_unlock(&cfg_mu);
    pthread_mutex_unlock(&stats_mu);
    return NULL;
}

int main(void)
{
    pthread_t w;
    pthread_mutex_lock(&cfg_mu);
    limit = 20;
    pthread_mutex_lock(&stats_mu);
    served = 0;
    pthread_mutex_unlock(&stats_mu);
    pthread_mutex_unlock(&cfg_mu);
    pthread_create(&w, NULL, worker, NULL);
    pthread_join(w, NULL);
    printf("limit %d, served %ld\n", limit, served);
    return 0;
}
