/* Packet counters guarded by a pthread spinlock. The stats thread resets the per-interval count
 * to zero without taking the spinlock, so its store races with the receivers' locked increments. */
#include <pthread.h>
#include <stdio.h>

static pthread_spinlock_t pkt_lock;
static long interval_packets;
static long total_packets;

static void *receiver(void *arg)
{
    (void)arg;
    for (int i = 0; i < 1000; i++) {
        pthread_spin_lock(&pkt_lock);
        interval_packets++;
        total_packets++;
        pthread_spin_unlock(&pkt_lock);
    }
    return NULL;
}

static void *stats(void *arg)
{
    (void)arg;
    for (int tick = 0; tick < 100; tick++)
        interval_packets = 0; // expect: CC201
    return NULL;
}

int main(void)
{
    pthread_spin_init(&pkt_lock, PTHREAD_PROCESS_PRIVATE);
    pthread_t r[2], s;
    for (int i = 0; i < 2; i++)
        pthread_create(&r[i], NULL, receiver, NULL);
    pthread_create(&s, NULL, stats, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(r[i], NULL);
    pthread_join(s, NULL);
    printf("%ld total, %ld this interval\n", total_packets, interval_packets);
    pthread_spin_destroy(&pkt_lock);
    return 0;
}
