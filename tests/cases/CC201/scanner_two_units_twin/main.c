/* Starts one scan worker (worker.c) per directory and prints the total after joining them. */
#include "stats.h"

#include <pthread.h>
#include <stdio.h>

#define NDIRS 3

int main(void)
{
    static const int files_in_dir[NDIRS] = { 1000, 700, 1200 };
    pthread_t t[NDIRS];
    for (int i = 0; i < NDIRS; i++)
        pthread_create(&t[i], NULL, scan_dir, (void *)&files_in_dir[i]);
    for (int i = 0; i < NDIRS; i++)
        pthread_join(t[i], NULL);
    printf("%ld files\n", files_scanned);
    return 0;
}
