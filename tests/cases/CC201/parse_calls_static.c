/* A CSV parser counts its calls in a file-scope `static` counter. Every parsing thread calls
 * it, so they all increment the same variable: race on `parse_calls`. */
#include <pthread.h>
#include <stdio.h>

static unsigned long parse_calls;

static int parse_field(const char *s)
{
    parse_calls++; // expect: CC201
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
    printf("sum %ld\n", sum);
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
