/* The scan worker lives in its own translation unit and counts files into the global defined
 * here, holding `stats_mu` (declared in stats.h) around each increment. No race. */
#include "stats.h"

#include <stddef.h>

pthread_mutex_t stats_mu = PTHREAD_MUTEX_INITIALIZER;
long files_scanned;

void *scan_dir(void *arg)
{
    int nfiles = *(const int *)arg;
    for (int f = 0; f < nfiles; f++) {
        pthread_mutex_lock(&stats_mu);
        files_scanned++;
        pthread_mutex_unlock(&stats_mu);
    }
    return NULL;
}
