/* A supervisor with a watchdog thread starts a helper program; the child prints a log line
 * (stdio takes a lock) before it execs. */
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
    pid_t pid = fork(); // expect: CC304
    if (pid == 0) {
        fprintf(stderr, "starting helper\n");
        execl("/usr/bin/helper", "helper", (char *)NULL);
        _exit(127);
    }
    waitpid(pid, NULL, 0);
    return 0;
}
