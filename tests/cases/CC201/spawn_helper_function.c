/* Threads are started through a small `spawn()` helper that wraps pthread_create and exits on
 * failure. The resize workers it starts all bump `images_done` with no lock: race. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NWORKERS 3

static long images_done;

static pthread_t spawn(void *(*fn)(void *), void *arg)
{
    pthread_t t;
    if (pthread_create(&t, NULL, fn, arg) != 0) {
        perror("pthread_create");
        exit(1);
    }
    return t;
}

static void *resize(void *arg)
{
    (void)arg;
    for (int img = 0; img < 1000; img++)
        images_done++; // expect: CC201
    return NULL;
}

int main(void)
{
    pthread_t t[NWORKERS];
    for (int i = 0; i < NWORKERS; i++)
        t[i] = spawn(resize, NULL);
    for (int i = 0; i < NWORKERS; i++)
        pthread_join(t[i], NULL);
    printf("%ld images\n", images_done);
    return 0;
}
