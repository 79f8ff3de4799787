/* Accounts embed their own mutex: `acct->mu` guards `acct->balance`. `refund` credits the
 * destination account while holding the SOURCE account's lock, so its update of
 * `to->balance` shares no lock with the deposits that hold `to->mu`. */
#include <pthread.h>
#include <stdio.h>

struct account {
    pthread_mutex_t mu;
    long balance;
};

static struct account shop = { PTHREAD_MUTEX_INITIALIZER, 0 };
static struct account customer = { PTHREAD_MUTEX_INITIALIZER, 1000 };

static void deposit(struct account *acct, long amount)
{
    pthread_mutex_lock(&acct->mu);
    acct->balance += amount;
    pthread_mutex_unlock(&acct->mu);
}

static void refund(struct account *from, struct account *to, long amount)
{
    pthread_mutex_lock(&from->mu);
    from->balance -= amount;
    to->balance += amount; // expect: CC201
    pthread_mutex_unlock(&from->mu);
}

static void *payroll(void *arg)
{
    (void)arg;
    for (int i = 0; i < 1000; i++)
        deposit(&customer, 3);
    return NULL;
}

static void *returns_desk(void *arg)
{
    (void)arg;
    for (int i = 0; i < 1000; i++)
        refund(&shop, &customer, 2);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, payroll, NULL);
    pthread_create(&b, NULL, returns_desk, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("shop %ld, customer %ld\n", shop.balance, customer.balance);
    return 0;
}
