/* The child runs a self-test and returns the verdict as its exit status; the parent reads it
 * with waitpid. */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int self_test(void)
{
    return strlen("abc") == 3;
}

int main(void)
{
    int passed = 0, status = 0;
    pid_t pid = fork();
    if (pid == 0)
        _exit(self_test() ? 0 : 1);
    waitpid(pid, &status, 0);
    passed = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!passed)
        fprintf(stderr, "self-test failed\n");
    return passed ? 0 : 1;
}
