/* C threads each sum a slice of a large array: C has no GIL, so threads fit CPU-bound work. */
#include <pthread.h>
#include <stdio.h>

#define N 4
#define LEN 50000000

static long partial[N];

static void *sum_slice(void *arg)
{
    long k = (long)arg, s = 0;
    for (long i = 0; i < LEN; i++)
        s += (i * (k + 1)) % 7;
    partial[k] = s;
    return NULL;
}

int main(void)
{
    pthread_t t[N];
    for (long k = 0; k < N; k++)
        pthread_create(&t[k], NULL, sum_slice, (void *)k); // expect-advice: threads
    for (long k = 0; k < N; k++)
        pthread_join(t[k], NULL);
    printf("%ld\n", partial[0] + partial[1] + partial[2] + partial[3]);
    return 0;
}
