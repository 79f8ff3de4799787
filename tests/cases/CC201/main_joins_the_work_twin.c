/* Main starts one helper thread on the first log file, joins it, and only then counts the second
 * file itself by calling the same worker function: the helper is not live during main's call.
 * No race. */
#include <pthread.h>
#include <stdio.h>

static long total_lines;

static void *count_file(void *arg)
{
    long lines = (long)(size_t)arg;
    for (long l = 0; l < lines; l++)
        total_lines++;
    return NULL;
}

int main(void)
{
    pthread_t helper;
    pthread_create(&helper, NULL, count_file, (void *)(size_t)1000);
    pthread_join(helper, NULL);
    count_file((void *)(size_t)1000);
    printf("%ld lines\n", total_lines);
    return 0;
}
