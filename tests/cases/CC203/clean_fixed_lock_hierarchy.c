/* A trap: three locks with a documented hierarchy (session < account < audit), taken nested in
 * several combinations by several threads and helpers, always in hierarchy order. No cycle. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t session_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t account_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t audit_mu = PTHREAD_MUTEX_INITIALIZER;
static long sessions, balance = 100, audit_lines;

static void audit(void)
{
    pthread_mutex_lock(&audit_mu);
    audit_lines++;
    pthread_mutex_unlock(&audit_mu);
}

static void charge(long amount)
{
    pthread_mutex_lock(&account_mu);
    balance -= amount;
    audit();
    pthread_mutex_unlock(&account_mu);
}

static void *checkout(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&session_mu);
    sessions++;
    charge(5);
    pthread_mutex_unlock(&session_mu);
    return NULL;
}

static void *logout(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&session_mu);
    sessions--;
    audit();
    pthread_mutex_unlock(&session_mu);
    return NULL;
}

static void *refund(void *arg)
{
    (void)arg;
    charge(-5);
    return NULL;
}

int main(void)
{
    pthread_t t[3];
    pthread_create(&t[0], NULL, checkout, NULL);
    pthread_create(&t[1], NULL, logout, NULL);
    pthread_create(&t[2], NULL, refund, NULL);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    printf("%ld sessions, balance %ld, %ld audit lines\n", sessions, balance, audit_lines);
    return 0;
}
