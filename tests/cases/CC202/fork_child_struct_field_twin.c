/* The child downloads a file and records its size in a global stats struct; the parent prints
 * only stats.files, a field the child does not touch. */
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
        stats.bytes = download(argc > 1 ? argv[1] : "http://example.com");
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    printf("%ld files\n", stats.files);
    return 0;
}
