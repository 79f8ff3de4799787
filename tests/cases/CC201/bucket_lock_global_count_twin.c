/* A hash set with one mutex per bucket. Inserts lock their bucket for the bucket's own count and
 * take the table-wide `count_mu` for the global `total_entries`, so every update of the global
 * holds the same lock. No race. */
#include <pthread.h>
#include <stdio.h>

#define NBUCKETS 8

struct bucket {
    pthread_mutex_t mu;
    int count;
};

static struct bucket table[NBUCKETS];
static pthread_mutex_t count_mu = PTHREAD_MUTEX_INITIALIZER;
static long total_entries;

static void set_insert(unsigned key)
{
    struct bucket *b = &table[key % NBUCKETS];
    pthread_mutex_lock(&b->mu);
    b->count++;
    pthread_mutex_unlock(&b->mu);
    pthread_mutex_lock(&count_mu);
    total_entries++;
    pthread_mutex_unlock(&count_mu);
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
