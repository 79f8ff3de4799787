/* A supervisor with a watchdog thread starts a helper program; the child only redirects its
 * output with dup2 (async-signal-safe) before it execs. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void *watchdog(void *arg)
{
    (void)arg;
    for (;;) {
        fprintf(stderr, "tick\n");
        sleep(1);
    }
    return NULL;
}

int main(void)
{
    pthread_t w;
    pthread_create(&w, NULL, watchdog, NULL);
    pthread_detach(w);
    int log = open("/tmp/helper.log", O_WRONLY | O_CREAT | O_APPEND, 0644);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(log, 2);
        close(log);
        execl("/usr/bin/helper", "helper", (char *)NULL);
        _exit(127);
    }
    waitpid(pid, NULL, 0);
    return 0;
}
