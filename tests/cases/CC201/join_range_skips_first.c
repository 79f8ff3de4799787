/* Thumbnail workers write their own slot `sizes[i]`. The join loop starts at 1 instead of 0, so
 * thread 0 is never joined and main's later read of `sizes[0]` races with its write. */
#include <pthread.h>
#include <stdio.h>

#define NTHREADS 4

static long sizes[NTHREADS];

static void *render(void *arg)
{
    long *size = arg;
    long px = 0;
    for (int y = 0; y < 64; y++)
        for (int x = 0; x < 64; x++)
            px += (x ^ y) & 1;
    *size = px; // expect: CC201
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, render, &sizes[i]);
    for (int i = 1; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    long total = 0;
    for (int i = 0; i < NTHREADS; i++)
        total += sizes[i];
    printf("%ld pixels\n", total);
    return 0;
}
