/* bench_ckernel.c - the C side of `concur bench`: pthreads versus fork on a CPU kernel, thread and
 * process start cost, and transfer cost through a pipe and through shared memory.
 *
 * It runs in a child of concur (`concur --internal-bench-kernel [options]`, started with
 * posix_spawn) so that a crash or a hang costs one measurement run, not the caller, and so that
 * the forks it makes come from a small single-threaded process. It speaks the harness protocol of
 * docs/bench.md on stdout: a hello line, one line per measurement, a done line. */
#include "concur/bench.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "concur/arena.h"

#define KERNEL_MAX_WORKERS 256

typedef struct kernel_opts {
    int workers[16];
    int nworkers;
    int repeats;
    int warmups;
    int quick;
} kernel_opts;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The CPU kernel: xorshift64 mixing, no memory traffic, nothing the compiler can fold away.
 * Never inlined: inlined into the serial path, GCC interleaves tasks and the serial baseline runs
 * twice as fast as the same code in a thread. */
static __attribute__((noinline)) uint64_t cpu_work(uint64_t seed, uint64_t iters)
{
    uint64_t x = seed | 1, acc = 0;
    for (uint64_t i = 0; i < iters; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        acc += x >> 11;
    }
    return acc;
}

typedef struct task_range {
    int first, step, tasks;
    uint64_t iters;
    uint64_t result;
} task_range;

static __attribute__((noinline)) void run_range(task_range *r)
{
    uint64_t acc = 0;
    for (int t = r->first; t < r->tasks; t += r->step)
        acc += cpu_work((uint64_t)t + 1, r->iters);
    r->result = acc;
}

static void *thread_main(void *arg)
{
    run_range(arg);
    return NULL;
}

static void *noop_thread(void *arg)
{
    return arg;
}

static void die_errno(const char *what)
{
    fprintf(stderr, "concur bench kernel: %s: %s\n", what, strerror(errno));
    exit(3);
}

/* One timed run of `tasks` tasks over n workers: model 0 serial, 1 pthreads, 2 fork. */
static double run_cpu(int model, int n, int tasks, uint64_t iters)
{
    task_range r[KERNEL_MAX_WORKERS];
    pthread_t th[KERNEL_MAX_WORKERS];
    pid_t pids[KERNEL_MAX_WORKERS];
    /* Serial goes through the same entry as a thread, by a pointer the compiler cannot see through,
     * so that all three models run the same machine code. */
    void *(*volatile entry)(void *) = thread_main;
    double t0 = now_s();
    if (model == 0) {
        r[0] = (task_range){0, 1, tasks, iters, 0};
        entry(&r[0]);
    } else {
        for (int w = 0; w < n; w++) {
            r[w] = (task_range){w, n, tasks, iters, 0};
            if (model == 1) {
                if (pthread_create(&th[w], NULL, thread_main, &r[w]))
                    die_errno("pthread_create");
            } else {
                pids[w] = fork();
                if (pids[w] < 0)
                    die_errno("fork");
                if (pids[w] == 0) {
                    run_range(&r[w]);
                    _exit(r[w].result == 42 ? 1 : 0); /* use the result */
                }
            }
        }
        for (int w = 0; w < n; w++) {
            if (model == 1)
                pthread_join(th[w], NULL);
            else
                waitpid(pids[w], NULL, 0);
        }
    }
    return now_s() - t0;
}

static void emit_samples(const double *xs, int n)
{
    fputs("\"samples\":[", stdout);
    for (int i = 0; i < n; i++)
        printf("%s%.9g", i ? "," : "", xs[i]);
    fputs("]}\n", stdout);
    fflush(stdout);
}

static double thread_start_once(void)
{
    enum { N = 50 };
    double t0 = now_s();
    for (int i = 0; i < N; i++) {
        pthread_t t;
        if (pthread_create(&t, NULL, noop_thread, NULL))
            die_errno("pthread_create");
        pthread_join(t, NULL);
    }
    return (now_s() - t0) / N;
}

static double fork_start_once(void)
{
    enum { N = 20 };
    double t0 = now_s();
    for (int i = 0; i < N; i++) {
        pid_t p = fork();
        if (p < 0)
            die_errno("fork");
        if (p == 0)
            _exit(0);
        waitpid(p, NULL, 0);
    }
    return (now_s() - t0) / N;
}

static int write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int read_all(int fd, void *buf, size_t n)
{
    char *p = buf;
    while (n) {
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

/* A child that, per request, either reads `size` bytes from the data pipe (mode 'p') or copies
 * `size` bytes out of the shared mapping (mode 's'), then answers with one byte. A request of
 * size 0 ends it. */
static void echo_child(int req_fd, int data_fd, int ack_fd, const char *shm, char *priv)
{
    for (;;) {
        char mode;
        uint64_t size;
        if (read_all(req_fd, &mode, 1) || read_all(req_fd, &size, sizeof size) || size == 0)
            _exit(0);
        if (mode == 'p') {
            if (read_all(data_fd, priv, size))
                _exit(1);
        } else {
            memcpy(priv, shm, size);
        }
        char ack = priv[size - 1];
        if (write_all(ack_fd, &ack, 1))
            _exit(1);
    }
}

static void transfer(const kernel_opts *o, int *count)
{
    size_t size = o->quick ? (size_t)1 << 20 : (size_t)8 << 20;
    int req[2], data[2], ack[2];
    if (pipe(req) || pipe(data) || pipe(ack))
        die_errno("pipe");
    char *shm = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shm == MAP_FAILED)
        die_errno("mmap");
    char *src = cc_xmalloc(size);
    char *priv = cc_xmalloc(size);
    memset(src, 'x', size);
    memset(priv, 0, size);
    pid_t child = fork();
    if (child < 0)
        die_errno("fork");
    if (child == 0) {
        close(req[1]);
        close(data[1]);
        close(ack[0]);
        echo_child(req[0], data[0], ack[1], shm, priv);
    }
    close(req[0]);
    close(data[0]);
    close(ack[1]);
    int total = o->warmups + o->repeats;
    double *xs = cc_xmalloc((size_t)total * sizeof *xs);
    for (int m = 0; m < 2; m++) {
        char mode = m == 0 ? 'p' : 's';
        for (int i = 0; i < total; i++) {
            uint64_t sz = size;
            char a;
            double t0 = now_s();
            if (mode == 's')
                memcpy(shm, src, size);
            if (write_all(req[1], &mode, 1) || write_all(req[1], &sz, sizeof sz) ||
                (mode == 'p' && write_all(data[1], src, size)) || read_all(ack[0], &a, 1))
                die_errno("transfer");
            xs[i] = (now_s() - t0) / (double)size;
        }
        printf("{\"type\":\"constant\",\"name\":\"c.%s_byte\",\"unit\":\"s\",\"per\":\"byte\","
               "\"bytes\":%zu,",
               mode == 'p' ? "pipe" : "shm", size);
        emit_samples(xs + o->warmups, o->repeats);
        ++*count;
    }
    uint64_t zero = 0;
    char z = 'p';
    if (write_all(req[1], &z, 1) == 0)
        (void)write_all(req[1], &zero, sizeof zero);
    close(req[1]);
    close(data[1]);
    close(ack[0]);
    waitpid(child, NULL, 0);
    free(xs);
    free(src);
    free(priv);
    munmap(shm, size);
}

static int parse_workers(const char *s, kernel_opts *o)
{
    o->nworkers = 0;
    while (*s) {
        char *end;
        long v = strtol(s, &end, 10);
        if (end == s || v < 1 || v > KERNEL_MAX_WORKERS || o->nworkers == 16)
            return -1;
        o->workers[o->nworkers++] = (int)v;
        s = *end == ',' ? end + 1 : end;
        if (*end && *end != ',')
            return -1;
    }
    return o->nworkers ? 0 : -1;
}

int cc_bench_kernel_main(int argc, char **argv)
{
    kernel_opts o = {.workers = {1, 2}, .nworkers = 2, .repeats = 7, .warmups = 1};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--quick")) {
            o.quick = 1;
        } else if (!strcmp(a, "--workers") && v) {
            if (parse_workers(v, &o))
                goto usage;
            i++;
        } else if (!strcmp(a, "--repeats") && v) {
            o.repeats = atoi(v);
            i++;
        } else if (!strcmp(a, "--warmups") && v) {
            o.warmups = atoi(v);
            i++;
        } else {
            goto usage;
        }
    }
    if (o.repeats < 1 || o.repeats > 1000 || o.warmups < 0 || o.warmups > 100)
        goto usage;

    printf("{\"type\":\"hello\",\"protocol\":%d,\"implementation\":\"c\"}\n", CC_BENCH_PROTOCOL);
    fflush(stdout);
    int count = 0, total = o.warmups + o.repeats;
    double *xs = cc_xmalloc((size_t)total * sizeof *xs);

    for (int i = 0; i < total; i++)
        xs[i] = thread_start_once();
    fputs("{\"type\":\"constant\",\"name\":\"c.thread_start\",\"unit\":\"s\",\"per\":\"thread\",",
          stdout);
    emit_samples(xs + o.warmups, o.repeats);
    count++;
    for (int i = 0; i < total; i++)
        xs[i] = fork_start_once();
    fputs("{\"type\":\"constant\",\"name\":\"c.fork_start\",\"unit\":\"s\",\"per\":\"process\",",
          stdout);
    emit_samples(xs + o.warmups, o.repeats);
    count++;
    transfer(&o, &count);

    int maxw = 1;
    for (int k = 0; k < o.nworkers; k++)
        maxw = o.workers[k] > maxw ? o.workers[k] : maxw;
    int tasks = 2 * maxw > 8 ? 2 * maxw : 8;
    uint64_t iters = o.quick ? 1000000 : 20000000;
    static const char *const models[] = {"serial", "threads", "processes"};
    /* Every configuration round-robin, repeat by repeat, rotating the order, so that drifting
     * machine load falls on all of them alike. */
    int ncfg = 1 + 2 * o.nworkers;
    double *all = cc_xmalloc((size_t)ncfg * (size_t)total * sizeof *all);
    for (int i = 0; i < total; i++) {
        for (int k = 0; k < ncfg; k++) {
            int c = (k + i) % ncfg;
            int m = c == 0 ? 0 : 1 + (c - 1) / o.nworkers;
            int n = c == 0 ? 1 : o.workers[(c - 1) % o.nworkers];
            all[c * total + i] = run_cpu(m, n, tasks, iters);
        }
    }
    for (int c = 0; c < ncfg; c++) {
        int m = c == 0 ? 0 : 1 + (c - 1) / o.nworkers;
        int n = c == 0 ? 1 : o.workers[(c - 1) % o.nworkers];
        printf("{\"type\":\"scaling\",\"workload\":\"c_cpu\",\"tasks\":%d,\"model\":\"%s\","
               "\"workers\":%d,\"start_method\":%s,",
               tasks, models[m], n, m == 2 ? "\"fork\"" : "null");
        emit_samples(all + c * total + o.warmups, o.repeats);
        count++;
    }
    free(all);
    free(xs);
    printf("{\"type\":\"done\",\"count\":%d}\n", count);
    fflush(stdout);
    return 0;

usage:
    fputs("usage: concur --internal-bench-kernel [--quick] [--workers N,N...] [--repeats N] "
          "[--warmups N]\n",
          stderr);
    return 2;
}
