/* A pipeline whose stage functions come from a table of function pointers; main starts one thread
 * per stage through the table. The parse and index stages both bump `items_seen` with no lock:
 * race (the later access, in the index stage, is where it is reported). */
#include <pthread.h>
#include <stdio.h>

static long items_seen;

static void *parse_stage(void *arg)
{
    (void)arg;
    for (int i = 0; i < 1000; i++)
        items_seen++;
    return NULL;
}

static void *index_stage(void *arg)
{
    (void)arg;
    for (int i = 0; i < 1000; i++)
        items_seen++; // expect: CC201
    return NULL;
}

static void *(*const stages[])(void *) = { parse_stage, index_stage };

int main(void)
{
    enum { NSTAGES = sizeof stages / sizeof stages[0] };
    pthread_t t[NSTAGES];
    for (int i = 0; i < NSTAGES; i++)
        pthread_create(&t[i], NULL, stages[i], NULL);
    for (int i = 0; i < NSTAGES; i++)
        pthread_join(t[i], NULL);
    printf("%ld items\n", items_seen);
    return 0;
}
