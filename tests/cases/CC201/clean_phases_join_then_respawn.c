/* A trap: a two-phase computation. Phase 1 threads fill `grid` rows (one row each); main joins
 * them all, rewrites the boundary row, and starts phase 2 threads that read the grid. Main's
 * writes fall between a complete join and the next create, so nothing races. */
#include <pthread.h>
#include <stdio.h>

#define ROWS 4
#define COLS 256

static int grid[ROWS][COLS];
static long row_sums[ROWS];

static void *fill_row(void *arg)
{
    int *row = arg;
    for (int c = 0; c < COLS; c++)
        row[c] = c % 17;
    return NULL;
}

static void *sum_row(void *arg)
{
    long *out = arg;
    int r = (int)(out - row_sums);
    long s = 0;
    for (int c = 0; c < COLS; c++)
        s += grid[r][c];
    *out = s;
    return NULL;
}

int main(void)
{
    pthread_t t[ROWS];
    for (int r = 0; r < ROWS; r++)
        pthread_create(&t[r], NULL, fill_row, grid[r]);
    for (int r = 0; r < ROWS; r++)
        pthread_join(t[r], NULL);
    for (int c = 0; c < COLS; c++)
        grid[0][c] = 0;
    for (int r = 0; r < ROWS; r++)
        pthread_create(&t[r], NULL, sum_row, &row_sums[r]);
    for (int r = 0; r < ROWS; r++)
        pthread_join(t[r], NULL);
    printf("%ld %ld %ld %ld\n", row_sums[0], row_sums[1], row_sums[2], row_sums[3]);
    return 0;
}
