/* Command-line options are stored in a global config that the workers read. `verbose` is set
 * after the workers were created, so main's write races with the workers' reads. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

struct config {
    int verbose;
    int retries;
};

static struct config cfg = { .retries = 3 };

static void *fetch(void *arg)
{
    long id = (long)(size_t)arg;
    long logged = 0;
    for (int attempt = 0; attempt < 1000; attempt++)
        if (cfg.verbose) // expect: CC201
            logged += id;
    return (void *)(size_t)logged;
}

int main(int argc, char **argv)
{
    pthread_t t[3];
    for (long i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, fetch, (void *)(size_t)i);
    cfg.verbose = argc > 1 && strcmp(argv[1], "-v") == 0 ? 1 : 2;
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    printf("retries %d\n", cfg.retries);
    return 0;
}
