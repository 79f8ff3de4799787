/* Two locks, two orders, but the compactor only TRIES `buf_mu` while holding `file_mu` and backs
 * off when it is busy. A trylock never blocks, so it cannot close a deadlock cycle. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t buf_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t file_mu = PTHREAD_MUTEX_INITIALIZER;
static int buffered = 10, written;

static void *flusher(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&buf_mu);
    pthread_mutex_lock(&file_mu);
    written += buffered;
    buffered = 0;
    pthread_mutex_unlock(&file_mu);
    pthread_mutex_unlock(&buf_mu);
    return NULL;
}

static void *compactor(void *arg)
{
    int *merged = arg;
    usleep(10000); /* runs a little after the other thread */
    pthread_mutex_lock(&file_mu);
    if (pthread_mutex_trylock(&buf_mu) == 0) {
        *merged = buffered == 0;
        pthread_mutex_unlock(&buf_mu);
    }
    written /= 2;
    pthread_mutex_unlock(&file_mu);
    return NULL;
}

int main(void)
{
    int merged = 0;
    pthread_t f, c;
    pthread_create(&f, NULL, flusher, NULL);
    pthread_create(&c, NULL, compactor, &merged);
    pthread_join(f, NULL);
    pthread_join(c, NULL);
    printf("written %d, merged %d\n", written, merged);
    return 0;
}
