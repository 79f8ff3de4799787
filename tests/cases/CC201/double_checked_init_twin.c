/* Lazy initialisation without the unlocked fast path: the check of `table_ready` is made with
 * `init_mu` held, and the readers also read the table with the lock held, so every access to the
 * flag and to the table holds the same mutex. No race. */
#include <pthread.h>
#include <stdio.h>

#define TABLE 256

static pthread_mutex_t init_mu = PTHREAD_MUTEX_INITIALIZER;
static int table_ready;
static unsigned char table[TABLE];

static void init_table(void)
{
    pthread_mutex_lock(&init_mu);
    if (!table_ready) {
        for (int i = 0; i < TABLE; i++)
            table[i] = (unsigned char)(i * 37);
        table_ready = 1;
    }
    pthread_mutex_unlock(&init_mu);
}

static void *encode(void *arg)
{
    const char *msg = arg;
    unsigned sum = 0;
    init_table();
    pthread_mutex_lock(&init_mu);
    for (const char *p = msg; *p; p++)
        sum += table[(unsigned char)*p];
    pthread_mutex_unlock(&init_mu);
    printf("%s -> %u\n", msg, sum);
    return NULL;
}

int main(void)
{
    pthread_t t[4];
    const char *msgs[4] = { "one", "two", "three", "four" };
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, encode, (void *)msgs[i]);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    return 0;
}
