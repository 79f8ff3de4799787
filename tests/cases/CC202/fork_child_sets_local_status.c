/* The child runs a self-test and stores the verdict in a local of main; the parent tests that
 * local after waitpid and always sees the value from before the fork. */
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
    int passed = 0;
    pid_t pid = fork();
    if (pid == 0) {
        passed = self_test(); // expect: CC202 "`passed`"
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    if (!passed)
        fprintf(stderr, "self-test failed\n");
    return passed ? 0 : 1;
}
