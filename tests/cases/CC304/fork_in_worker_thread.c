/* Worker threads each fork a child to compress a file; the child calls a library function
 * (printf) while the other workers may hold its lock. */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void *compress_one(void *arg)
{
    const char *path = arg;
    pid_t pid = fork(); // expect: CC304
    if (pid == 0) {
        printf("compressing %s\n", path);
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t t[8];
    int n = argc - 1 < 8 ? argc - 1 : 8;
    for (int i = 0; i < n; i++)
        pthread_create(&t[i], NULL, compress_one, argv[i + 1]);
    for (int i = 0; i < n; i++)
        pthread_join(t[i], NULL);
    return 0;
}
