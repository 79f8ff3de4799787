/* A thread runs process_batch(), which counts processed records in a global; main reports the
 * global after joining it. Threads share the global. */
#include <pthread.h>
#include <stdio.h>

static long processed;

static void process_batch(int n)
{
    for (int i = 0; i < n; i++)
        processed++;
}

static void *run(void *arg)
{
    (void)arg;
    process_batch(1000);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, run, NULL);
    pthread_join(t, NULL);
    printf("%ld records\n", processed);
    return 0;
}
