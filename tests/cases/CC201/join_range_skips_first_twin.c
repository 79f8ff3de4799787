/* Thumbnail workers write their own slot `sizes[i]`. The join loop runs over the same array and
 * range as the create loop (0..NTHREADS), so every thread is joined before main reads. */
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
    *size = px;
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, render, &sizes[i]);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    long total = 0;
    for (int i = 0; i < NTHREADS; i++)
        total += sizes[i];
    printf("%ld pixels\n", total);
    return 0;
}
