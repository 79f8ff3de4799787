/* A trap: every worker mallocs its own scratch buffer inside the thread function, fills and
 * reads it, and frees it; the only shared writes go to per-thread slots `&out[i]`. Heap blocks
 * allocated by a thread for itself are not shared. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NWORKERS 4
#define SCRATCH 4096

static long out[NWORKERS];

static void *transform(void *arg)
{
    long *result = arg;
    unsigned char *buf = malloc(SCRATCH);
    if (!buf)
        return NULL;
    memset(buf, 0, SCRATCH);
    for (int i = 0; i < SCRATCH; i++)
        buf[i] = (unsigned char)(i * 13);
    long sum = 0;
    for (int i = 0; i < SCRATCH; i++)
        sum += buf[i];
    free(buf);
    *result = sum;
    return NULL;
}

int main(void)
{
    pthread_t t[NWORKERS];
    for (int i = 0; i < NWORKERS; i++)
        pthread_create(&t[i], NULL, transform, &out[i]);
    for (int i = 0; i < NWORKERS; i++)
        pthread_join(t[i], NULL);
    printf("%ld\n", out[0] + out[1] + out[2] + out[3]);
    return 0;
}
