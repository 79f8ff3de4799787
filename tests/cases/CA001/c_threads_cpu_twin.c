/* The twin: the same summing threads also label their slice with strtok, which keeps hidden
 * state and is MT-Unsafe: separate processes (or strtok_r) are the safe choice. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define N 4
#define LEN 50000000

static long partial[N];
static char labels[N][16] = {"a b", "c d", "e f", "g h"};

static void *sum_slice(void *arg)
{
    long k = (long)arg, s = 0;
    for (long i = 0; i < LEN; i++)
        s += (i * (k + 1)) % 7;
    partial[k] = s + (long)strlen(strtok(labels[k], " "));
    return NULL;
}

int main(void)
{
    pthread_t t[N];
    for (long k = 0; k < N; k++)
        pthread_create(&t[k], NULL, sum_slice, (void *)k); // expect-advice: processes
    for (long k = 0; k < N; k++)
        pthread_join(t[k], NULL);
    printf("%ld\n", partial[0] + partial[1] + partial[2] + partial[3]);
    return 0;
}
