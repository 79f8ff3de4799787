/* A ledger service with two locks, always taken in the same order: `accounts_mu` before
 * `ledger_mu`, by the audit thread and by the posting thread. No cycle, no inversion. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t accounts_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t ledger_mu = PTHREAD_MUTEX_INITIALIZER;
static long balances_total = 5000;
static long ledger_entries;

static void *audit(void *arg)
{
    long *seen = arg;
    pthread_mutex_lock(&accounts_mu);
    pthread_mutex_lock(&ledger_mu);
    *seen = balances_total + ledger_entries;
    pthread_mutex_unlock(&ledger_mu);
    pthread_mutex_unlock(&accounts_mu);
    return NULL;
}

static void *post_entry(void *arg)
{
    (void)arg;
    usleep(10000); /* runs a little after the other thread */
    pthread_mutex_lock(&accounts_mu);
    pthread_mutex_lock(&ledger_mu);
    ledger_entries++;
    balances_total -= 10;
    pthread_mutex_unlock(&ledger_mu);
    pthread_mutex_unlock(&accounts_mu);
    return NULL;
}

int main(void)
{
    long seen = 0;
    pthread_t a, p;
    pthread_create(&a, NULL, audit, &seen);
    pthread_create(&p, NULL, post_entry, NULL);
    pthread_join(a, NULL);
    pthread_join(p, NULL);
    printf("audit saw %ld\n", seen);
    return 0;
}
