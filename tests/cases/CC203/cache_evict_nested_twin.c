/* The lookup path holds `index_mu` and then takes `lru_mu`. The evictor reads the LRU clock under
 * `lru_mu`, RELEASES it, and then takes `index_mu` to unlink the victim: it never holds both, so
 * there is only one order. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t index_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lru_mu = PTHREAD_MUTEX_INITIALIZER;
static int index_size = 64;
static int lru_clock;

static void *lookup(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&index_mu);
    if (index_size > 0) {
        pthread_mutex_lock(&lru_mu);
        lru_clock++;
        pthread_mutex_unlock(&lru_mu);
    }
    pthread_mutex_unlock(&index_mu);
    return NULL;
}

static void *evict(void *arg)
{
    (void)arg;
    usleep(10000); /* runs a little after the other thread */
    pthread_mutex_lock(&lru_mu);
    int victim_age = lru_clock;
    pthread_mutex_unlock(&lru_mu);
    pthread_mutex_lock(&index_mu);
    if (victim_age >= 0)
        index_size--;
    pthread_mutex_unlock(&index_mu);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, lookup, NULL);
    pthread_create(&b, NULL, evict, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%d entries, clock %d\n", index_size, lru_clock);
    return 0;
}
