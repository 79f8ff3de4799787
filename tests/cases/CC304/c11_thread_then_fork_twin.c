/* The C11 prefetch thread is joined before main forks the child. */
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
    thrd_join(t, NULL);
    pid_t pid = fork();
    if (pid == 0) {
        printf("child %d\n", argc);
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    return 0;
}
