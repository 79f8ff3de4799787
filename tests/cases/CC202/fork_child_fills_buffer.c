/* The parent allocates a results buffer, forks a child to fill it, and prints it after the
 * child exits: the child filled its copy-on-write copy. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define N 8

int main(void)
{
    long *squares = calloc(N, sizeof *squares);
    pid_t pid = fork();
    if (pid == 0) {
        for (int i = 0; i < N; i++)
            squares[i] = (long)i * i; // expect: CC202 "`squares[i]` is assigned"
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    for (int i = 0; i < N; i++)
        printf("%ld\n", squares[i]);
    free(squares);
    return 0;
}
