/* A reader thread goes through the cache while a flusher thread flushes the database. */
#include "store.h"

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *reader(void *arg)
{
    int *sum = arg;
    for (int k = 0; k < 4; k++)
        *sum += cache_get(k);
    return NULL;
}

static void *flusher(void *arg)
{
    (void)arg;
    usleep(10000); /* runs a little after the other thread */
    db_flush();
    return NULL;
}

int main(void)
{
    int sum = 0;
    pthread_t r, f;
    pthread_create(&r, NULL, reader, &sum);
    pthread_create(&f, NULL, flusher, NULL);
    pthread_join(r, NULL);
    pthread_join(f, NULL);
    printf("sum %d\n", sum);
    return 0;
}
