/* Four indexer threads are started but only the first three are joined before the fork (the
 * join loop has a different bound), so the fourth may still be running. */
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
    for (long i = 0; i < NINDEXERS - 1; i++)
        pthread_join(t[i], NULL);
    pid_t pid = fork(); // expect: CC304
    if (pid == 0) {
        printf("compacting\n");
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    pthread_join(t[NINDEXERS - 1], NULL);
    return 0;
}
