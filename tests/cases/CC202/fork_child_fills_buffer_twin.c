/* The parent maps a shared results buffer, forks a child to fill it, and prints it after the
 * child exits: MAP_SHARED pages are the same in both processes. */
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define N 8

int main(void)
{
    long *squares = mmap(NULL, N * sizeof *squares, PROT_READ | PROT_WRITE,
                         MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    pid_t pid = fork();
    if (pid == 0) {
        for (int i = 0; i < N; i++)
            squares[i] = (long)i * i;
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    for (int i = 0; i < N; i++)
        printf("%ld\n", squares[i]);
    munmap(squares, N * sizeof *squares);
    return 0;
}
