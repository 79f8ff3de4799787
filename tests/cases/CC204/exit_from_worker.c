/* A worker thread calls exit() on a fatal error while other workers run: exit runs the atexit
 * handlers and flushes stdio while they keep using them. glibc marks exit MT-Unsafe
 * (race:exit); POSIX does not list it. */
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
        exit(1); // expect: CC204 "POSIX does not list it"
    }
    fclose(f);
    return NULL;
}

int main(void)
{
    pthread_t t[NSHARDS];
    for (int i = 0; i < NSHARDS; i++)
        pthread_create(&t[i], NULL, load_shard, (void *)shards[i]);
    for (int i = 0; i < NSHARDS; i++)
        pthread_join(t[i], NULL);
    return 0;
}
