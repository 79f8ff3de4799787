/* The same kind of counter with C11 <threads.h>: two order-taking threads started with
 * thrd_create bump `orders` with no mutex. Race on `orders`. */
#include <stdio.h>
#include <threads.h>

static long orders;

static int take_orders(void *arg)
{
    int n = *(int *)arg;
    for (int i = 0; i < n; i++)
        orders++; // expect: CC201
    return 0;
}

int main(void)
{
    int per_desk = 1000;
    thrd_t a, b;
    thrd_create(&a, take_orders, &per_desk);
    thrd_create(&b, take_orders, &per_desk);
    thrd_join(a, NULL);
    thrd_join(b, NULL);
    printf("%ld orders\n", orders);
    return 0;
}
