/* The database flush holds `db_mu` while it invalidates the cache (db -> cache), the opposite of
 * the cache's miss path (cache -> db, in cache.c). Of the two inner acquisitions, the one in
 * this file is the later by path order (cache.c < db.c), so the inversion is reported here. */
#include "store.h"

#include <pthread.h>

static pthread_mutex_t db_mu = PTHREAD_MUTEX_INITIALIZER;
static int rows[16];

int db_read(int key)
{
    pthread_mutex_lock(&db_mu); // expect: CC203
    int v = rows[key & 15];
    pthread_mutex_unlock(&db_mu);
    return v;
}

void db_flush(void)
{
    pthread_mutex_lock(&db_mu);
    for (int k = 0; k < 16; k++) {
        rows[k]++;
        cache_invalidate(k);
    }
    pthread_mutex_unlock(&db_mu);
}
