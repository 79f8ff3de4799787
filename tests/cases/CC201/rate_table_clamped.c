/* Exchange rates are loaded before the threads start and read by two quoting threads. The audit
 * thread clamps out-of-range rates in place: its writes race with the quoters' reads. */
#include <pthread.h>
#include <stdio.h>

#define NRATES 64

static int rates[NRATES];

static void *quote(void *arg)
{
    long *sum = arg;
    for (int rep = 0; rep < 100; rep++)
        for (int i = 0; i < NRATES; i++)
            *sum += rates[i];
    return NULL;
}

static void *audit(void *arg)
{
    int *flagged = arg;
    for (int i = 0; i < NRATES; i++)
        if (rates[i] > 1000) {
            rates[i] = 1000; // expect: CC201
            (*flagged)++;
        }
    return NULL;
}

int main(void)
{
    for (int i = 0; i < NRATES; i++)
        rates[i] = 900 + 7 * i;
    long sums[2] = { 0, 0 };
    int flagged = 0;
    pthread_t q[2], a;
    for (int i = 0; i < 2; i++)
        pthread_create(&q[i], NULL, quote, &sums[i]);
    pthread_create(&a, NULL, audit, &flagged);
    for (int i = 0; i < 2; i++)
        pthread_join(q[i], NULL);
    pthread_join(a, NULL);
    printf("%ld %ld, %d flagged\n", sums[0], sums[1], flagged);
    return 0;
}
