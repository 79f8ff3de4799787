/* Order ids come from a function-local `static` counter. A static local is one object shared by
 * every caller, and the order threads call the function concurrently: race on `next_id`. */
#include <pthread.h>
#include <stdio.h>

static long new_order_id(void)
{
    static long next_id = 1000;
    return next_id++; // expect: CC201
}

static void *take_orders(void *arg)
{
    long *last = arg;
    for (int i = 0; i < 1000; i++)
        *last = new_order_id();
    return NULL;
}

int main(void)
{
    long last[2] = { 0, 0 };
    pthread_t a, b;
    pthread_create(&a, NULL, take_orders, &last[0]);
    pthread_create(&b, NULL, take_orders, &last[1]);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("last ids %ld %ld\n", last[0], last[1]);
    return 0;
}
