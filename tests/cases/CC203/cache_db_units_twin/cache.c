/* The cache holds `cache_mu` while it fills a miss from the database (cache -> db). */
#include "store.h"

#include <pthread.h>

static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static int cached_key = -1, cached_val;

int cache_get(int key)
{
    pthread_mutex_lock(&cache_mu);
    if (cached_key != key) {
        cached_val = db_read(key);
        cached_key = key;
    }
    int v = cached_val;
    pthread_mutex_unlock(&cache_mu);
    return v;
}

void cache_invalidate(int key)
{
    pthread_mutex_lock(&cache_mu);
    if (cached_key == key)
        cached_key = -1;
    pthread_mutex_unlock(&cache_mu);
}
