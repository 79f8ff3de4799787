/* The report child is forked before the log shipper thread starts: at the fork the process
 * has one thread, so the child's printf and malloc are safe. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int stop;

static void *ship_logs(void *arg)
{
    (void)arg;
    while (!stop) {
        char *line = malloc(128);
        snprintf(line, 128, "log line\n");
        fputs(line, stderr);
        free(line);
    }
    return NULL;
}

int main(void)
{
    pthread_t shipper;
    pid_t pid = fork();
    if (pid == 0) {
        char *report = malloc(256);
        snprintf(report, 256, "report from %d\n", (int)getpid());
        fputs(report, stdout);
        fflush(stdout);
        _exit(0);
    }
    pthread_create(&shipper, NULL, ship_logs, NULL);
    waitpid(pid, NULL, 0);
    stop = 1;
    pthread_join(shipper, NULL);
    return 0;
}
