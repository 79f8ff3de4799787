/* A maintenance tool runs a backup (locks `catalog_mu` then `blobs_mu`) and a migration (locks
 * `blobs_mu` then `catalog_mu`). It starts both and then joins both, so they overlap: inversion. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t catalog_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t blobs_mu = PTHREAD_MUTEX_INITIALIZER;
static int catalog_version = 1, blobs_version = 1;

static void *backup(void *arg)
{
    int *snapshot = arg;
    pthread_mutex_lock(&catalog_mu);
    pthread_mutex_lock(&blobs_mu);
    *snapshot = catalog_version * 100 + blobs_version;
    pthread_mutex_unlock(&blobs_mu);
    pthread_mutex_unlock(&catalog_mu);
    return NULL;
}

static void *migrate(void *arg)
{
    (void)arg;
    usleep(10000); /* runs a little after the other thread */
    pthread_mutex_lock(&blobs_mu);
    blobs_version++;
    pthread_mutex_lock(&catalog_mu); // expect: CC203
    catalog_version++;
    pthread_mutex_unlock(&catalog_mu);
    pthread_mutex_unlock(&blobs_mu);
    return NULL;
}

int main(void)
{
    int snapshot = 0;
    pthread_t b, m;
    pthread_create(&b, NULL, backup, &snapshot);
    pthread_create(&m, NULL, migrate, NULL);
    pthread_join(b, NULL);
    pthread_join(m, NULL);
    printf("snapshot %d, now %d/%d\n", snapshot, catalog_version, blobs_version);
    return 0;
}
