/* Locks embedded in structs: the producer holds `q->mu` and records into `st->mu`; the reporter
 * holds `st->mu` and peeks at the queue under `q->mu`. The same two objects' locks are taken in
 * opposite orders. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

struct queue {
    pthread_mutex_t mu;
    int len;
};

struct stats {
    pthread_mutex_t mu;
    long enqueued;
    long max_len;
};

struct shared {
    struct queue q;
    struct stats st;
};

static void *producer(void *arg)
{
    struct shared *s = arg;
    pthread_mutex_lock(&s->q.mu);
    s->q.len++;
    pthread_mutex_lock(&s->st.mu);
    s->st.enqueued++;
    pthread_mutex_unlock(&s->st.mu);
    pthread_mutex_unlock(&s->q.mu);
    return NULL;
}

static void *reporter(void *arg)
{
    struct shared *s = arg;
    usleep(10000); /* runs a little after the other thread */
    pthread_mutex_lock(&s->st.mu);
    pthread_mutex_lock(&s->q.mu); // expect: CC203
    if (s->q.len > s->st.max_len)
        s->st.max_len = s->q.len;
    pthread_mutex_unlock(&s->q.mu);
    pthread_mutex_unlock(&s->st.mu);
    return NULL;
}

int main(void)
{
    struct shared s = { { PTHREAD_MUTEX_INITIALIZER, 0 }, { PTHREAD_MUTEX_INITIALIZER, 0, 0 } };
    pthread_t p, r;
    pthread_create(&p, NULL, producer, &s);
    pthread_create(&r, NULL, reporter, &s);
    pthread_join(p, NULL);
    pthread_join(r, NULL);
    printf("%ld enqueued, max %ld\n", s.st.enqueued, s.st.max_len);
    return 0;
}
