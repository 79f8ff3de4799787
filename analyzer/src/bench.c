/* bench.c - `concur bench`: runs the embedded harness and the C kernel, validates the protocol,
 * computes the statistics, prints a table or JSON, caches the result (see concur/bench.h and
 * docs/bench.md). */
#include "concur/bench.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "concur/arena.h"
#include "concur/bench_stats.h"

extern char **environ;

/* Generated from analyzer/src/bench_harness.py by analyzer/bench.cmake. */
extern const char cc_bench_harness_py[];
extern const unsigned long cc_bench_harness_py_len;

enum { BENCH_OK = 0, BENCH_USAGE = 2, BENCH_FAILED = 3 };

/* Fixed so that the same samples always give the same intervals (and a cached result re-renders
 * identically). */
#define BENCH_SEED 0x636f6e637572ULL

static const char USAGE[] =
    "usage: concur bench [--python-exe PATH] [--json] [--no-cache] [--quick] [--timeout SECONDS]\n"
    "\n"
    "Measures this machine for the cost model: usable cores, thread and process start cost per\n"
    "start method, transfer cost per task and per byte, and how GIL-holding CPU work, GIL-releasing\n"
    "native work and blocking waits scale with threads versus processes (Python), and a C CPU\n"
    "kernel with pthreads versus fork. Runs only concur's own harness, never analysed code.\n"
    "\n"
    "options:\n"
    "  --python-exe PATH  the interpreter to measure (default: python3 from PATH)\n"
    "  --json             print the result as JSON (schema concur-bench/1, docs/bench.md)\n"
    "  --no-cache         measure again even when a cached result exists\n"
    "  --quick            fewer repeats and smaller work: rough figures in seconds\n"
    "  --timeout SECONDS  time limit per child run (default 1800, 300 with --quick)\n"
    "  -h, --help         show this help\n"
    "\n"
    "Results are cached in $XDG_CACHE_HOME/concur/ (default ~/.cache/concur/), keyed by CPU model,\n"
    "usable cores and interpreter (path, version, build).\n"
    "Exit status: 0 measured, 2 bad usage or no such interpreter, 3 the harness failed or broke\n"
    "the protocol.\n";

/* ---- child processes --------------------------------------------------------------------- */

typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

static void buf_add(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->p = cc_xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Reads what is available on fd into b; returns 0 at EOF (or error), 1 otherwise. */
static int drain(int fd, buf *b)
{
    char tmp[65536];
    ssize_t n = read(fd, tmp, sizeof tmp);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return 1;
    if (n <= 0)
        return 0;
    buf_add(b, tmp, (size_t)n);
    return 1;
}

cc_status cc_bench_child_run(char *const argv[], double timeout_s, cc_bench_child *out,
                             const char **err_out)
{
    memset(out, 0, sizeof *out);
    *err_out = NULL;
    int po[2], pe[2];
    if (pipe2(po, O_CLOEXEC))
        return *err_out = "cannot create a pipe", CC_ERR_IO;
    if (pipe2(pe, O_CLOEXEC)) {
        close(po[0]);
        close(po[1]);
        return *err_out = "cannot create a pipe", CC_ERR_IO;
    }
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, po[1], 1);
    posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
    posix_spawnattr_init(&at);
    sigset_t none, dfl;
    sigemptyset(&none);
    sigemptyset(&dfl);
    sigaddset(&dfl, SIGPIPE);
    posix_spawnattr_setsigmask(&at, &none);
    posix_spawnattr_setsigdefault(&at, &dfl);
    posix_spawnattr_setpgroup(&at, 0);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                      POSIX_SPAWN_SETSIGDEF);
    pid_t pid;
    int rc = strchr(argv[0], '/') ? posix_spawn(&pid, argv[0], &fa, &at, argv, environ)
                                  : posix_spawnp(&pid, argv[0], &fa, &at, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    close(po[1]);
    close(pe[1]);
    if (rc) {
        close(po[0]);
        close(pe[0]);
        if (rc == ENOENT || rc == EACCES || rc == ENOTDIR || rc == ENOEXEC)
            return *err_out = "no such executable", CC_ERR_NOTFOUND;
        return *err_out = "cannot start the process", CC_ERR_IO;
    }
    fcntl(po[0], F_SETFL, O_NONBLOCK);
    fcntl(pe[0], F_SETFL, O_NONBLOCK);
    buf bo = {0}, be = {0};
    buf_add(&bo, "", 0);
    buf_add(&be, "", 0);
    int open_o = 1, open_e = 1, wstatus = 0, reaped = 0;
    double deadline = mono_s() + timeout_s;
    for (;;) {
        struct pollfd fds[2] = {{open_o ? po[0] : -1, POLLIN, 0}, {open_e ? pe[0] : -1, POLLIN, 0}};
        double left = deadline - mono_s();
        if (left <= 0) {
            out->timed_out = 1;
            break;
        }
        int ms = left > 0.05 ? 50 : (int)(left * 1000) + 1;
        if (poll(fds, 2, ms) > 0) {
            if (open_o && (fds[0].revents & (POLLIN | POLLHUP | POLLERR)))
                open_o = drain(po[0], &bo);
            if (open_e && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)))
                open_e = drain(pe[0], &be);
        }
        /* The leader may be gone while stray grandchildren (a forkserver, an orphaned pool worker)
         * still hold the pipes: look without reaping, so the group id stays ours to kill. */
        siginfo_t si;
        memset(&si, 0, sizeof si);
        if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == pid) {
            while (open_o && drain(po[0], &bo) && bo.len)
                if (poll(&(struct pollfd){po[0], POLLIN, 0}, 1, 0) <= 0)
                    break;
            while (open_e && drain(pe[0], &be))
                if (poll(&(struct pollfd){pe[0], POLLIN, 0}, 1, 0) <= 0)
                    break;
            break;
        }
        if (!open_o && !open_e) {
            /* Both pipes closed: the child is exiting; give it until the deadline. */
            struct timespec ts = {0, 10 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    }
    kill(-pid, SIGKILL);
    while (!reaped) {
        if (waitpid(pid, &wstatus, 0) == pid)
            reaped = 1;
        else if (errno != EINTR)
            break;
    }
    close(po[0]);
    close(pe[0]);
    out->out = bo.p;
    out->out_len = bo.len;
    out->err = be.p;
    out->err_len = be.len;
    if (reaped && !out->timed_out) {
        if (WIFEXITED(wstatus)) {
            out->exited = 1;
            out->status = WEXITSTATUS(wstatus);
        } else if (WIFSIGNALED(wstatus)) {
            out->status = WTERMSIG(wstatus);
        }
    }
    return CC_OK;
}

void cc_bench_child_clear(cc_bench_child *self)
{
    if (!self)
        return;
    free(self->out);
    free(self->err);
    memset(self, 0, sizeof *self);
}

/* ---- errors ------------------------------------------------------------------------------- */

typedef struct errbuf {
    char msg[1024];
} errbuf;

static __attribute__((format(printf, 2, 3))) void seterr(errbuf *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
}

/* The last few lines of a child's stderr, for error messages. */
static const char *tail_lines(const char *s, size_t len, int lines)
{
    const char *p = s + len;
    while (p > s && (p[-1] == '\n' || p[-1] == ' '))
        p--;
    int n = 0;
    while (p > s) {
        if (p[-1] == '\n' && ++n == lines)
            break;
        p--;
    }
    return p;
}

/* ---- protocol ------------------------------------------------------------------------------ */

static int samples_ok(json_t *a)
{
    if (!json_is_array(a) || json_array_size(a) == 0)
        return 0;
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        if (!json_is_number(v))
            return 0;
        double d = json_number_value(v);
        if (!isfinite(d) || !(d > 0))
            return 0;
    }
    return 1;
}

static int str_field(json_t *o, const char *k)
{
    return json_is_string(json_object_get(o, k));
}

static int positive_int_field(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_integer(v) && json_integer_value(v) >= 1;
}

/* Checks a hello line from the Python harness (python=1) or the C kernel (python=0). */
static int hello_ok(json_t *h, int python, errbuf *e)
{
    json_t *proto = json_object_get(h, "protocol");
    if (!json_is_integer(proto)) {
        seterr(e, "hello line has no integer \"protocol\"");
        return 0;
    }
    if (json_integer_value(proto) != CC_BENCH_PROTOCOL) {
        seterr(e, "protocol %lld, expected %d", (long long)json_integer_value(proto),
               CC_BENCH_PROTOCOL);
        return 0;
    }
    if (!python)
        return 1;
    static const char *const strs[] = {"implementation", "version", "executable",
                                       "default_start_method"};
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
        if (!str_field(h, strs[i])) {
            seterr(e, "hello line: \"%s\" must be a string", strs[i]);
            return 0;
        }
    if (!json_is_boolean(json_object_get(h, "gil_disabled_build"))) {
        seterr(e, "hello line: \"gil_disabled_build\" must be true or false");
        return 0;
    }
    json_t *gil = json_object_get(h, "gil_enabled");
    if (!json_is_boolean(gil) && !json_is_null(gil)) {
        seterr(e, "hello line: \"gil_enabled\" must be true, false or null");
        return 0;
    }
    json_t *m = json_object_get(h, "start_methods");
    const char *def = json_string_value(json_object_get(h, "default_start_method"));
    int has_def = 0;
    if (!json_is_array(m) || json_array_size(m) == 0) {
        seterr(e, "hello line: \"start_methods\" must be a non-empty array");
        return 0;
    }
    size_t i;
    json_t *v;
    json_array_foreach(m, i, v)
    {
        if (!json_is_string(v)) {
            seterr(e, "hello line: \"start_methods\" must hold strings");
            return 0;
        }
        has_def |= !strcmp(json_string_value(v), def);
    }
    if (!has_def) {
        seterr(e, "hello line: default start method \"%s\" is not among \"start_methods\"", def);
        return 0;
    }
    return 1;
}

static int record_ok(json_t *r, const char *type, errbuf *e)
{
    if (!strcmp(type, "constant")) {
        if (!str_field(r, "name") || !str_field(r, "unit") || !str_field(r, "per")) {
            seterr(e, "constant line needs string \"name\", \"unit\" and \"per\"");
            return 0;
        }
    } else {
        const char *model = json_string_value(json_object_get(r, "model"));
        if (!str_field(r, "workload") || !model || !positive_int_field(r, "workers") ||
            !positive_int_field(r, "tasks")) {
            seterr(e, "scaling line needs string \"workload\" and \"model\", and integer "
                      "\"workers\" and \"tasks\" >= 1");
            return 0;
        }
        if (strcmp(model, "serial") && strcmp(model, "threads") && strcmp(model, "processes")) {
            seterr(e, "scaling line: unknown model \"%s\"", model);
            return 0;
        }
        json_t *sm = json_object_get(r, "start_method");
        if (sm && !json_is_null(sm) && !json_is_string(sm)) {
            seterr(e, "scaling line: \"start_method\" must be a string or null");
            return 0;
        }
    }
    if (!samples_ok(json_object_get(r, "samples"))) {
        seterr(e, "\"samples\" must be a non-empty array of finite numbers > 0");
        return 0;
    }
    return 1;
}

/* Validates a whole run's stdout. On success *hello and *records (an array of constant and
 * scaling objects) are new references. On failure the message is in e. */
static int parse_protocol(const char *out, size_t len, int python, json_t **hello,
                          json_t **records, errbuf *e)
{
    *hello = NULL;
    *records = json_array();
    int lineno = 0, done = 0;
    const char *p = out, *end = out + len;
    char where[64];
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        lineno++;
        snprintf(where, sizeof where, "line %d", lineno);
        if (!nl) {
            seterr(e, "%s: not terminated by a newline (output cut short?)", where);
            goto fail;
        }
        if (le == p) {
            p = nl + 1;
            continue;
        }
        if (done) {
            seterr(e, "%s: output after the done line", where);
            goto fail;
        }
        json_error_t je;
        json_t *o = json_loadb(p, (size_t)(le - p), JSON_DECODE_ANY, &je);
        if (!o) {
            int show = le - p > 80 ? 80 : (int)(le - p);
            seterr(e, "%s: not JSON (%s): %.*s", where, je.text, show, p);
            goto fail;
        }
        if (!json_is_object(o) || !json_is_string(json_object_get(o, "type"))) {
            json_decref(o);
            seterr(e, "%s: expected a JSON object with a string \"type\"", where);
            goto fail;
        }
        const char *type = json_string_value(json_object_get(o, "type"));
        errbuf inner = {{0}};
        if (!*hello) {
            if (strcmp(type, "hello") || !hello_ok(o, python, &inner)) {
                if (strcmp(type, "hello"))
                    seterr(e, "%s: expected the hello line first, got type \"%s\"", where, type);
                else
                    seterr(e, "%s: %s", where, inner.msg);
                json_decref(o);
                goto fail;
            }
            *hello = o;
        } else if (!strcmp(type, "constant") || !strcmp(type, "scaling")) {
            if (!record_ok(o, type, &inner)) {
                seterr(e, "%s: %s", where, inner.msg);
                json_decref(o);
                goto fail;
            }
            json_array_append_new(*records, o);
        } else if (!strcmp(type, "done")) {
            json_t *c = json_object_get(o, "count");
            if (!json_is_integer(c) || json_integer_value(c) != (json_int_t)json_array_size(*records)) {
                seterr(e, "%s: done line says %lld measurements, %zu were sent", where,
                       json_is_integer(c) ? (long long)json_integer_value(c) : -1LL,
                       json_array_size(*records));
                json_decref(o);
                goto fail;
            }
            json_decref(o);
            done = 1;
        } else {
            seterr(e, "%s: unknown line type \"%s\"", where, type);
            json_decref(o);
            goto fail;
        }
        p = nl + 1;
    }
    if (!*hello) {
        seterr(e, "no hello line (the program printed nothing on stdout)");
        goto fail;
    }
    if (!done) {
        seterr(e, "no done line after %d lines (the run was cut short)", lineno);
        goto fail;
    }
    return 1;
fail:
    json_decref(*hello);
    json_decref(*records);
    *hello = *records = NULL;
    return 0;
}

/* Runs argv, validates its protocol. Returns BENCH_OK, BENCH_USAGE (could not start it) or
 * BENCH_FAILED, with the message in e. */
static int run_protocol(char *const argv[], const char *what, double timeout_s, int python,
                        json_t **hello, json_t **records, errbuf *e)
{
    cc_bench_child ch;
    const char *why;
    cc_status st = cc_bench_child_run(argv, timeout_s, &ch, &why);
    if (st == CC_ERR_NOTFOUND) {
        seterr(e, "%s `%s`: %s", what, argv[0], why);
        return BENCH_USAGE;
    }
    if (st != CC_OK) {
        seterr(e, "%s `%s`: %s", what, argv[0], why);
        return BENCH_FAILED;
    }
    int rc = BENCH_OK;
    const char *tail = tail_lines(ch.err, ch.err_len, 6);
    if (ch.timed_out) {
        seterr(e, "%s `%s` did not finish within %g s and was killed", what, argv[0], timeout_s);
        rc = BENCH_FAILED;
    } else if (!ch.exited) {
        seterr(e, "%s `%s` was killed by signal %d%s%s", what, argv[0], ch.status,
               *tail ? ":\n" : "", tail);
        rc = BENCH_FAILED;
    } else if (ch.status) {
        seterr(e, "%s `%s` failed with exit status %d%s%s", what, argv[0], ch.status,
               *tail ? ":\n" : "", tail);
        rc = BENCH_FAILED;
    } else {
        errbuf pe;
        if (!parse_protocol(ch.out, ch.out_len, python, hello, records, &pe)) {
            seterr(e, "%s `%s` broke the harness protocol (docs/bench.md): %s", what, argv[0],
                   pe.msg);
            rc = BENCH_FAILED;
        }
    }
    cc_bench_child_clear(&ch);
    return rc;
}

/* ---- the machine ---------------------------------------------------------------------------- */

typedef struct machine {
    char cpu_model[256];
    long online;
    int affinity;
    double quota; /* CPUs allowed by the cgroup quota, 0 when unlimited */
    int usable;
} machine;

static int read_small(const char *path, char *out, size_t cap)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(out, 1, cap - 1, f);
    out[n] = 0;
    fclose(f);
    return n > 0;
}

/* cgroup v2 cpu.max ("max 100000" or "QUOTA PERIOD") of the process's cgroup and its ancestors,
 * then cgroup v1 cpu.cfs_quota_us; the smallest limit wins. */
static double cgroup_quota(void)
{
    char cg[4096], path[4352], val[256];
    double best = 0;
    FILE *f = fopen("/proc/self/cgroup", "r");
    if (!f)
        return 0;
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        char *c1 = strchr(line, ':');
        char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (!c2)
            continue;
        *c2 = 0;
        snprintf(cg, sizeof cg, "%s", c2 + 1);
        const char *ctrls = c1 + 1;
        int v2 = !strcmp(line, "0") && !*ctrls;
        int v1 = !v2 && (!strcmp(ctrls, "cpu") || !strncmp(ctrls, "cpu,", 4) ||
                         strstr(ctrls, ",cpu,") || (strlen(ctrls) > 4 &&
                                                    !strcmp(ctrls + strlen(ctrls) - 4, ",cpu")));
        if (!v1 && !v2)
            continue;
        for (;;) {
            double q = 0;
            if (v2) {
                snprintf(path, sizeof path, "/sys/fs/cgroup%s/cpu.max", strcmp(cg, "/") ? cg : "");
                long long quota, period;
                if (read_small(path, val, sizeof val) &&
                    sscanf(val, "%lld %lld", &quota, &period) == 2 && quota > 0 && period > 0)
                    q = (double)quota / (double)period;
            } else {
                long long quota = 0, period = 0;
                snprintf(path, sizeof path, "/sys/fs/cgroup/cpu%s/cpu.cfs_quota_us",
                         strcmp(cg, "/") ? cg : "");
                if (read_small(path, val, sizeof val))
                    quota = atoll(val);
                snprintf(path, sizeof path, "/sys/fs/cgroup/cpu%s/cpu.cfs_period_us",
                         strcmp(cg, "/") ? cg : "");
                if (read_small(path, val, sizeof val))
                    period = atoll(val);
                if (quota > 0 && period > 0)
                    q = (double)quota / (double)period;
            }
            if (q > 0 && (best == 0 || q < best))
                best = q;
            char *slash = strrchr(cg, '/');
            if (!slash || !strcmp(cg, "/"))
                break;
            if (slash == cg)
                strcpy(cg, "/");
            else
                *slash = 0;
        }
    }
    fclose(f);
    return best;
}

static void machine_probe(machine *m)
{
    memset(m, 0, sizeof *m);
    snprintf(m->cpu_model, sizeof m->cpu_model, "unknown");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (f) {
        char line[512];
        while (fgets(line, sizeof line, f)) {
            if (!strncmp(line, "model name", 10)) {
                char *c = strchr(line, ':');
                if (c) {
                    c++;
                    c += strspn(c, " \t");
                    c[strcspn(c, "\n")] = 0;
                    snprintf(m->cpu_model, sizeof m->cpu_model, "%s", c);
                }
                break;
            }
        }
        fclose(f);
    }
    m->online = sysconf(_SC_NPROCESSORS_ONLN);
    if (m->online < 1)
        m->online = 1;
    cpu_set_t set;
    m->affinity = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : (int)m->online;
    m->quota = cgroup_quota();
    m->usable = m->affinity;
    if (m->quota > 0) {
        int q = (int)m->quota; /* rounded up: 1.5 CPUs of quota lets two threads run */
        if (m->quota - q > 1e-9)
            q++;
        if (q < m->usable)
            m->usable = q;
    }
    if (m->usable < 1)
        m->usable = 1;
}

/* ---- statistics into the result document ---------------------------------------------------- */

static double *samples_of(json_t *r, size_t *n)
{
    json_t *a = json_object_get(r, "samples");
    *n = json_array_size(a);
    double *xs = cc_xmalloc(*n * sizeof *xs);
    for (size_t i = 0; i < *n; i++)
        xs[i] = json_number_value(json_array_get(a, i));
    return xs;
}

static json_t *estimate_json(const cc_estimate *e)
{
    return json_pack("{s:f,s:[f,f]}", "median", e->point, "ci", e->lo, e->hi);
}

static const cc_bootstrap_opts BOOT = {.resamples = CC_BOOTSTRAP_RESAMPLES,
                                       .confidence = CC_BOOTSTRAP_CONFIDENCE,
                                       .seed = BENCH_SEED};

/* Adds the constants and workloads of one run's records to doc. Returns 0 (message in e) when a
 * workload has no serial run to compare with. */
static int summarise(json_t *records, const char *source, json_t *constants, json_t *workloads,
                     errbuf *e)
{
    size_t i;
    json_t *r;
    json_array_foreach(records, i, r)
    {
        if (strcmp(json_string_value(json_object_get(r, "type")), "constant"))
            continue;
        size_t n;
        double *xs = samples_of(r, &n);
        cc_estimate est;
        cc_stats_median_ci(xs, n, &BOOT, &est);
        free(xs);
        json_t *c = json_pack("{s:O,s:s,s:O,s:O}", "name", json_object_get(r, "name"), "source",
                              source, "unit", json_object_get(r, "unit"), "per",
                              json_object_get(r, "per"));
        json_t *est_json = estimate_json(&est);
        json_object_update(c, est_json);
        json_decref(est_json);
        json_t *sm = json_object_get(r, "start_method");
        if (json_is_string(sm))
            json_object_set(c, "start_method", sm);
        json_object_set(c, "samples", json_object_get(r, "samples"));
        json_array_append_new(constants, c);
    }
    /* Workloads in order of first appearance; each needs a serial run. */
    json_array_foreach(records, i, r)
    {
        if (strcmp(json_string_value(json_object_get(r, "type")), "scaling") ||
            strcmp(json_string_value(json_object_get(r, "model")), "serial"))
            continue;
        const char *name = json_string_value(json_object_get(r, "workload"));
        size_t nb;
        double *base = samples_of(r, &nb);
        json_t *w = json_pack("{s:s,s:s,s:O,s:f,s:O,s:[]}", "name", name, "source", source,
                              "tasks", json_object_get(r, "tasks"), "serial_median_s",
                              cc_stats_median(base, nb), "serial_samples",
                              json_object_get(r, "samples"), "results");
        json_t *results = json_object_get(w, "results");
        size_t j;
        json_t *q;
        json_array_foreach(records, j, q)
        {
            if (strcmp(json_string_value(json_object_get(q, "type")), "scaling") ||
                strcmp(json_string_value(json_object_get(q, "workload")), name) ||
                !strcmp(json_string_value(json_object_get(q, "model")), "serial"))
                continue;
            size_t no;
            double *other = samples_of(q, &no);
            cc_estimate sp;
            cc_stats_ratio_ci(base, nb, other, no, &BOOT, &sp);
            json_t *sm = json_object_get(q, "start_method");
            json_array_append_new(
                results, json_pack("{s:O,s:O,s:O,s:f,s:f,s:[f,f],s:O}", "model",
                                   json_object_get(q, "model"), "workers",
                                   json_object_get(q, "workers"), "start_method",
                                   sm ? sm : json_null(), "median_s", cc_stats_median(other, no),
                                   "speedup", sp.point, "ci", sp.lo, sp.hi, "samples",
                                   json_object_get(q, "samples")));
            free(other);
        }
        free(base);
        json_array_append_new(workloads, w);
    }
    json_array_foreach(records, i, r)
    {
        if (strcmp(json_string_value(json_object_get(r, "type")), "scaling"))
            continue;
        const char *name = json_string_value(json_object_get(r, "workload"));
        int found = 0;
        size_t j;
        json_t *w;
        json_array_foreach(workloads, j, w)
            found |= !strcmp(json_string_value(json_object_get(w, "name")), name);
        if (!found) {
            seterr(e, "workload \"%s\" has no serial run to compare with", name);
            return 0;
        }
    }
    return 1;
}

/* ---- labels and formatting ------------------------------------------------------------------ */

static const char *constant_label(const char *name, char *tmp, size_t cap)
{
    static const char *const table[][2] = {
        {"thread_start", "Python thread start (start + join)"},
        {"transfer.task", "Python task round trip (pool, pickle + pipe)"},
        {"transfer.byte", "Python transfer per byte (pickle + pipe)"},
        {"c.thread_start", "C thread start (pthread_create + join)"},
        {"c.fork_start", "C process start (fork + waitpid)"},
        {"c.pipe_byte", "C transfer per byte, pipe"},
        {"c.shm_byte", "C transfer per byte, shared memory"},
    };
    for (size_t i = 0; i < sizeof table / sizeof *table; i++)
        if (!strcmp(name, table[i][0]))
            return table[i][1];
    if (!strncmp(name, "process_start.", 14)) {
        snprintf(tmp, cap, "Python process start, %s (start + join)", name + 14);
        return tmp;
    }
    return name;
}

static const char *workload_label(const char *name)
{
    static const char *const table[][2] = {
        {"cpu_gil", "GIL-holding CPU (Python loop)"},
        {"native_nogil", "GIL-releasing native (sha256)"},
        {"wait", "blocking waits (time.sleep)"},
        {"payload", "large payload, little work"},
        {"c_cpu", "C CPU kernel (pthreads/fork)"},
    };
    for (size_t i = 0; i < sizeof table / sizeof *table; i++)
        if (!strcmp(name, table[i][0]))
            return table[i][1];
    return name;
}

static void fmt_seconds(double s, char *out, size_t cap)
{
    if (s < 1e-6)
        snprintf(out, cap, "%.3g ns", s * 1e9);
    else if (s < 1e-3)
        snprintf(out, cap, "%.3g us", s * 1e6);
    else if (s < 1)
        snprintf(out, cap, "%.3g ms", s * 1e3);
    else
        snprintf(out, cap, "%.3g s", s);
}

static void fmt_per_byte(double s, char *out, size_t cap)
{
    snprintf(out, cap, "%.3g ns/B", s * 1e9);
}

static double num(json_t *o, const char *k)
{
    return json_number_value(json_object_get(o, k));
}

static const char *str(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

/* The interpreter's short name: "3.13t" for a free-threaded build, else "3.13". */
static void interp_label(json_t *interp, char *out, size_t cap)
{
    int major = 0, minor = 0;
    sscanf(str(interp, "version"), "%d.%d", &major, &minor);
    snprintf(out, cap, "%d.%d%s", major, minor,
             json_is_true(json_object_get(interp, "gil_disabled_build")) ? "t" : "");
}

static void render_table(json_t *doc, FILE *f)
{
    json_t *m = json_object_get(doc, "machine");
    json_t *in = json_object_get(doc, "interpreter");
    json_t *cache = json_object_get(doc, "cache");
    char a[64], b[64], c[64], tmp[128];
    fprintf(f, "concur bench%s: measured %s\n", json_is_true(json_object_get(doc, "quick")) ?
                                                     " (--quick: rough figures)" : "",
            str(doc, "measured_at"));
    double quota = num(m, "cgroup_quota_cpus");
    if (quota > 0)
        snprintf(tmp, sizeof tmp, "cgroup quota %.2f CPUs", quota);
    else
        snprintf(tmp, sizeof tmp, "no cgroup quota");
    fprintf(f, "machine:      %s; %lld usable cores (%lld online, affinity %lld, %s)\n",
            str(m, "cpu_model"), json_integer_value(json_object_get(m, "usable_cores")),
            json_integer_value(json_object_get(m, "online_cpus")),
            json_integer_value(json_object_get(m, "affinity_cpus")), tmp);
    json_t *gil = json_object_get(in, "gil_enabled");
    int build_t = json_is_true(json_object_get(in, "gil_disabled_build"));
    interp_label(in, a, sizeof a);
    const char *impl = str(in, "implementation");
    fprintf(f, "interpreter:  %s -> %s (%s %s, %s build, GIL %s)\n", str(in, "path"),
            str(in, "resolved"), !strcmp(impl, "cpython") ? "CPython" : impl, str(in, "version"), build_t ? "free-threaded" : "default",
            json_is_false(gil) ? "disabled" : json_is_true(gil) || !build_t ? "enabled" : "unknown");
    fputs("start methods:", f);
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(in, "start_methods"), i, v)
        fprintf(f, "%s %s", i ? "," : "", json_string_value(v));
    fprintf(f, " (default: %s)\n", str(in, "default_start_method"));

    fprintf(f, "\n%-52s %-11s %s\n", "constant", "median", "95% interval");
    json_array_foreach(json_object_get(doc, "constants"), i, v)
    {
        json_t *ci = json_object_get(v, "ci");
        double lo = json_number_value(json_array_get(ci, 0)),
               hi = json_number_value(json_array_get(ci, 1));
        if (!strcmp(str(v, "per"), "byte")) {
            fmt_per_byte(num(v, "median"), a, sizeof a);
            fmt_per_byte(lo, b, sizeof b);
            fmt_per_byte(hi, c, sizeof c);
        } else {
            fmt_seconds(num(v, "median"), a, sizeof a);
            fmt_seconds(lo, b, sizeof b);
            fmt_seconds(hi, c, sizeof c);
        }
        fprintf(f, "  %-50s %-11s [%s, %s]\n", constant_label(str(v, "name"), tmp, sizeof tmp), a,
                b, c);
    }

    fprintf(f, "\nspeedup over serial: ratio of medians [95%% bootstrap interval]\n");
    fprintf(f, "%-32s %-8s %-22s %s\n", "workload", "workers", "threads", "processes");
    json_array_foreach(json_object_get(doc, "workloads"), i, v)
    {
        fmt_seconds(num(v, "serial_median_s"), a, sizeof a);
        snprintf(tmp, sizeof tmp, "%s for %lld tasks", a,
                 (long long)json_integer_value(json_object_get(v, "tasks")));
        fprintf(f, "%-32s %-8s %s\n", workload_label(str(v, "name")), "serial", tmp);
        json_t *results = json_object_get(v, "results");
        /* One row per worker count, threads and processes side by side. */
        long long seen[64];
        size_t nseen = 0, j;
        json_t *r;
        json_array_foreach(results, j, r)
        {
            long long w = json_integer_value(json_object_get(r, "workers"));
            int dup = 0;
            for (size_t k = 0; k < nseen; k++)
                dup |= seen[k] == w;
            if (dup || nseen == 64)
                continue;
            seen[nseen++] = w;
            char cell[2][64] = {"-", "-"};
            size_t k;
            json_t *q;
            json_array_foreach(results, k, q)
            {
                if (json_integer_value(json_object_get(q, "workers")) != w)
                    continue;
                int col = !strcmp(str(q, "model"), "processes");
                json_t *ci = json_object_get(q, "ci");
                const char *sm = str(q, "start_method");
                snprintf(cell[col], sizeof cell[col], "%.2fx [%.2f, %.2f]%s%s%s", num(q, "speedup"),
                         json_number_value(json_array_get(ci, 0)),
                         json_number_value(json_array_get(ci, 1)), col && *sm ? " (" : "",
                         col ? sm : "", col && *sm ? ")" : "");
            }
            fprintf(f, "%-32s %-8lld %-22s %s\n", "", w, cell[0], cell[1]);
        }
    }

    int notes = 0;
#define NOTE(...) (fputs(notes++ ? "" : "\n", f), fprintf(f, "note: " __VA_ARGS__))
    if (build_t && json_is_false(gil))
        NOTE("free-threaded build with the GIL disabled: GIL-holding Python work can scale in "
             "threads\n");
    else if (build_t && json_is_true(gil))
        NOTE("free-threaded build, but the GIL is enabled (PYTHON_GIL=1, or an extension module "
             "re-enabled it)\n");
    if (strcmp(str(in, "default_start_method"), "fork"))
        NOTE("processes start with `%s`, this interpreter's default: everything sent to them is "
             "pickled\n",
             str(in, "default_start_method"));
    if (json_is_true(json_object_get(cache, "hit")))
        NOTE("cached result measured at %s (%s); `concur bench --no-cache` measures again\n",
             str(doc, "measured_at"), str(cache, "file"));
#undef NOTE
}

/* ---- cache ------------------------------------------------------------------------------------ */

int cc_bench_mkdirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        int rc = mkdir(path, 0700);
        *p = '/';
        if (rc && errno != EEXIST)
            return -1;
    }
    return mkdir(path, 0700) && errno != EEXIST ? -1 : 0;
}

int cc_bench_cache_dir(char *dir, size_t cap)
{
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    if (xdg && xdg[0] == '/')
        snprintf(dir, cap, "%s/concur", xdg);
    else if (home && home[0] == '/')
        snprintf(dir, cap, "%s/.cache/concur", home);
    else
        return 0;
    return 1;
}

int cc_bench_cache_file(const char *kind, const char *key, char *dir, size_t dcap, char *path,
                        size_t pcap)
{
    if (!cc_bench_cache_dir(dir, dcap))
        return 0;
    snprintf(path, pcap, "%s/%s-%016llx.json", dir, kind,
             (unsigned long long)XXH64(key, strlen(key), 0));
    return 1;
}

int cc_bench_cache_write(const json_t *doc, const char *path, char *dir)
{
    char tmp[PATH_MAX + 64];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    if (cc_bench_mkdirs(dir) ||
        json_dump_file(doc, tmp, JSON_INDENT(2) | JSON_REAL_PRECISION(9)) ||
        rename(tmp, path)) {
        int saved = errno;
        unlink(tmp);
        errno = saved;
        return -1;
    }
    return 0;
}

static json_t *cache_load(const char *path, const char *key)
{
    json_t *doc = json_load_file(path, 0, NULL);
    if (!doc)
        return NULL;
    if (strcmp(str(doc, "schema"), CC_BENCH_SCHEMA) || strcmp(str(doc, "key"), key) ||
        !json_is_array(json_object_get(doc, "workloads")) ||
        !json_is_object(json_object_get(doc, "interpreter"))) {
        json_decref(doc);
        return NULL;
    }
    return doc;
}

static void cache_store(json_t *doc, const char *path, char *dir)
{
    if (cc_bench_cache_write(doc, path, dir))
        fprintf(stderr, "concur bench: warning: cannot write the cache file %s: %s\n", path,
                strerror(errno));
}

/* ---- the command ------------------------------------------------------------------------------ */

/* Finds name (PATH search when it has no '/') and writes its real path to out. Returns 0 when it
 * does not exist or is not an executable file. */
static int resolve_exe(const char *name, char *out)
{
    struct stat st;
    if (strchr(name, '/')) {
        if (stat(name, &st) || !S_ISREG(st.st_mode) || access(name, X_OK))
            return 0;
        return realpath(name, out) != NULL;
    }
    const char *path = getenv("PATH");
    if (!path || !*name)
        return 0;
    char cand[PATH_MAX];
    while (*path) {
        size_t n = strcspn(path, ":");
        snprintf(cand, sizeof cand, "%.*s/%s", (int)n, n ? path : ".", name);
        if (!stat(cand, &st) && S_ISREG(st.st_mode) && !access(cand, X_OK))
            return realpath(cand, out) != NULL;
        path += n + (path[n] == ':');
    }
    return 0;
}

typedef struct bench_opts {
    const char *python;
    int json, no_cache, quick;
    double timeout_s;
} bench_opts;

static int usage_error(const char *fmt, const char *arg)
{
    fputs("concur bench: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nRun 'concur bench --help' for usage.\n", stderr);
    return BENCH_USAGE;
}

static int fail(const errbuf *e, int rc)
{
    fprintf(stderr, "concur bench: error: %s\n", e->msg);
    return rc;
}

/* Writes the harness to a private temporary folder; returns 0 on failure. */
static int write_harness(char *dir, size_t dcap, char *file, size_t fcap)
{
    const char *t = getenv("TMPDIR");
    snprintf(dir, dcap, "%s/concur-bench-XXXXXX", t && t[0] == '/' ? t : "/tmp");
    if (!mkdtemp(dir))
        return 0;
    snprintf(file, fcap, "%s/concur_bench_harness.py", dir);
    FILE *f = fopen(file, "w");
    if (!f) {
        rmdir(dir);
        return 0;
    }
    size_t n = fwrite(cc_bench_harness_py, 1, cc_bench_harness_py_len, f);
    if (fclose(f) || n != cc_bench_harness_py_len) {
        unlink(file);
        rmdir(dir);
        return 0;
    }
    return 1;
}

static void workers_list(int usable, char *out, size_t cap, json_t *arr)
{
    int ws[16], n = 0;
    for (int w = 1; w <= usable && w <= 4; w *= 2)
        ws[n++] = w;
    if (n < 2)
        ws[n++] = 2; /* always one parallel column, even on one core */
    if (usable > ws[n - 1])
        ws[n++] = usable;
    size_t len = 0;
    out[0] = 0;
    for (int i = 0; i < n; i++) {
        len += (size_t)snprintf(out + len, cap - len, "%s%d", i ? "," : "", ws[i]);
        json_array_append_new(arr, json_integer(ws[i]));
    }
}

static void utc_now(char *out, size_t cap)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int emit(json_t *doc, const bench_opts *o)
{
    if (o->json) {
        json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(9));
        fputc('\n', stdout);
    } else {
        render_table(doc, stdout);
    }
    return fflush(stdout) ? BENCH_FAILED : BENCH_OK;
}

int cc_bench_main(int argc, char **argv)
{
    bench_opts o = {.python = "python3", .timeout_s = 0};
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(USAGE, stdout);
            return BENCH_OK;
        } else if (!strcmp(a, "--json")) {
            o.json = 1;
        } else if (!strcmp(a, "--no-cache")) {
            o.no_cache = 1;
        } else if (!strcmp(a, "--quick")) {
            o.quick = 1;
        } else if (!strcmp(a, "--python-exe") || !strcmp(a, "--timeout")) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value", a);
            const char *v = argv[++i];
            if (!strcmp(a, "--python-exe")) {
                o.python = v;
            } else {
                char *end;
                o.timeout_s = strtod(v, &end);
                if (end == v || *end || !(o.timeout_s > 0) || o.timeout_s > 86400)
                    return usage_error("--timeout needs a number of seconds, got `%s`", v);
            }
        } else if (!strncmp(a, "--python-exe=", 13)) {
            o.python = a + 13;
        } else {
            return usage_error("unknown option `%s`", a);
        }
    }
    if (o.timeout_s == 0)
        o.timeout_s = o.quick ? 300 : 1800;
    char exe[PATH_MAX];
    if (!resolve_exe(o.python, exe))
        return usage_error("--python-exe `%s`: no such executable file", o.python);

    machine m;
    machine_probe(&m);
    char hdir[PATH_MAX], hfile[PATH_MAX + 32];
    if (!write_harness(hdir, sizeof hdir, hfile, sizeof hfile)) {
        errbuf e;
        seterr(&e, "cannot write the harness to a temporary folder: %s", strerror(errno));
        return fail(&e, BENCH_FAILED);
    }
    int rc = BENCH_OK;
    errbuf e = {{0}};
    json_t *hello = NULL, *recs = NULL, *khello = NULL, *krecs = NULL, *doc = NULL;
    char key[PATH_MAX + 1024], cfile[PATH_MAX + 64], cdir[PATH_MAX];

    /* 1. Who is the interpreter? That, with the machine, is the cache key. */
    char *hello_argv[] = {(char *)o.python, "-I", "-B", hfile, "--hello-only", NULL};
    rc = run_protocol(hello_argv, "--python-exe", o.timeout_s < 60 ? o.timeout_s : 60, 1, &hello,
                      &recs, &e);
    json_decref(recs);
    recs = NULL;
    if (rc)
        goto out;
    snprintf(key, sizeof key, "%s|cpu=%s|usable=%d|online=%ld|exe=%s|impl=%s|version=%s|ft=%d|%s",
             CC_BENCH_SCHEMA, m.cpu_model, m.usable, m.online, exe, str(hello, "implementation"),
             str(hello, "version"), json_is_true(json_object_get(hello, "gil_disabled_build")),
             o.quick ? "quick" : "full");
    int have_cache = cc_bench_cache_file("bench", key, cdir, sizeof cdir, cfile, sizeof cfile);
    if (have_cache && !o.no_cache && (doc = cache_load(cfile, key))) {
        json_object_set_new(doc, "cache", json_pack("{s:b,s:s}", "hit", 1, "file", cfile));
        rc = emit(doc, &o);
        goto out;
    }

    /* 2. Measure: the Python harness, then the C kernel. */
    int repeats = o.quick ? 3 : 7, warmups = 1;
    char workers[128], reps[16], warms[16];
    json_t *wjson = json_array();
    workers_list(m.usable, workers, sizeof workers, wjson);
    snprintf(reps, sizeof reps, "%d", repeats);
    snprintf(warms, sizeof warms, "%d", warmups);
    if (isatty(STDERR_FILENO))
        fprintf(stderr, "concur bench: measuring %s (%s)...\n", exe,
                o.quick ? "a few seconds" : "a minute or two");
    char *py_argv[] = {(char *)o.python, "-I", "-B", hfile, "--workers", workers, "--repeats", reps,
                       "--warmups", warms, o.quick ? "--quick" : NULL, NULL};
    json_decref(hello);
    hello = NULL;
    rc = run_protocol(py_argv, "--python-exe", o.timeout_s, 1, &hello, &recs, &e);
    if (rc) {
        json_decref(wjson);
        goto out;
    }
    char self[PATH_MAX];
    ssize_t sl = readlink("/proc/self/exe", self, sizeof self - 1);
    if (sl <= 0) {
        seterr(&e, "cannot find this program (/proc/self/exe) to run the C kernel");
        rc = BENCH_FAILED;
        json_decref(wjson);
        goto out;
    }
    self[sl] = 0;
    char *k_argv[] = {self, "--internal-bench-kernel", "--workers", workers, "--repeats", reps,
                      "--warmups", warms, o.quick ? "--quick" : NULL, NULL};
    rc = run_protocol(k_argv, "C kernel", o.timeout_s, 0, &khello, &krecs, &e);
    if (rc) {
        rc = BENCH_FAILED; /* our own program: never a usage error */
        json_decref(wjson);
        goto out;
    }

    /* 3. Statistics and the document. */
    char when[32];
    utc_now(when, sizeof when);
    json_t *constants = json_array(), *workloads = json_array();
    if (!summarise(recs, "python", constants, workloads, &e) ||
        !summarise(krecs, "c", constants, workloads, &e)) {
        char msg[sizeof e.msg];
        memcpy(msg, e.msg, sizeof msg);
        seterr(&e, "the harness broke the protocol (docs/bench.md): %s", msg);
        json_decref(constants);
        json_decref(workloads);
        json_decref(wjson);
        rc = BENCH_FAILED;
        goto out;
    }
    json_t *interp = json_pack(
        "{s:s,s:s,s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:O}", "path", o.python, "resolved", exe,
        "executable", json_object_get(hello, "executable"), "implementation",
        json_object_get(hello, "implementation"), "version", json_object_get(hello, "version"),
        "gil_disabled_build", json_object_get(hello, "gil_disabled_build"), "gil_enabled",
        json_object_get(hello, "gil_enabled"), "start_methods",
        json_object_get(hello, "start_methods"), "default_start_method",
        json_object_get(hello, "default_start_method"), "cpu_count",
        json_object_get(hello, "cpu_count") ? json_object_get(hello, "cpu_count") : json_null());
    char label[32];
    interp_label(interp, label, sizeof label);
    json_object_set_new(interp, "label", json_string(label));
    doc = json_pack("{s:s,s:s,s:s,s:b,s:{s:s,s:I,s:i,s:o,s:i},s:o,s:{s:i,s:i,s:o,s:i,s:f,s:I},"
                    "s:o,s:o}",
                    "schema", CC_BENCH_SCHEMA, "measured_at", when, "key", key, "quick", o.quick,
                    "machine", "cpu_model", m.cpu_model, "online_cpus", (json_int_t)m.online,
                    "affinity_cpus", m.affinity, "cgroup_quota_cpus",
                    m.quota > 0 ? json_real(m.quota) : json_null(), "usable_cores", m.usable,
                    "interpreter", interp, "settings", "repeats", repeats, "warmups", warmups,
                    "workers", wjson, "bootstrap_resamples", CC_BOOTSTRAP_RESAMPLES, "confidence",
                    CC_BOOTSTRAP_CONFIDENCE, "seed", (json_int_t)BENCH_SEED, "constants",
                    constants, "workloads", workloads);
    if (!doc) {
        seterr(&e, "cannot build the result document");
        rc = BENCH_FAILED;
        goto out;
    }
    if (have_cache)
        cache_store(doc, cfile, cdir);
    json_object_set_new(doc, "cache", json_pack("{s:b,s:s?}", "hit", 0, "file",
                                                have_cache ? cfile : NULL));
    rc = emit(doc, &o);

out:
    unlink(hfile);
    rmdir(hdir);
    json_decref(hello);
    json_decref(recs);
    json_decref(khello);
    json_decref(krecs);
    json_decref(doc);
    if (rc && e.msg[0])
        return fail(&e, rc);
    return rc;
}
