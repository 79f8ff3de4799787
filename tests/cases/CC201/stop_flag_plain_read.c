/* Main asks the crawler threads to stop with an atomic store (`__atomic_store_n`), but the
 * crawlers poll the flag with a plain read. Mixing an atomic write with a non-atomic read of the
 * same object is a data race. */
#include <pthread.h>
#include <stdio.h>

static int stop_requested;

static void *crawl(void *arg)
{
    long *pages = arg;
    while (!stop_requested && *pages < 200000) // expect: CC201
        (*pages)++;
    return NULL;
}

int main(void)
{
    pthread_t t[2];
    long pages[2] = { 0, 0 };
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, crawl, &pages[i]);
    for (volatile int spin = 0; spin < 1000; spin++)
        ;
    __atomic_store_n(&stop_requested, 1, __ATOMIC_RELEASE);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    printf("%ld pages\n", pages[0] + pages[1]);
    return 0;
}
