/* Lock-contention profiling: when trylock fails the worker blocks on the lock and counts the
 * contention once it holds it. Both `contended` and `total_ops` are updated with the lock held
 * (trylock's success edge, or the blocking lock on the failure path). No race. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t stats_mu = PTHREAD_MUTEX_INITIALIZER;
static long total_ops;
static long contended;

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 20000; i++) {
        if (pthread_mutex_trylock(&stats_mu) != 0) {
            pthread_mutex_lock(&stats_mu);
            contended++;
        }
        total_ops++;
        for (volatile int update = 0; update < 300; update++)
            ;
        pthread_mutex_unlock(&stats_mu);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    printf("%ld ops, %ld contended\n", total_ops, contended);
    return 0;
}
