/* A lock-free-looking linked list: each event thread allocates a node and pushes it at the head
 * with two plain statements. Two pushes can interleave and lose a node: race on `head` (the
 * store that publishes the node is the later access). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct node {
    int event;
    struct node *next;
};

static struct node *head;

static void *record_events(void *arg)
{
    int base = (int)(size_t)arg;
    for (int e = 0; e < 500; e++) {
        struct node *n = malloc(sizeof *n);
        if (!n)
            return NULL;
        n->event = base + e;
        n->next = head;
        head = n; // expect: CC201
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
