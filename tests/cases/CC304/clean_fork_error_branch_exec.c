/* The error branch of fork (pid < 0) reports with perror in the parent; the child only dups a
 * descriptor and execs. Threads run meanwhile. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void *tick(void *arg)
{
    (void)arg;
    for (;;)
        sleep(1);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, tick, NULL);
    int fds[2];
    if (pipe(fds) != 0)
        return 1;
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        execlp("date", "date", (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    char buf[128];
    ssize_t n = read(fds[0], buf, sizeof buf);
    printf("%zd bytes\n", n);
    waitpid(pid, NULL, 0);
    return 0;
}
