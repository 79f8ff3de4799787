/* An event bus calls its subscriber through a function pointer while holding `bus_mu`; the
 * subscriber (`on_payment`) takes `ledger_mu`: bus -> ledger, through the pointer. The
 * book-closing thread holds `ledger_mu` and asks the bus for its event count, which takes
 * `bus_mu`: ledger -> bus. Inversion (reported in `on_payment`, the later inner acquisition). */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t bus_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t ledger_mu = PTHREAD_MUTEX_INITIALIZER;
static void (*subscriber)(long amount);
static long events;
static long ledger_total;

static void bus_publish(long amount)
{
    pthread_mutex_lock(&bus_mu);
    events++;
    if (subscriber)
        subscriber(amount);
    pthread_mutex_unlock(&bus_mu);
}

static long bus_event_count(void)
{
    pthread_mutex_lock(&bus_mu);
    long n = events;
    pthread_mutex_unlock(&bus_mu);
    return n;
}

static void on_payment(long amount)
{
    pthread_mutex_lock(&ledger_mu); // expect: CC203
    ledger_total += amount;
    pthread_mutex_unlock(&ledger_mu);
}

static void *payments(void *arg)
{
    (void)arg;
    bus_publish(120);
    return NULL;
}

static void *close_books(void *arg)
{
    long *closed_at = arg;
    usleep(10000); /* runs a little after the other thread */
    pthread_mutex_lock(&ledger_mu);
    *closed_at = ledger_total + bus_event_count();
    pthread_mutex_unlock(&ledger_mu);
    return NULL;
}

int main(void)
{
    long closed_at = 0;
    subscriber = on_payment;
    pthread_t a, b;
    pthread_create(&a, NULL, payments, NULL);
    pthread_create(&b, NULL, close_books, &closed_at);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("closed at %ld\n", closed_at);
    return 0;
}
