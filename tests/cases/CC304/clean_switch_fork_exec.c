/* A threaded launcher starts a program with the classic switch on fork(): the child execs at
 * once. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void *monitor(void *arg)
{
    (void)arg;
    for (;;)
        sleep(1);
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t m;
    pthread_create(&m, NULL, monitor, NULL);
    if (argc < 2)
        return 1;
    pid_t pid;
    switch ((pid = fork())) {
    case -1:
        perror("fork");
        exit(1);
    case 0:
        execvp(argv[1], argv + 1);
        _exit(127);
    default:
        break;
    }
    waitpid(pid, NULL, 0);
    return 0;
}
