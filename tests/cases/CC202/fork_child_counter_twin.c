/* Each forked child converts one file and bumps a count kept in a MAP_SHARED mapping, which
 * parent and children share; the parent prints it after waiting for all of them. */
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static int *converted;

int main(int argc, char **argv)
{
    converted = mmap(NULL, sizeof *converted, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                     -1, 0);
    for (int i = 1; i < argc; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            printf("converting %s\n", argv[i]);
            __atomic_add_fetch(converted, 1, __ATOMIC_SEQ_CST);
            fflush(stdout);
            _exit(0);
        }
    }
    while (wait(NULL) > 0) {
    }
    printf("%d files converted\n", *converted);
    return 0;
}
