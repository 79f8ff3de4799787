/* A trap: a lookup table initialised lazily through pthread_once. pthread_once runs the
 * initialiser exactly once and every caller returns from it only after the initialiser has
 * finished, so the threads' reads of the table are ordered after its writes. No race. */
/* concur-case: known-miss the ordering pthread_once gives (the initialiser's writes before every caller's later reads) is not modelled */
#include <pthread.h>
#include <stdio.h>

#define TABLE 256

static pthread_once_t table_once = PTHREAD_ONCE_INIT;
static unsigned char sbox[TABLE];

static void build_sbox(void)
{
    for (int i = 0; i < TABLE; i++)
        sbox[i] = (unsigned char)(i * 7 + 3);
}

static void *cipher(void *arg)
{
    const char *msg = arg;
    unsigned h = 0;
    pthread_once(&table_once, build_sbox);
    for (int rep = 0; rep < 100; rep++)
        for (const char *p = msg; *p; p++)
            h = h * 31 + sbox[(unsigned char)*p];
    printf("%s %08x\n", msg, h);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, cipher, "attack at dawn");
    pthread_create(&b, NULL, cipher, "retreat at dusk");
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    return 0;
}
