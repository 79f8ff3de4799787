/* The child runs process_batch(), which counts processed records in a global; the parent
 * reports the global after the child is done. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static long processed;

static void process_batch(int n)
{
    for (int i = 0; i < n; i++)
        processed++; // expect: CC202 "in `process_batch()`"
}

int main(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        process_batch(1000);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    printf("%ld records\n", processed);
    return 0;
}
