/* One bank account is handed to a depositor and a withdrawer thread through the `void *`
 * argument. Both update `acct->balance` with no lock: race on the balance. */
#include <pthread.h>
#include <stdio.h>

struct account {
    long id;
    long balance;
};

static void *depositor(void *arg)
{
    struct account *acct = arg;
    for (int i = 0; i < 1000; i++)
        acct->balance += 10;
    return NULL;
}

static void *withdrawer(void *arg)
{
    struct account *acct = arg;
    for (int i = 0; i < 1000; i++)
        if (acct->balance >= 5)
            acct->balance -= 5; // expect: CC201
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
