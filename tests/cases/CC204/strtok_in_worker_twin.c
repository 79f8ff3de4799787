/* Worker threads split CSV lines with strtok_r, which keeps its position in a variable of the
 * caller. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define NWORKERS 4

static void *count_fields(void *arg)
{
    char *line = arg, *save;
    int n = 0;
    for (char *tok = strtok_r(line, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
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
