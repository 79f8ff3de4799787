/* ATM withdrawals: the balance is read and the new balance written while `acct_mu` is held; the
 * unlock comes after the write. No race. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t acct_mu = PTHREAD_MUTEX_INITIALIZER;
static long balance = 100000;

static void *teller(void *arg)
{
    long amount = (long)(size_t)arg;
    for (int i = 0; i < 1000; i++) {
        pthread_mutex_lock(&acct_mu);
        long current = balance;
        if (current >= amount)
            balance = current - amount;
        pthread_mutex_unlock(&acct_mu);
    }
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, teller, (void *)(size_t)20);
    pthread_create(&b, NULL, teller, (void *)(size_t)30);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("balance %ld\n", balance);
    return 0;
}
