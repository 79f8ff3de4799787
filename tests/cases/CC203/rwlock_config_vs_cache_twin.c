/* The reloader holds the config lock for writing and then takes `cache_mu`; a request takes the
 * config lock for reading FIRST and then `cache_mu` — the same order (config before cache) in
 * both threads. No inversion. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_rwlock_t config_lock = PTHREAD_RWLOCK_INITIALIZER;
static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static int ttl = 30;
static int cached = 3;

static void *reload(void *arg)
{
    (void)arg;
    pthread_rwlock_wrlock(&config_lock);
    ttl = 60;
    pthread_mutex_lock(&cache_mu);
    cached = 0;
    pthread_mutex_unlock(&cache_mu);
    pthread_rwlock_unlock(&config_lock);
    return NULL;
}

static void *request(void *arg)
{
    int *expires = arg;
    usleep(10000); /* runs a little after the other thread */
    pthread_rwlock_rdlock(&config_lock);
    pthread_mutex_lock(&cache_mu);
    cached++;
    *expires = ttl;
    pthread_mutex_unlock(&cache_mu);
    pthread_rwlock_unlock(&config_lock);
    return NULL;
}

int main(void)
{
    int expires = 0;
    pthread_t a, b;
    pthread_create(&a, NULL, reload, NULL);
    pthread_create(&b, NULL, request, &expires);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("ttl %d, %d cached\n", expires, cached);
    return 0;
}
