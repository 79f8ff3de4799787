/* A line counter thread counts into a variable on main's stack, passed by address. Main prints
 * the count as progress before joining, so its read races with the thread's increments. */
#include <pthread.h>
#include <stdio.h>

static const char text[] = "one\ntwo\nthree\nfour\nfive\n";

static void *count_lines(void *arg)
{
    long *lines = arg;
    for (int rep = 0; rep < 500; rep++)
        for (const char *p = text; *p; p++)
            if (*p == '\n')
                (*lines)++; // expect: CC201
    return NULL;
}

int main(void)
{
    long lines = 0;
    pthread_t t;
    pthread_create(&t, NULL, count_lines, &lines);
    printf("counting... %ld so far\n", lines);
    pthread_join(t, NULL);
    printf("%ld lines\n", lines);
    return 0;
}
