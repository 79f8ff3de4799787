/* Network receive threads add the size of every packet to a plain `long` total: `+=` on an
 * ordinary object is a separate load and store, so the updates race. */
#include <pthread.h>
#include <stdio.h>

#define NRX 3

static long bytes_in;

static void *receive(void *arg)
{
    long mtu = (long)(size_t)arg;
    for (int pkt = 0; pkt < 1000; pkt++)
        bytes_in += mtu - pkt % 64; // expect: CC201
    return NULL;
}

int main(void)
{
    pthread_t rx[NRX];
    for (int i = 0; i < NRX; i++)
        pthread_create(&rx[i], NULL, receive, (void *)(size_t)1500);
    for (int i = 0; i < NRX; i++)
        pthread_join(rx[i], NULL);
    printf("%ld bytes\n", (long)bytes_in);
    return 0;
}
