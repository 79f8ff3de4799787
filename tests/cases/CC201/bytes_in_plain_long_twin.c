/* Network receive threads add the size of every packet to an `_Atomic long` total: compound
 * assignment on an atomic object is one atomic read-modify-write. No race. */
#include <pthread.h>
#include <stdio.h>

#define NRX 3

static _Atomic long bytes_in;

static void *receive(void *arg)
{
    long mtu = (long)(size_t)arg;
    for (int pkt = 0; pkt < 1000; pkt++)
        bytes_in += mtu - pkt % 64;
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
