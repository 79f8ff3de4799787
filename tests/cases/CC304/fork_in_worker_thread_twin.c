/* Worker threads each fork a child that execs gzip right away: between fork and exec the child
 * makes no call that could need a lock. */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void *compress_one(void *arg)
{
    const char *path = arg;
    pid_t pid = fork();
    if (pid == 0) {
        execlp("gzip", "gzip", "-k", path, (char *)NULL);
        _exit(127);
    }
    waitpid(pid, NULL, 0);
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t t[8];
    int n = argc - 1 < 8 ? argc - 1 : 8;
    for (int i = 0; i < n; i++)
        pthread_create(&t[i], NULL, compress_one, argv[i + 1]);
    for (int i = 0; i < n; i++)
        pthread_join(t[i], NULL);
    return 0;
}
