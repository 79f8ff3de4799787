/* Each request thread stamps its log line with localtime, which returns a pointer to one
 * static struct tm that every caller overwrites. */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static void log_line(const char *msg)
{
    time_t now = time(NULL);
    struct tm *tm = localtime(&now); // expect: CC204 "race:tmbuf"
    printf("%02d:%02d:%02d %s\n", tm->tm_hour, tm->tm_min, tm->tm_sec, msg);
}

static void *handle(void *arg)
{
    log_line(arg);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, handle, "GET /");
    pthread_create(&b, NULL, handle, "GET /favicon.ico");
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    return 0;
}
