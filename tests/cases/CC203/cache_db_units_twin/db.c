/* The database flush updates the rows under `db_mu`, releases it, and only then invalidates the
 * cache: it never holds db_mu while taking the cache lock, so the only order is cache -> db (the
 * cache's miss path in cache.c). No inversion. */
#include "store.h"

#include <pthread.h>

static pthread_mutex_t db_mu = PTHREAD_MUTEX_INITIALIZER;
static int rows[16];

int db_read(int key)
{
    pthread_mutex_lock(&db_mu);
    int v = rows[key & 15];
    pthread_mutex_unlock(&db_mu);
    return v;
}

void db_flush(void)
{
    pthread_mutex_lock(&db_mu);
    for (int k = 0; k < 16; k++)
        rows[k]++;
    pthread_mutex_unlock(&db_mu);
    for (int k = 0; k < 16; k++)
        cache_invalidate(k);
}
