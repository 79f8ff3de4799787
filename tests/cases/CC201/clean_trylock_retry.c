/* A trap: a worker spins on trylock until it succeeds, yielding in between. The loop can only be
 * left on trylock's success edge, so the counter update after it holds the lock. No race. */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static pthread_mutex_t frame_mu = PTHREAD_MUTEX_INITIALIZER;
static long frames_rendered;

static void *render(void *arg)
{
    (void)arg;
    for (int f = 0; f < 1000; f++) {
        while (pthread_mutex_trylock(&frame_mu) != 0)
            sched_yield();
        frames_rendered++;
        pthread_mutex_unlock(&frame_mu);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, render, NULL);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    printf("%ld frames\n", frames_rendered);
    return 0;
}
