/* A table insert with one exit label. The key check jumps to `out` BEFORE the lock is taken,
 * so at `out:` the lock is held on some paths and not on others: the `rejected` counter is
 * updated without the lock on the early-reject path, and races. */
#include <pthread.h>
#include <stdio.h>

#define CAP 512

static pthread_mutex_t tbl_mu = PTHREAD_MUTEX_INITIALIZER;
static int entries[CAP];
static int nentries;
static long rejected;

static int add_entry(int key)
{
    int rc = -1, locked = 0;
    if (key <= 0)
        goto out;
    pthread_mutex_lock(&tbl_mu);
    locked = 1;
    if (nentries < CAP) {
        entries[nentries++] = key;
        rc = 0;
    }
out:
    if (rc != 0)
        rejected++; // expect: CC201
    if (locked)
        pthread_mutex_unlock(&tbl_mu);
    return rc;
}

static void *loader(void *arg)
{
    int base = (int)(size_t)arg;
    for (int k = 0; k < 1000; k++)
        add_entry(k % 3 == 0 ? -k : base + k);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, loader, (void *)(size_t)1);
    pthread_create(&b, NULL, loader, (void *)(size_t)5000);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%d entries, %ld rejected\n", nentries, rejected);
    return 0;
}
