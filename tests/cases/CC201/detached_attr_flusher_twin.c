/* A log flusher thread created joinable (through its attributes) bumps `lines_flushed`. Main
 * joins the writer and the flusher before reading the counters. No race. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static long lines_written;
static long lines_flushed;

static void *writer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 20000; i++) {
        pthread_mutex_lock(&log_mu);
        lines_written++;
        pthread_mutex_unlock(&log_mu);
    }
    return NULL;
}

static void *flusher(void *arg)
{
    (void)arg;
    for (int i = 0; i < 50; i++)
        lines_flushed += 8;
    return NULL;
}

int main(void)
{
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_JOINABLE);
    pthread_t f, w;
    pthread_create(&f, &attr, flusher, NULL);
    pthread_attr_destroy(&attr);
    pthread_create(&w, NULL, writer, NULL);
    pthread_join(w, NULL);
    pthread_join(f, NULL);
    printf("%ld written, %ld flushed\n", lines_written, lines_flushed);
    return 0;
}
