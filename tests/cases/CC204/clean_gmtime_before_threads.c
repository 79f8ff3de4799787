/* gmtime and getenv run in main before any thread starts and after all are joined. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void *work(void *arg)
{
    int *n = arg;
    *n *= 2;
    return NULL;
}

int main(void)
{
    const char *home = getenv("HOME");
    time_t now = time(NULL);
    struct tm *tm = gmtime(&now);
    int year = tm->tm_year + 1900;
    pthread_t t;
    pthread_create(&t, NULL, work, &year);
    pthread_join(t, NULL);
    printf("%s %d %s\n", home ? home : "?", year, getenv("USER") ? getenv("USER") : "?");
    return 0;
}
