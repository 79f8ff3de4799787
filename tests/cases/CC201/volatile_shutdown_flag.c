/* A server's `volatile int shutting_down` flag: main sets it, the workers poll it. `volatile`
 * stops the compiler caching the value but gives no atomicity or ordering: the store and the
 * loads race. */
#include <pthread.h>
#include <stdio.h>

static volatile int shutting_down;

static void *serve(void *arg)
{
    long *handled = arg;
    while (!shutting_down && *handled < 200000) // expect: CC201
        (*handled)++;
    return NULL;
}

int main(void)
{
    pthread_t t[2];
    long handled[2] = { 0, 0 };
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, serve, &handled[i]);
    for (volatile int spin = 0; spin < 1000; spin++)
        ;
    shutting_down = 1;
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    printf("%ld requests\n", handled[0] + handled[1]);
    return 0;
}
