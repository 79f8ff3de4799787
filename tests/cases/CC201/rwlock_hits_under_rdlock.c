/* A DNS cache behind a reader-writer lock. Lookups take the lock in shared (read) mode, which is
 * right for reading the entries, but they also bump the `hits` counter: a write under a read
 * lock, where other readers hold the same lock at the same time. Race on `hits`. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define NENTRIES 4

static pthread_rwlock_t cache_lock = PTHREAD_RWLOCK_INITIALIZER;
static const char *names[NENTRIES] = { "a.example", "b.example", "c.example", "d.example" };
static unsigned addrs[NENTRIES] = { 0x0a000001, 0x0a000002, 0x0a000003, 0x0a000004 };
static long hits;

static unsigned lookup(const char *name)
{
    unsigned addr = 0;
    pthread_rwlock_rdlock(&cache_lock);
    for (int i = 0; i < NENTRIES; i++)
        if (strcmp(names[i], name) == 0) {
            addr = addrs[i];
            hits++; // expect: CC201
        }
    pthread_rwlock_unlock(&cache_lock);
    return addr;
}

static void *resolver(void *arg)
{
    const char *name = arg;
    unsigned acc = 0;
    for (int i = 0; i < 1000; i++)
        acc ^= lookup(name);
    return (void *)(size_t)acc;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, resolver, "b.example");
    pthread_create(&b, NULL, resolver, "c.example");
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%ld hits\n", hits);
    return 0;
}
