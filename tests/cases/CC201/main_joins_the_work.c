/* Main starts one helper thread on the first log file and then counts the second file itself by
 * calling the same worker function while the helper is running. Both add to `total_lines`
 * without a lock, so main's call races with the helper. */
#include <pthread.h>
#include <stdio.h>

static long total_lines;

static void *count_file(void *arg)
{
    long lines = (long)(size_t)arg;
    for (long l = 0; l < lines; l++)
        total_lines++; // expect: CC201
    return NULL;
}

int main(void)
{
    pthread_t helper;
    pthread_create(&helper, NULL, count_file, (void *)(size_t)1000);
    count_file((void *)(size_t)1000);
    pthread_join(helper, NULL);
    printf("%ld lines\n", total_lines);
    return 0;
}
