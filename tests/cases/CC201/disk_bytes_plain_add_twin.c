/* Backup threads account the bytes they copied with GCC's `__atomic_add_fetch` builtin on a
 * plain `unsigned long`; every concurrent access is atomic. No race. */
#include <pthread.h>
#include <stdio.h>

static unsigned long copied_bytes;

static void *copy_files(void *arg)
{
    unsigned long block = (unsigned long)(size_t)arg;
    for (int f = 0; f < 1000; f++)
        __atomic_add_fetch(&copied_bytes, block, __ATOMIC_RELAXED);
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
