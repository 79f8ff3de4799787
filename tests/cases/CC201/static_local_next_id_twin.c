/* Order ids come from a function-local `static` counter guarded by a function-local static
 * mutex: every caller takes the same lock around the increment. No race. */
#include <pthread.h>
#include <stdio.h>

static long new_order_id(void)
{
    static pthread_mutex_t id_mu = PTHREAD_MUTEX_INITIALIZER;
    static long next_id = 1000;
    pthread_mutex_lock(&id_mu);
    long id = next_id++;
    pthread_mutex_unlock(&id_mu);
    return id;
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
