/* Locks taken inside helpers. `update_user` holds `db_mu` and calls `log_event`, which takes
 * `log_mu`; `rotate_logs` holds `log_mu` and calls `db_checkpoint`, which takes `db_mu`. The
 * order db -> log in one thread and log -> db in the other is an inversion; the inner
 * acquisition that comes later in the file is the one in `db_checkpoint`. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t db_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static long log_lines, db_rows, checkpoints;

static void log_event(void)
{
    pthread_mutex_lock(&log_mu);
    log_lines++;
    pthread_mutex_unlock(&log_mu);
}

static void db_checkpoint(void)
{
    pthread_mutex_lock(&db_mu); // expect: CC203
    checkpoints++;
    pthread_mutex_unlock(&db_mu);
}

static void *update_user(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&db_mu);
    db_rows++;
    log_event();
    pthread_mutex_unlock(&db_mu);
    return NULL;
}

static void *rotate_logs(void *arg)
{
    (void)arg;
    usleep(10000); /* runs a little after the other thread */
    pthread_mutex_lock(&log_mu);
    log_lines = 0;
    db_checkpoint();
    pthread_mutex_unlock(&log_mu);
    return NULL;
}

int main(void)
{
    pthread_t u, r;
    pthread_create(&u, NULL, update_user, NULL);
    pthread_create(&r, NULL, rotate_logs, NULL);
    pthread_join(u, NULL);
    pthread_join(r, NULL);
    printf("%ld rows, %ld checkpoints, %ld log lines\n", db_rows, checkpoints, log_lines);
    return 0;
}
