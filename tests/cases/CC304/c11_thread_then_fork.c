/* A C11 thread prefetches a file while main forks a child that parses arguments with stdio. */
#include <stdio.h>
#include <sys/wait.h>
#include <threads.h>
#include <unistd.h>

static int prefetch(void *arg)
{
    FILE *f = fopen(arg, "r");
    if (f) {
        char buf[4096];
        while (fread(buf, 1, sizeof buf, f) > 0) {
        }
        fclose(f);
    }
    return 0;
}

int main(int argc, char **argv)
{
    thrd_t t;
    thrd_create(&t, prefetch, argc > 1 ? argv[1] : "/etc/hosts");
    pid_t pid = fork(); // expect: CC304
    if (pid == 0) {
        printf("child %d\n", argc);
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    thrd_join(t, NULL);
    return 0;
}
