/* A two-lock queue: producers hold `tail_mu` to move the tail, consumers hold `head_mu` to move
 * the head. The shared element count is updated under whichever end's lock the thread holds, so
 * the two sides share no lock and their updates of `size` race. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t head_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t tail_mu = PTHREAD_MUTEX_INITIALIZER;
static long head_pos, tail_pos;
static long size;

static void *producer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 1000; i++) {
        pthread_mutex_lock(&tail_mu);
        tail_pos++;
        size++;
        pthread_mutex_unlock(&tail_mu);
    }
    return NULL;
}

static void *consumer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 1000; i++) {
        pthread_mutex_lock(&head_mu);
        head_pos++;
        size--; // expect: CC201
        pthread_mutex_unlock(&head_mu);
    }
    return NULL;
}

int main(void)
{
    pthread_t p, c;
    pthread_create(&p, NULL, producer, NULL);
    pthread_create(&c, NULL, consumer, NULL);
    pthread_join(p, NULL);
    pthread_join(c, NULL);
    printf("head %ld tail %ld size %ld\n", head_pos, tail_pos, size);
    return 0;
}
