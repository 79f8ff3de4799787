/* A job queue with a mutex and a condition variable. The consumer waits correctly (a loop
 * around pthread_cond_wait under the mutex) but then unlocks before taking the job, so its
 * update of `njobs` happens without the lock and races with the producer's locked push. */
#include <pthread.h>
#include <stdio.h>

#define QCAP 4096

static pthread_mutex_t q_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_nonempty = PTHREAD_COND_INITIALIZER;
static int jobs[QCAP];
static int njobs;
static int producer_done;

static void *producer(void *arg)
{
    (void)arg;
    for (int j = 0; j < 3000; j++) {
        for (volatile int prepare = 0; prepare < 5000; prepare++)
            ;
        pthread_mutex_lock(&q_mu);
        jobs[njobs++] = j;
        pthread_cond_signal(&q_nonempty);
        pthread_mutex_unlock(&q_mu);
    }
    pthread_mutex_lock(&q_mu);
    producer_done = 1;
    pthread_cond_broadcast(&q_nonempty);
    pthread_mutex_unlock(&q_mu);
    return NULL;
}

static void *consumer(void *arg)
{
    long *sum = arg;
    for (;;) {
        pthread_mutex_lock(&q_mu);
        while (njobs == 0 && !producer_done)
            pthread_cond_wait(&q_nonempty, &q_mu);
        if (njobs == 0) {
            pthread_mutex_unlock(&q_mu);
            break;
        }
        pthread_mutex_unlock(&q_mu);
        njobs--; // expect: CC201
        *sum += 1;
        for (volatile int process = 0; process < 5000; process++)
            ;
    }
    return NULL;
}

int main(void)
{
    long sum = 0;
    pthread_t p, c;
    pthread_create(&c, NULL, consumer, &sum);
    pthread_create(&p, NULL, producer, NULL);
    pthread_join(p, NULL);
    pthread_join(c, NULL);
    printf("consumed %ld, left %d\n", sum, njobs);
    return 0;
}
