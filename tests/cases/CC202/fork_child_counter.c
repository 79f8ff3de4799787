/* Each forked child converts one file and bumps a global count of converted files; the parent
 * prints the count after waiting for all of them and always prints 0. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static int converted;

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            printf("converting %s\n", argv[i]);
            converted++; // expect: CC202 "`converted` is updated in the child"
            fflush(stdout);
            _exit(0);
        }
    }
    while (wait(NULL) > 0) {
    }
    printf("%d files converted\n", converted);
    return 0;
}
