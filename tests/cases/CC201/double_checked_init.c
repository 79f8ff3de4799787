/* Lazy initialisation with double-checked locking on plain variables: the first check of
 * `table_ready` is made without the lock while another thread may be writing it under the lock,
 * and a thread that sees the flag set reads `table` with no lock and no ordering. Both the flag
 * and the table race. */
/* concur-case: known-miss the unlocked first check of the flag is reported, but not the unordered read of `table` after it */
#include <pthread.h>
#include <stdio.h>

#define TABLE 256

static pthread_mutex_t init_mu = PTHREAD_MUTEX_INITIALIZER;
static int table_ready;
static unsigned char table[TABLE];

static void init_table(void)
{
    if (!table_ready) {
        pthread_mutex_lock(&init_mu);
        if (!table_ready) {
            for (int i = 0; i < TABLE; i++)
                table[i] = (unsigned char)(i * 37);
            table_ready = 1; // expect: CC201
        }
        pthread_mutex_unlock(&init_mu);
    }
}

static void *encode(void *arg)
{
    const char *msg = arg;
    unsigned sum = 0;
    init_table();
    for (const char *p = msg; *p; p++)
        sum += table[(unsigned char)*p]; // expect: CC201
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
