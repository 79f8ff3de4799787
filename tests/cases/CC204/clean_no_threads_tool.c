/* MT-Unsafe calls without threads at all: a single-threaded tool. */
#include <stdio.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        for (char *tok = strtok(argv[i], ":"); tok; tok = strtok(NULL, ":"))
            puts(tok);
    time_t now = time(NULL);
    printf("%s", asctime(localtime(&now)));
    return 0;
}
