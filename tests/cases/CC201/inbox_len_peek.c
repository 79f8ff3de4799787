/* A mail inbox whose push helper locks internally. The delivery threads only use the helper,
 * but the notifier thread peeks at `inbox.len` directly, without the lock: its read races with
 * the helper's locked update. */
#include <pthread.h>
#include <stdio.h>

#define CAP 4096

struct inbox {
    pthread_mutex_t mu;
    int msgs[CAP];
    int len;
};

static struct inbox inbox = { .mu = PTHREAD_MUTEX_INITIALIZER };

static void inbox_push(struct inbox *box, int msg)
{
    pthread_mutex_lock(&box->mu);
    if (box->len < CAP)
        box->msgs[box->len++] = msg;
    pthread_mutex_unlock(&box->mu);
}

static void *deliver(void *arg)
{
    int from = (int)(size_t)arg;
    for (int i = 0; i < 1000; i++)
        inbox_push(&inbox, from * 10000 + i);
    return NULL;
}

static void *notifier(void *arg)
{
    (void)arg;
    int badges = 0;
    for (int i = 0; i < 1000; i++)
        if (inbox.len > 0) // expect: CC201
            badges++;
    printf("badge shown %d times\n", badges);
    return NULL;
}

int main(void)
{
    pthread_t d1, d2, n;
    pthread_create(&d1, NULL, deliver, (void *)(size_t)1);
    pthread_create(&d2, NULL, deliver, (void *)(size_t)2);
    pthread_create(&n, NULL, notifier, NULL);
    pthread_join(d1, NULL);
    pthread_join(d2, NULL);
    pthread_join(n, NULL);
    printf("%d messages\n", inbox.len);
    return 0;
}
