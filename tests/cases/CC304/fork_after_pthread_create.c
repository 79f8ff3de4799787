/* A log shipper thread runs while main forks a child that formats and prints a report. The
 * child uses printf and malloc, whose locks the shipper thread may hold at the moment of the
 * fork. */
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
    pthread_create(&shipper, NULL, ship_logs, NULL);
    pid_t pid = fork(); // expect: CC304
    if (pid == 0) {
        char *report = malloc(256);
        snprintf(report, 256, "report from %d\n", (int)getpid());
        fputs(report, stdout);
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    stop = 1;
    pthread_join(shipper, NULL);
    return 0;
}
