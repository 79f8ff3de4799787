/* Two locks, two orders: the flusher takes `buf_mu` then `file_mu`; the compactor takes
 * `file_mu` and then BLOCKS on `buf_mu`. Both block while holding the other's lock: inversion. */
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
    pthread_mutex_lock(&buf_mu); // expect: CC203
    *merged = buffered == 0;
    pthread_mutex_unlock(&buf_mu);
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
