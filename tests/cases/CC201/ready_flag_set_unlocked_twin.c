/* Start-up handshake: the loader thread sets `config_ready` and signals, the workers wait for it
 * with a condition-variable loop under `ready_mu`. The loader sets the flag while holding the
 * mutex, so every access to it holds `ready_mu`. No race. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t ready_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready_cv = PTHREAD_COND_INITIALIZER;
static int config_ready;

static void *worker(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&ready_mu);
    while (!config_ready)
        pthread_cond_wait(&ready_cv, &ready_mu);
    pthread_mutex_unlock(&ready_mu);
    return NULL;
}

static void *loader(void *arg)
{
    (void)arg;
    for (volatile int parse = 0; parse < 100000; parse++)
        ;
    pthread_mutex_lock(&ready_mu);
    config_ready = 1;
    pthread_cond_broadcast(&ready_cv);
    pthread_mutex_unlock(&ready_mu);
    return NULL;
}

int main(void)
{
    pthread_t w[2], l;
    for (int i = 0; i < 2; i++)
        pthread_create(&w[i], NULL, worker, NULL);
    pthread_create(&l, NULL, loader, NULL);
    pthread_join(l, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(w[i], NULL);
    puts("all workers started");
    return 0;
}
