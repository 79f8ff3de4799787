/* Parallel checksum: each thread writes its own slot `results[i]`, but main adds the slots up
 * BEFORE joining, so its reads race with the threads' writes. */
#include <pthread.h>
#include <stdio.h>

#define NTHREADS 4
#define BLOCK 4096

static unsigned char blob[NTHREADS * BLOCK];
static unsigned long results[NTHREADS];

static void *checksum(void *arg)
{
    unsigned long *out = arg;
    int id = (int)(out - results);
    unsigned long sum = 0;
    for (int k = id * BLOCK; k < (id + 1) * BLOCK; k++)
        sum = sum * 31 + blob[k];
    *out = sum; // expect: CC201
    return NULL;
}

int main(void)
{
    for (int k = 0; k < NTHREADS * BLOCK; k++)
        blob[k] = (unsigned char)(k * 7);
    pthread_t t[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, checksum, &results[i]);
    unsigned long total = 0;
    for (int i = 0; i < NTHREADS; i++)
        total ^= results[i];
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    printf("checksum %lx\n", total);
    return 0;
}
