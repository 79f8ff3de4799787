/* The textbook deadlock: `transfer(from, to)` locks `from->mu` then `to->mu`. One teller moves
 * money from checking to savings while another moves it from savings to checking, so the two
 * accounts' locks are taken in both orders (both inner acquisitions are the same line). */
/* concur-case: known-miss `from->mu` and `to->mu` are one abstract lock (unification merges the accounts); the inversion needs per-call-site lock identity */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

struct account {
    pthread_mutex_t mu;
    long balance;
};

static struct account checking = { PTHREAD_MUTEX_INITIALIZER, 500 };
static struct account savings = { PTHREAD_MUTEX_INITIALIZER, 500 };

static void transfer(struct account *from, struct account *to, long amount)
{
    pthread_mutex_lock(&from->mu);
    pthread_mutex_lock(&to->mu); // expect: CC203
    from->balance -= amount;
    to->balance += amount;
    pthread_mutex_unlock(&to->mu);
    pthread_mutex_unlock(&from->mu);
}

static void *save(void *arg)
{
    (void)arg;
    transfer(&checking, &savings, 50);
    return NULL;
}

static void *spend(void *arg)
{
    (void)arg;
    usleep(10000); /* runs a little after the other thread */
    transfer(&savings, &checking, 20);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, save, NULL);
    pthread_create(&b, NULL, spend, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("checking %ld, savings %ld\n", checking.balance, savings.balance);
    return 0;
}
