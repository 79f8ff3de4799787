/* A CSV parser counts its calls in a `_Thread_local` counter: each thread increments its own
 * copy and reports it itself. Thread-local storage is not shared. No race. */
#include <pthread.h>
#include <stdio.h>

static _Thread_local unsigned long parse_calls;

static int parse_field(const char *s)
{
    parse_calls++;
    int v = 0;
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (*s++ - '0');
    return v;
}

static void *parse_rows(void *arg)
{
    const char *row = arg;
    long sum = 0;
    for (int i = 0; i < 1000; i++)
        sum += parse_field(row);
    printf("sum %ld after %lu calls\n", sum, parse_calls);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, parse_rows, "42,7");
    pthread_create(&b, NULL, parse_rows, "13,99");
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    return 0;
}
