/* A threaded server starts helper programs with posix_spawn, which never runs code of this
 * process in the child. */
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void *serve(void *arg)
{
    (void)arg;
    for (;;)
        sleep(1);
    return NULL;
}

int main(void)
{
    pthread_t s;
    pthread_create(&s, NULL, serve, NULL);
    char *argv[] = {"true", NULL};
    pid_t pid;
    if (posix_spawnp(&pid, "true", NULL, NULL, argv, environ) == 0)
        waitpid(pid, NULL, 0);
    return 0;
}
