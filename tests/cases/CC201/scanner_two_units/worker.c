/* The scan worker lives in its own translation unit and counts files into the global defined
 * here. main.c starts several of them: their increments of `files_scanned` race. */
#include "stats.h"

#include <stddef.h>

long files_scanned;

void *scan_dir(void *arg)
{
    int nfiles = *(const int *)arg;
    for (int f = 0; f < nfiles; f++)
        files_scanned++; // expect: CC201
    return NULL;
}
