/* A connection pool tracks how many connections are checked out in a plain `int` field. Client
 * threads check out and return connections concurrently: `in_use` races (the later access, the
 * decrement in `pool_put`, is where it is reported). */
#include <pthread.h>
#include <stdio.h>

struct pool {
    int size;
    int in_use;
};

static void pool_get(struct pool *p) { p->in_use++; }

static void pool_put(struct pool *p) { p->in_use--; } // expect: CC201

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
