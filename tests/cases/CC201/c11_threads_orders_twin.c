/* The same kind of counter with C11 <threads.h>: two order-taking threads started with
 * thrd_create bump `orders` under a C11 mutex (mtx_lock / mtx_unlock). No race. */
#include <stdio.h>
#include <threads.h>

static mtx_t orders_mu;
static long orders;

static int take_orders(void *arg)
{
    int n = *(int *)arg;
    for (int i = 0; i < n; i++) {
        mtx_lock(&orders_mu);
        orders++;
        mtx_unlock(&orders_mu);
    }
    return 0;
}

int main(void)
{
    int per_desk = 1000;
    mtx_init(&orders_mu, mtx_plain);
    thrd_t a, b;
    thrd_create(&a, take_orders, &per_desk);
    thrd_create(&b, take_orders, &per_desk);
    thrd_join(a, NULL);
    thrd_join(b, NULL);
    printf("%ld orders\n", orders);
    mtx_destroy(&orders_mu);
    return 0;
}
