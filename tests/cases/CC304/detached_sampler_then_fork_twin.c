/* The snapshot child is forked before the sampler thread starts. */
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
    pid_t pid = fork();
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
    snapshot();
    pthread_create(&s, NULL, sample, NULL);
    pthread_detach(s);
    sleep(1);
    return 0;
}
