/* The parent, not the child, updates the counter (on the pid > 0 side); the child only reads
 * it. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static int started;

int main(void)
{
    for (int i = 0; i < 3; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            printf("child %d of %d\n", i, started);
            fflush(stdout);
            _exit(0);
        }
        if (pid > 0)
            started++;
    }
    while (wait(NULL) > 0) {
    }
    printf("%d started\n", started);
    return 0;
}
