/* A trap: a POSIX semaphore initialised to 1 used as a mutex (sem_wait / sem_post around the
 * update). At most one thread is between wait and post, so the counter does not race. */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

static sem_t slot;
static long jobs_run;

static void *runner(void *arg)
{
    (void)arg;
    for (int j = 0; j < 1000; j++) {
        sem_wait(&slot);
        jobs_run++;
        sem_post(&slot);
    }
    return NULL;
}

int main(void)
{
    sem_init(&slot, 0, 1);
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, runner, NULL);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    printf("%ld jobs\n", jobs_run);
    sem_destroy(&slot);
    return 0;
}
