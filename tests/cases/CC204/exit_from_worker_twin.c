/* A worker thread that fails returns an error; main exits after joining every worker. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NSHARDS 4

static const char *const shards[NSHARDS] = {"shard0.dat", "shard1.dat", "shard2.dat",
                                            "shard3.dat"};

static void *load_shard(void *arg)
{
    FILE *f = fopen(arg, "r");
    if (!f) {
        perror(arg);
        return (void *)1;
    }
    fclose(f);
    return NULL;
}

int main(void)
{
    pthread_t t[NSHARDS];
    int failed = 0;
    for (int i = 0; i < NSHARDS; i++)
        pthread_create(&t[i], NULL, load_shard, (void *)shards[i]);
    for (int i = 0; i < NSHARDS; i++) {
        void *r;
        pthread_join(t[i], &r);
        failed |= r != NULL;
    }
    if (failed)
        exit(1);
    return 0;
}
