/* main sets TZ before starting the worker threads. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void *stamp(void *arg)
{
    (void)arg;
    char buf[64];
    struct tm tm = {.tm_year = 124, .tm_mday = 1};
    for (int i = 0; i < 1000; i++) {
        time_t t = mktime(&tm);
        strftime(buf, sizeof buf, "%c %Z", gmtime_r(&t, &tm));
    }
    puts(buf);
    return NULL;
}

int main(void)
{
    pthread_t t[2];
    setenv("TZ", "UTC", 1);
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, stamp, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    return 0;
}
