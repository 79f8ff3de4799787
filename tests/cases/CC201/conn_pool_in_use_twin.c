/* A connection pool tracks how many connections are checked out in an `atomic_int` field,
 * updated with atomic_fetch_add / atomic_fetch_sub. No race. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

struct pool {
    int size;
    atomic_int in_use;
};

static void pool_get(struct pool *p) { atomic_fetch_add(&p->in_use, 1); }

static void pool_put(struct pool *p) { atomic_fetch_sub(&p->in_use, 1); }

static void *client(void *arg)
{
    struct pool *p = arg;
    for (int q = 0; q < 200; q++) {
        pool_get(p);
        pool_put(p);
    }
    return NULL;
}

int main(void)
{
    struct pool db = { .size = 8 };
    pthread_t c[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&c[i], NULL, client, &db);
    for (int i = 0; i < 4; i++)
        pthread_join(c[i], NULL);
    printf("%d of %d in use\n", (int)db.in_use, db.size);
    return 0;
}
