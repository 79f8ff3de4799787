/* Connection threads report failed opens with strerror_r into a buffer of their own. */
#define _GNU_SOURCE /* the GNU strerror_r, which returns the message */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void *open_target(void *arg)
{
    int fd = open(arg, O_RDONLY);
    if (fd < 0) {
        char msg[128];
        fprintf(stderr, "%s: %s\n", (char *)arg, strerror_r(errno, msg, sizeof msg));
        return NULL;
    }
    close(fd);
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t t[16];
    int n = argc - 1 < 16 ? argc - 1 : 16;
    for (int i = 0; i < n; i++)
        pthread_create(&t[i], NULL, open_target, argv[i + 1]);
    for (int i = 0; i < n; i++)
        pthread_join(t[i], NULL);
    return 0;
}
