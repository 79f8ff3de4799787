/* The child downloads a file and records its size in a global stats struct; the parent prints
 * stats.bytes, which the child changed only in its own memory. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

struct stats {
    long files;
    long bytes;
};

static struct stats stats = {.files = 1};

static long download(const char *url)
{
    return (long)sizeof url * 100;
}

int main(int argc, char **argv)
{
    pid_t pid = fork();
    if (pid == 0) {
        stats.bytes = download(argc > 1 ? argv[1] : "http://example.com"); // expect: CC202
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    printf("%ld files, %ld bytes\n", stats.files, stats.bytes);
    return 0;
}
