/* A detached sampler thread runs for the life of the process; main later forks a child that
 * writes a snapshot with stdio. A detached thread is never joined. */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static long samples;

static void *sample(void *arg)
{
    (void)arg;
    for (;;) {
        __atomic_add_fetch(&samples, 1, __ATOMIC_RELAXED);
        usleep(1000);
    }
    return NULL;
}

static void snapshot(void)
{
    pid_t pid = fork(); // expect: CC304
    if (pid == 0) {
        FILE *f = fopen("/tmp/snapshot", "w");
        fprintf(f, "%ld\n", __atomic_load_n(&samples, __ATOMIC_RELAXED));
        fclose(f);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
}

int main(void)
{
    pthread_t s;
    pthread_create(&s, NULL, sample, NULL);
    pthread_detach(s);
    sleep(1);
    snapshot();
    return 0;
}
