/* One bank account is handed to a depositor and a withdrawer thread through the `void *`
 * argument. Both update `acct->balance` while holding the global `bank_mu`. No race. */
#include <pthread.h>
#include <stdio.h>

struct account {
    long id;
    long balance;
};

static pthread_mutex_t bank_mu = PTHREAD_MUTEX_INITIALIZER;

static void *depositor(void *arg)
{
    struct account *acct = arg;
    for (int i = 0; i < 1000; i++) {
        pthread_mutex_lock(&bank_mu);
        acct->balance += 10;
        pthread_mutex_unlock(&bank_mu);
    }
    return NULL;
}

static void *withdrawer(void *arg)
{
    struct account *acct = arg;
    for (int i = 0; i < 1000; i++) {
        pthread_mutex_lock(&bank_mu);
        if (acct->balance >= 5)
            acct->balance -= 5;
        pthread_mutex_unlock(&bank_mu);
    }
    return NULL;
}

int main(void)
{
    struct account acct = { .id = 7, .balance = 100 };
    pthread_t d, w;
    pthread_create(&d, NULL, depositor, &acct);
    pthread_create(&w, NULL, withdrawer, &acct);
    pthread_join(d, NULL);
    pthread_join(w, NULL);
    printf("account %ld: %ld\n", acct.id, acct.balance);
    return 0;
}
