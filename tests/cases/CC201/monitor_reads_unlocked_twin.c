/* Upload workers count finished chunks under `progress_mu`; the progress monitor thread takes the
 * same lock to read the count. No race. */
#include <pthread.h>
#include <stdio.h>

#define NUPLOADERS 3

static pthread_mutex_t progress_mu = PTHREAD_MUTEX_INITIALIZER;
static long chunks_done;

static void *upload(void *arg)
{
    (void)arg;
    for (int i = 0; i < 500; i++) {
        pthread_mutex_lock(&progress_mu);
        chunks_done++;
        pthread_mutex_unlock(&progress_mu);
    }
    return NULL;
}

static void *monitor(void *arg)
{
    (void)arg;
    long changes = 0, last = -1;
    for (int i = 0; i < 500; i++) {
        pthread_mutex_lock(&progress_mu);
        long now = chunks_done;
        pthread_mutex_unlock(&progress_mu);
        if (now != last) {
            changes++;
            last = now;
        }
    }
    printf("progress changed %ld times\n", changes);
    return NULL;
}

int main(void)
{
    pthread_t up[NUPLOADERS], mon;
    pthread_create(&mon, NULL, monitor, NULL);
    for (int i = 0; i < NUPLOADERS; i++)
        pthread_create(&up[i], NULL, upload, NULL);
    for (int i = 0; i < NUPLOADERS; i++)
        pthread_join(up[i], NULL);
    pthread_join(mon, NULL);
    printf("%ld chunks\n", chunks_done);
    return 0;
}
