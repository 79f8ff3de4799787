/* A hash set with one mutex per bucket. Inserts lock only their bucket, yet also bump the
 * table-wide `total_entries`: two inserts into different buckets hold different locks, so the
 * global count races (a bucket's lock guards only that bucket). */
/* concur-case: known-miss the per-bucket mutexes `&buckets[i].mu` are one abstract lock (array elements share a node), so two inserts look as if they held the same lock */
#include <pthread.h>
#include <stdio.h>

#define NBUCKETS 8

struct bucket {
    pthread_mutex_t mu;
    int count;
};

static struct bucket table[NBUCKETS];
static long total_entries;

static void set_insert(unsigned key)
{
    struct bucket *b = &table[key % NBUCKETS];
    pthread_mutex_lock(&b->mu);
    b->count++;
    total_entries++; // expect: CC201
    pthread_mutex_unlock(&b->mu);
}

static void *inserter(void *arg)
{
    unsigned base = (unsigned)(size_t)arg;
    for (unsigned k = 0; k < 1000; k++)
        set_insert(base + k * 7);
    return NULL;
}

int main(void)
{
    for (int i = 0; i < NBUCKETS; i++)
        pthread_mutex_init(&table[i].mu, NULL);
    pthread_t a, b;
    pthread_create(&a, NULL, inserter, (void *)(size_t)0);
    pthread_create(&b, NULL, inserter, (void *)(size_t)3);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%ld entries\n", total_entries);
    return 0;
}
