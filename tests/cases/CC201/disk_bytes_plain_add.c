/* Backup threads account the bytes they copied in a plain `unsigned long`: `+=` from several
 * threads races on `copied_bytes`. */
#include <pthread.h>
#include <stdio.h>

static unsigned long copied_bytes;

static void *copy_files(void *arg)
{
    unsigned long block = (unsigned long)(size_t)arg;
    for (int f = 0; f < 1000; f++)
        copied_bytes += block; // expect: CC201
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, copy_files, (void *)(size_t)4096);
    pthread_create(&b, NULL, copy_files, (void *)(size_t)8192);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%lu bytes\n", copied_bytes);
    return 0;
}
