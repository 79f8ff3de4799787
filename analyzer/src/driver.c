/* driver.c - file discovery and parallel parsing; see driver.h. */
#include "concur/driver.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "concur/arena.h"
#include "frontend.h"

void cc_filelist_free(cc_filelist *self)
{
    for (size_t i = 0; i < self->n; i++)
        free(self->paths[i]);
    free(self->paths);
    memset(self, 0, sizeof(*self));
}

/* Folders never walked into (the list ruff skips by default). */
static const char *const SKIP_DIRS[] = {
    ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints",
    ".mypy_cache", ".nox", ".pants.d", ".pyenv", ".pytest_cache", ".pytype", ".ruff_cache",
    ".svn", ".tox", ".venv", ".vscode", "__pypackages__", "_build", "buck-out", "build", "dist",
    "node_modules", "site-packages", "venv", "__pycache__", NULL};

static bool excluded(const char *path, const char *const *ex, size_t nex)
{
    if (!nex)
        return false;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (size_t i = 0; i < nex; i++) {
        if (fnmatch(ex[i], path, 0) == 0 || fnmatch(ex[i], base, 0) == 0)
            return true;
        /* "tests/" style patterns and directory names match any component */
        size_t l = strlen(ex[i]);
        char pat[1024];
        snprintf(pat, sizeof pat, "*/%.*s", (int)(l && ex[i][l - 1] == '/' ? l - 1 : l), ex[i]);
        if (fnmatch(pat, path, 0) == 0)
            return true;
    }
    return false;
}

static bool has_ext(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext);
    return n > e && !strcmp(name + n - e, ext);
}

static const cc_frontend *frontend_for_name(const char *name)
{
    for (int i = 0; cc_frontends[i]; i++)
        for (int k = 0; cc_frontends[i]->extensions[k]; k++)
            if (has_ext(name, cc_frontends[i]->extensions[k]))
                return cc_frontends[i];
    return NULL;
}

/* An extension-less file whose first line is a shebang one of the front ends claims. */
static const cc_frontend *frontend_for_shebang(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return NULL;
    char buf[256];
    ssize_t n = read(fd, buf, sizeof buf);
    close(fd);
    if (n < 2)
        return NULL;
    size_t len = 0;
    while (len < (size_t)n && buf[len] != '\n')
        len++;
    for (int i = 0; cc_frontends[i]; i++)
        if (cc_frontends[i]->claims_first_line(buf, len))
            return cc_frontends[i];
    return NULL;
}

static void add(cc_filelist *out, const char *path)
{
    if (path[0] == '.' && path[1] == '/' && path[2])
        path += 2;
    char *copy = strdup(path);
    if (!copy)
        abort();
    CC_VEC_PUSH(out->paths, out->n, out->cap, copy);
}

static bool is_venv(const char *dir)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s/pyvenv.cfg", dir);
    return access(buf, F_OK) == 0;
}

static void walk(const char *dir, const char *const *ex, size_t nex, cc_filelist *out, int depth)
{
    if (depth > 64 || is_venv(dir))
        return;
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, cap = 0;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char *s = strdup(e->d_name);
        CC_VEC_PUSH(names, n, cap, s);
    }
    closedir(d);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        if (snprintf(path, sizeof path, "%s/%s", dir, names[i]) >= (int)sizeof path)
            goto next;
        struct stat st;
        if (lstat(path, &st) != 0 || S_ISLNK(st.st_mode))
            goto next; /* symlinks are not followed: no loops, no files outside the tree */
        if (excluded(path, ex, nex))
            goto next;
        if (S_ISDIR(st.st_mode)) {
            bool skip = false;
            for (int k = 0; SKIP_DIRS[k]; k++)
                if (!strcmp(names[i], SKIP_DIRS[k]))
                    skip = true;
            if (!skip)
                walk(path, ex, nex, out, depth + 1);
        } else if (S_ISREG(st.st_mode)) {
            if (frontend_for_name(names[i]))
                add(out, path);
            else if (!strchr(names[i], '.') && frontend_for_shebang(path))
                add(out, path);
        }
    next:
        free(names[i]);
    }
    free(names);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

cc_status cc_discover(const char *const *paths, size_t npaths, const char *const *excludes,
                      size_t nexcludes, cc_filelist *out, char *err, size_t errcap)
{
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < npaths; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            snprintf(err, errcap, "%s: %s", paths[i], strerror(errno));
            cc_filelist_free(out);
            return CC_ERR_NOTFOUND;
        }
        if (S_ISDIR(st.st_mode)) {
            char dir[4096];
            snprintf(dir, sizeof dir, "%s", paths[i]);
            size_t l = strlen(dir);
            while (l > 1 && dir[l - 1] == '/')
                dir[--l] = 0;
            walk(dir, excludes, nexcludes, out, 0);
        } else {
            /* A file named on the command line is analysed whatever its name. */
            add(out, paths[i]);
        }
    }
    if (out->n > 1) /* an empty list has no array: qsort must not see NULL */
        qsort(out->paths, out->n, sizeof(char *), cmp_str);
    size_t w = 0;
    for (size_t r = 0; r < out->n; r++) {
        if (w && !strcmp(out->paths[w - 1], out->paths[r])) {
            free(out->paths[r]);
            continue;
        }
        out->paths[w++] = out->paths[r];
    }
    out->n = w;
    return CC_OK;
}

/* ---- parsing ------------------------------------------------------------------------------- */

typedef struct job {
    const cc_filelist *files;
    const cc_frontend_opts *opts;
    cc_interner *in;
    cc_unit **units;
    atomic_size_t next;
    atomic_size_t done;      /* files parsed, for the progress line */
} job;

static cc_unit *problem_unit(cc_interner *in, const char *path, const char *fmt, const char *arg)
{
    const cc_frontend *fe = frontend_for_name(path);
    cc_builder *b = cc_builder_new(in, fe ? fe->lang : CC_LANG_PYTHON, path, "", 0, "utf-8");
    cc_builder_func_begin(b, CC_FUNC_MODULE, cc_intern_cstr(in, "<module>"),
                          cc_intern_cstr(in, "<module>"), CC_NONE, 0, 0, 0);
    cc_builder_func_end(b);
    cc_builder_diag(b, CC_SEV_WARNING, 0, 0, fmt, arg);
    return cc_builder_finish(b);
}

static cc_unit *parse_one(const char *path, cc_interner *in, void **workers,
                          const cc_frontend_opts *opts)
{
    const cc_frontend *fe = frontend_for_name(path);
    if (!fe)
        fe = frontend_for_shebang(path);
    if (!fe)
        fe = &cc_frontend_python; /* named on the command line: read as Python */
    /* Look before opening: opening a FIFO or a device could block for ever. */
    struct stat st;
    if (stat(path, &st) != 0)
        return problem_unit(in, path, "cannot read this file: %s", strerror(errno));
    if (!S_ISREG(st.st_mode))
        return problem_unit(in, path, "%s", "not a regular file; not analysed");
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return problem_unit(in, path, "cannot read this file: %s", strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return problem_unit(in, path, "%s", "not a regular file; not analysed");
    }
    if ((size_t)st.st_size > CC_MAX_FILE_BYTES) {
        close(fd);
        char lim[64];
        snprintf(lim, sizeof lim, "%u MiB", CC_MAX_FILE_BYTES >> 20);
        return problem_unit(in, path, "file larger than %s; not analysed", lim);
    }
    size_t cap = (size_t)st.st_size + 1, len = 0;
    char *buf = cc_xmalloc(cap);
    for (;;) {
        if (len == cap) {
            cap *= 2;
            buf = cc_xrealloc(buf, cap);
        }
        ssize_t r = read(fd, buf + len, cap - len);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            close(fd);
            free(buf);
            return problem_unit(in, path, "cannot read this file: %s", strerror(e));
        }
        if (r == 0)
            break;
        len += (size_t)r;
        if (len > CC_MAX_FILE_BYTES)
            break;
    }
    close(fd);
    if (memchr(buf, 0, len < 8192 ? len : 8192)) {
        free(buf);
        return problem_unit(in, path, "%s", "binary file (it contains NUL bytes); not analysed");
    }
    int fi = 0;
    while (cc_frontends[fi] != fe)
        fi++;
    if (!workers[fi])
        workers[fi] = fe->worker_new_opts ? fe->worker_new_opts(opts) : fe->worker_new();
    cc_unit *u = fe->parse(workers[fi], in, path, buf, len);
    free(buf);
    return u;
}

static void *worker_main(void *arg)
{
    job *j = arg;
    void *workers[8] = {0};
    for (;;) {
        size_t i = atomic_fetch_add(&j->next, 1);
        if (i >= j->files->n)
            break;
        j->units[i] = parse_one(j->files->paths[i], j->in, workers, j->opts);
        size_t done = atomic_fetch_add(&j->done, 1) + 1;
        /* One thread at a time passes each multiple of 64, so lines do not interleave. */
        if (j->opts && j->opts->progress && (done % 64 == 0 || done == j->files->n))
            fprintf(stderr, "\rconcur: parsed %zu of %zu files", done, j->files->n);
    }
    for (int i = 0; cc_frontends[i]; i++)
        if (workers[i])
            cc_frontends[i]->worker_delete(workers[i]);
    return NULL;
}

int cc_usable_cores(void)
{
    int n = 1;
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        n = CPU_COUNT(&set);
    /* cgroup v2 quota: "max 100000" or "200000 100000" */
    FILE *f = fopen("/sys/fs/cgroup/cpu.max", "r");
    if (f) {
        char q[32];
        long period = 0;
        if (fscanf(f, "%31s %ld", q, &period) == 2 && strcmp(q, "max") != 0 && period > 0) {
            long quota = atol(q);
            int lim = (int)((quota + period - 1) / period);
            if (lim >= 1 && lim < n)
                n = lim;
        }
        fclose(f);
    }
    return n < 1 ? 1 : n;
}

cc_unit **cc_parse_files(const cc_filelist *files, int jobs, cc_interner *in)
{
    return cc_parse_files_opts(files, jobs, in, NULL);
}

cc_unit **cc_parse_files_opts(const cc_filelist *files, int jobs, cc_interner *in,
                              const cc_frontend_opts *opts)
{
    cc_unit **units = cc_xcalloc(files->n + 1, sizeof(cc_unit *));
    static const cc_frontend_opts no_opts = {0};
    job j = {.files = files, .in = in, .units = units, .opts = opts ? opts : &no_opts};
    atomic_init(&j.next, 0);
    if (jobs <= 0)
        jobs = cc_usable_cores();
    if ((size_t)jobs > files->n)
        jobs = files->n ? (int)files->n : 1;
    if (jobs == 1) {
        worker_main(&j);
        return units;
    }
    pthread_t *threads = cc_xcalloc((size_t)jobs, sizeof(pthread_t));
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 16u << 20);
    int started = 0;
    for (int t = 0; t < jobs; t++)
        if (pthread_create(&threads[t], &attr, worker_main, &j) == 0)
            started++;
        else
            break;
    pthread_attr_destroy(&attr);
    if (started == 0)
        worker_main(&j);
    for (int t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    free(threads);
    return units;
}
