/* A search index build: loader threads fill the document table, indexer threads count terms
 * into `terms_indexed` under `index_mu`. Main joins the indexers as well as the loaders before it
 * reads the term count, so no indexer is live at the read. No race. */
#include <pthread.h>
#include <stdio.h>

#define NLOADERS 2
#define NINDEXERS 2

static pthread_mutex_t index_mu = PTHREAD_MUTEX_INITIALIZER;
static long docs_loaded[NLOADERS];
static long terms_indexed;

static void *load(void *arg)
{
    long *slot = arg;
    for (int i = 0; i < 100; i++)
        *slot += 1;
    return NULL;
}

static void *index_terms(void *arg)
{
    (void)arg;
    for (int i = 0; i < 2000; i++) {
        pthread_mutex_lock(&index_mu);
        terms_indexed += 3;
        pthread_mutex_unlock(&index_mu);
    }
    return NULL;
}

int main(void)
{
    pthread_t loaders[NLOADERS], indexers[NINDEXERS];
    for (int i = 0; i < NINDEXERS; i++)
        pthread_create(&indexers[i], NULL, index_terms, NULL);
    for (int i = 0; i < NLOADERS; i++)
        pthread_create(&loaders[i], NULL, load, &docs_loaded[i]);
    for (int i = 0; i < NLOADERS; i++)
        pthread_join(loaders[i], NULL);
    for (int i = 0; i < NINDEXERS; i++)
        pthread_join(indexers[i], NULL);
    printf("%ld docs, %ld terms\n", docs_loaded[0] + docs_loaded[1], terms_indexed);
    return 0;
}
