/* A bounded ring push with the usual `goto out; out: unlock` error path. The drop counter is
 * bumped AFTER the unlock at `out:`, so it is updated without the lock and races. */
#include <pthread.h>
#include <stdio.h>

#define RING 64

static pthread_mutex_t ring_mu = PTHREAD_MUTEX_INITIALIZER;
static int ring[RING];
static int ring_len;
static long dropped;

static int ring_push(int v)
{
    int rc = 0;
    pthread_mutex_lock(&ring_mu);
    if (ring_len == RING) {
        rc = -1;
        goto out;
    }
    ring[ring_len++] = v;
out:
    pthread_mutex_unlock(&ring_mu);
    if (rc)
        dropped++; // expect: CC201
    return rc;
}

static void *producer(void *arg)
{
    int base = (int)(size_t)arg;
    for (int k = 0; k < 1000; k++)
        ring_push(base + k);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, producer, (void *)(size_t)0);
    pthread_create(&b, NULL, producer, (void *)(size_t)100000);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%d queued, %ld dropped\n", ring_len, dropped);
    return 0;
}
