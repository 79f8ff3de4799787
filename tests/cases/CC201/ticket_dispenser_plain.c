/* A bakery ticket dispenser: each customer thread takes `next_ticket++`. Without an atomic
 * operation two customers can get the same ticket: race on `next_ticket`. */
#include <pthread.h>
#include <stdio.h>

#define NCUSTOMERS 4

static unsigned next_ticket;
static unsigned last_seen[NCUSTOMERS];

static void *customer(void *arg)
{
    unsigned *mine = arg;
    for (int visit = 0; visit < 1000; visit++)
        *mine = next_ticket++; // expect: CC201
    return NULL;
}

int main(void)
{
    pthread_t t[NCUSTOMERS];
    for (int i = 0; i < NCUSTOMERS; i++)
        pthread_create(&t[i], NULL, customer, &last_seen[i]);
    for (int i = 0; i < NCUSTOMERS; i++)
        pthread_join(t[i], NULL);
    printf("next ticket %u, customer 0 last had %u\n", next_ticket, last_seen[0]);
    return 0;
}
