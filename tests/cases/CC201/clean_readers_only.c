/* A trap: a large lookup table shared by four threads that only read it (after main filled it
 * before creating them), each writing its result to its own slot. Nothing races. */
#include <pthread.h>
#include <stdio.h>

#define NTHREADS 4
#define TABLE 256

static unsigned crc_table[TABLE];
static const char *inputs[NTHREADS] = { "alpha", "bravo", "charlie", "delta" };
static unsigned crcs[NTHREADS];

static void build_table(void)
{
    for (unsigned n = 0; n < TABLE; n++) {
        unsigned c = n;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

static void *crc_worker(void *arg)
{
    unsigned *out = arg;
    const char *s = inputs[out - crcs];
    unsigned c = 0xffffffffu;
    for (int rep = 0; rep < 100; rep++)
        for (const char *p = s; *p; p++)
            c = crc_table[(c ^ (unsigned char)*p) & 0xff] ^ (c >> 8);
    *out = c ^ 0xffffffffu;
    return NULL;
}

int main(void)
{
    build_table();
    pthread_t t[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, crc_worker, &crcs[i]);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < NTHREADS; i++)
        printf("%s %08x\n", inputs[i], crcs[i]);
    return 0;
}
