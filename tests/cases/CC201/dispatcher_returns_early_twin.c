/* Threads that start threads: main starts a dispatcher, the dispatcher starts the crawlers and
 * joins them all before returning. Once main has joined the dispatcher no crawler is live, so
 * its read of `pages_fetched` races with nothing. */
#include <pthread.h>
#include <stdio.h>

#define NCRAWLERS 3

static pthread_mutex_t fetch_mu = PTHREAD_MUTEX_INITIALIZER;
static long pages_fetched;
static pthread_t crawlers[NCRAWLERS];

static void *crawl(void *arg)
{
    (void)arg;
    for (int p = 0; p < 1000; p++) {
        pthread_mutex_lock(&fetch_mu);
        pages_fetched++;
        pthread_mutex_unlock(&fetch_mu);
    }
    return NULL;
}

static void *dispatch(void *arg)
{
    (void)arg;
    for (int i = 0; i < NCRAWLERS; i++)
        pthread_create(&crawlers[i], NULL, crawl, NULL);
    for (int i = 0; i < NCRAWLERS; i++)
        pthread_join(crawlers[i], NULL);
    return NULL;
}

int main(void)
{
    pthread_t d;
    pthread_create(&d, NULL, dispatch, NULL);
    pthread_join(d, NULL);
    printf("%ld pages\n", pages_fetched);
    return 0;
}
