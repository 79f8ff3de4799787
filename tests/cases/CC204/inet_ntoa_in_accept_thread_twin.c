/* Client threads log their peer address with inet_ntop into a buffer of their own. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>

static void *greet(void *arg)
{
    struct sockaddr_in *peer = arg;
    char buf[INET_ADDRSTRLEN];
    printf("hello %s\n", inet_ntop(AF_INET, &peer->sin_addr, buf, sizeof buf));
    return NULL;
}

int main(void)
{
    struct sockaddr_in peers[2] = {{.sin_family = AF_INET}, {.sin_family = AF_INET}};
    peers[0].sin_addr.s_addr = htonl(0x7f000001);
    peers[1].sin_addr.s_addr = htonl(0x0a000001);
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, greet, &peers[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    return 0;
}
