/* Worker threads split CSV lines with strtok, whose position is one static pointer shared by
 * every thread: two workers interleave and each gets the other's tokens. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define NWORKERS 4

static void *count_fields(void *arg)
{
    char *line = arg;
    int n = 0;
    for (char *tok = strtok(line, ","); tok; tok = strtok(NULL, ",")) // expect: CC204 "glibc marks it MT-Unsafe (race:strtok)"
        n++;
    printf("%d fields\n", n);
    return NULL;
}

int main(void)
{
    char lines[NWORKERS][64] = {"a,b,c", "d,e", "f,g,h,i", "j"};
    pthread_t t[NWORKERS];
    for (int i = 0; i < NWORKERS; i++)
        pthread_create(&t[i], NULL, count_fields, lines[i]);
    for (int i = 0; i < NWORKERS; i++)
        pthread_join(t[i], NULL);
    return 0;
}
