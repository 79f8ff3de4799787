/* A linked list of events: each event thread allocates a node and pushes it at the head while
 * holding `list_mu`, so the read and the store of `head` are one critical section. No race. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct node {
    int event;
    struct node *next;
};

static pthread_mutex_t list_mu = PTHREAD_MUTEX_INITIALIZER;
static struct node *head;

static void *record_events(void *arg)
{
    int base = (int)(size_t)arg;
    for (int e = 0; e < 500; e++) {
        struct node *n = malloc(sizeof *n);
        if (!n)
            return NULL;
        n->event = base + e;
        pthread_mutex_lock(&list_mu);
        n->next = head;
        head = n;
        pthread_mutex_unlock(&list_mu);
    }
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, record_events, (void *)(size_t)0);
    pthread_create(&b, NULL, record_events, (void *)(size_t)1000);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    long count = 0;
    while (head) {
        struct node *next = head->next;
        free(head);
        head = next;
        count++;
    }
    printf("%ld events\n", count);
    return 0;
}
