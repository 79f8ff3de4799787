/* Shared counters of the directory scanner, defined in worker.c with the mutex that guards them. */
#ifndef STATS_H
#define STATS_H

#include <pthread.h>

extern pthread_mutex_t stats_mu;
extern long files_scanned;

void *scan_dir(void *arg);

#endif
