/* Shared counters of the directory scanner, defined in worker.c. */
#ifndef STATS_H
#define STATS_H

extern long files_scanned;

void *scan_dir(void *arg);

#endif
