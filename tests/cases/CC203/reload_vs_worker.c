/* Main reloads the configuration while a worker runs: main holds `cfg_mu` and then takes
 * `stats_mu` to reset the counters; the worker holds `stats_mu` and then takes `cfg_mu` to read
 * the limit. Both run at the same time: inversion (the worker's inner acquisition is first in the
 * file, main's is later). */
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
    pthread_create(&w, NULL, worker, NULL);
    pthread_mutex_lock(&cfg_mu);
    limit = 20;
    pthread_mutex_lock(&stats_mu); // expect: CC203
    served = 0;
    pthread_mutex_unlock(&stats_mu);
    pthread_mutex_unlock(&cfg_mu);
    pthread_join(w, NULL);
    printf("limit %d, served %ld\n", limit, served);
    return 0;
}
