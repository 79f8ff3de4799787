/* ATM withdrawals: the balance is read under `acct_mu`, the lock is dropped, and the new balance
 * is written without it. The unlocked write races with other tellers' locked reads and with
 * their own unlocked writes (a classic lost update). */
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
        pthread_mutex_unlock(&acct_mu);
        if (current >= amount)
            balance = current - amount; // expect: CC201
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
