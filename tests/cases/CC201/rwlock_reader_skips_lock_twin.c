/* Feature flags behind a reader-writer lock: the reloader writes `flags.level` under the write
 * lock and the request handlers read it under the read lock. Shared mode excludes the writer,
 * so the reads do not race with it (nor with each other: they only read). */
#include <pthread.h>
#include <stdio.h>

struct flags {
    int level;
};

static pthread_rwlock_t flags_lock = PTHREAD_RWLOCK_INITIALIZER;
static struct flags flags = { 1 };

static void *reloader(void *arg)
{
    (void)arg;
    for (int gen = 0; gen < 1000; gen++) {
        pthread_rwlock_wrlock(&flags_lock);
        flags.level = gen % 3;
        pthread_rwlock_unlock(&flags_lock);
    }
    return NULL;
}

static void *handler(void *arg)
{
    long *served = arg;
    for (int req = 0; req < 1000; req++) {
        pthread_rwlock_rdlock(&flags_lock);
        int level = flags.level;
        pthread_rwlock_unlock(&flags_lock);
        *served += level;
    }
    return NULL;
}

int main(void)
{
    long served[2] = { 0, 0 };
    pthread_t r, h[2];
    pthread_create(&r, NULL, reloader, NULL);
    for (int i = 0; i < 2; i++)
        pthread_create(&h[i], NULL, handler, &served[i]);
    pthread_join(r, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(h[i], NULL);
    printf("%ld\n", served[0] + served[1]);
    return 0;
}
