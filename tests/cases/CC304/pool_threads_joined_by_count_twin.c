/* All four indexer threads are joined (same bound as the create loop) before the fork. */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define NINDEXERS 4

static void *index_shard(void *arg)
{
    printf("indexing shard %ld\n", (long)arg);
    return NULL;
}

int main(void)
{
    pthread_t t[NINDEXERS];
    for (long i = 0; i < NINDEXERS; i++)
        pthread_create(&t[i], NULL, index_shard, (void *)i);
    for (long i = 0; i < NINDEXERS; i++)
        pthread_join(t[i], NULL);
    pid_t pid = fork();
    if (pid == 0) {
        printf("compacting\n");
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    return 0;
}
