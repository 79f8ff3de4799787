/* ts-parse-only: the baseline concur's speed is measured against.
 *
 * Reads a list of file paths (one per line; from the file named by the last argument, or from
 * stdin when it is "-"), then, timed, reads each file's bytes and parses them with tree-sitter's
 * Python grammar, deleting each tree straight away. At the end it prints one line:
 *
 *     files=N bytes=B seconds=S
 *
 * where S is the wall time (CLOCK_MONOTONIC) of the read+parse loop only: reading the list and
 * setting up are not timed, reading the files is (concur has to read them too). `-j N` parses on N
 * threads, each with its own TSParser, taking the next file from a shared atomic counter.
 *
 * Files are parsed as raw bytes, handed to tree-sitter as UTF-8: no PEP 263 cookie or BOM is
 * looked at and nothing is decoded. For the (almost always UTF-8) files of a real codebase this is
 * the least work a tree-sitter-based tool can do per file, which is what a baseline should be.
 *
 * Exit status: 0; 1 when some file could not be read (a message names it on stderr, the rest are
 * still parsed and counted, the unreadable ones are not); 2 on bad usage or setup failure.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_python(void);

enum { MAX_THREADS = 256 };

struct path_list {
    char **paths;
    size_t count;
};

struct shared {
    const struct path_list *list;
    atomic_size_t next;
};

struct worker {
    pthread_t thread;
    struct shared *shared;
    size_t files;
    uint64_t bytes;
    size_t failures;
    bool setup_failed;
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: ts-parse-only [-j N] LIST\n"
            "  LIST  file of paths to parse, one per line ('-' reads them from stdin)\n"
            "  -j N  parse on N threads (default 1)\n"
            "prints: files=N bytes=B seconds=S (wall time of reading and parsing the files)\n");
}

/* Reads every line of `in` into `list`, dropping line ends and empty lines. */
static bool read_list(FILE *in, struct path_list *list)
{
    size_t cap = 0;
    char *line = NULL;
    size_t line_cap = 0;
    ssize_t len;
    while ((len = getline(&line, &line_cap, in)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0)
            continue;
        if (list->count == cap) {
            cap = cap ? cap * 2 : 1024;
            char **grown = realloc(list->paths, cap * sizeof *grown);
            if (!grown) {
                free(line);
                return false;
            }
            list->paths = grown;
        }
        list->paths[list->count] = strdup(line);
        if (!list->paths[list->count]) {
            free(line);
            return false;
        }
        list->count++;
    }
    free(line);
    return !ferror(in);
}

/* Reads the whole of `path` into `*buf` (grown as needed); returns its length, or -1 with errno. */
static ssize_t read_file(const char *path, char **buf, size_t *cap)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    size_t want = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096;
    size_t len = 0;
    for (;;) {
        if (len + 1 >= *cap || want > *cap) {
            size_t new_cap = *cap ? *cap : 4096;
            while (new_cap < want || new_cap <= len + 1)
                new_cap *= 2;
            char *grown = realloc(*buf, new_cap);
            if (!grown) {
                close(fd);
                errno = ENOMEM;
                return -1;
            }
            *buf = grown;
            *cap = new_cap;
        }
        ssize_t got = read(fd, *buf + len, *cap - len - 1);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            int saved = errno;
            close(fd);
            errno = saved;
            return -1;
        }
        if (got == 0)
            break;
        len += (size_t)got;
    }
    close(fd);
    (*buf)[len] = '\0';
    return (ssize_t)len;
}

static void *work(void *arg)
{
    struct worker *w = arg;
    TSParser *parser = ts_parser_new();
    if (!parser || !ts_parser_set_language(parser, tree_sitter_python())) {
        fprintf(stderr,
                "ts-parse-only: cannot set up the Python parser (grammar ABI %u, runtime %u..%u)\n",
                ts_language_version(tree_sitter_python()),
                TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION, TREE_SITTER_LANGUAGE_VERSION);
        w->setup_failed = true;
        if (parser)
            ts_parser_delete(parser);
        return NULL;
    }
    char *buf = NULL;
    size_t cap = 0;
    const struct path_list *list = w->shared->list;
    for (;;) {
        size_t i = atomic_fetch_add_explicit(&w->shared->next, 1, memory_order_relaxed);
        if (i >= list->count)
            break;
        ssize_t len = read_file(list->paths[i], &buf, &cap);
        if (len < 0) {
            fprintf(stderr, "ts-parse-only: %s: %s\n", list->paths[i], strerror(errno));
            w->failures++;
            continue;
        }
        if ((uint64_t)len > UINT32_MAX) {
            fprintf(stderr, "ts-parse-only: %s: too large for tree-sitter\n", list->paths[i]);
            w->failures++;
            continue;
        }
        TSTree *tree = ts_parser_parse_string_encoding(parser, NULL, buf, (uint32_t)len,
                                                       TSInputEncodingUTF8);
        if (!tree) {
            fprintf(stderr, "ts-parse-only: %s: tree-sitter returned no tree\n", list->paths[i]);
            w->failures++;
            ts_parser_reset(parser);
            continue;
        }
        ts_tree_delete(tree);
        w->files++;
        w->bytes += (uint64_t)len;
    }
    free(buf);
    ts_parser_delete(parser);
    return NULL;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool parse_jobs(const char *text, long *jobs)
{
    char *end;
    errno = 0;
    long n = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || n < 1 || n > MAX_THREADS)
        return false;
    *jobs = n;
    return true;
}

int main(int argc, char **argv)
{
    long jobs = 1;
    const char *list_path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strncmp(arg, "-j", 2) == 0) {
            /* "-j N" or "-jN" */
            const char *value = arg[2] != '\0' ? arg + 2 : (i + 1 < argc ? argv[++i] : "");
            if (!parse_jobs(value, &jobs)) {
                fprintf(stderr, "ts-parse-only: -j needs a thread count from 1 to %d\n",
                        MAX_THREADS);
                return 2;
            }
        } else if (arg[0] == '-' && arg[1] != '\0') {
            fprintf(stderr, "ts-parse-only: unknown option %s\n", arg);
            usage(stderr);
            return 2;
        } else if (list_path) {
            fprintf(stderr, "ts-parse-only: only one LIST may be given\n");
            return 2;
        } else {
            list_path = arg;
        }
    }
    if (!list_path) {
        usage(stderr);
        return 2;
    }

    struct path_list list = {0};
    FILE *in = strcmp(list_path, "-") == 0 ? stdin : fopen(list_path, "r");
    if (!in) {
        fprintf(stderr, "ts-parse-only: %s: %s\n", list_path, strerror(errno));
        return 2;
    }
    bool ok = read_list(in, &list);
    if (in != stdin)
        fclose(in);
    if (!ok) {
        fprintf(stderr, "ts-parse-only: cannot read the list %s\n", list_path);
        return 2;
    }

    struct shared shared = {.list = &list};
    atomic_init(&shared.next, 0);
    struct worker workers[MAX_THREADS];
    memset(workers, 0, sizeof workers);

    double start = now_seconds();
    if (jobs == 1) {
        workers[0].shared = &shared;
        work(&workers[0]);
    } else {
        long started = 0;
        for (; started < jobs; started++) {
            workers[started].shared = &shared;
            int err = pthread_create(&workers[started].thread, NULL, work, &workers[started]);
            if (err != 0) {
                fprintf(stderr, "ts-parse-only: cannot start thread: %s\n", strerror(err));
                break;
            }
        }
        for (long t = 0; t < started; t++)
            pthread_join(workers[t].thread, NULL);
        if (started < jobs)
            return 2;
    }
    double seconds = now_seconds() - start;

    size_t files = 0;
    size_t failures = 0;
    uint64_t bytes = 0;
    bool setup_failed = false;
    for (long t = 0; t < jobs; t++) {
        files += workers[t].files;
        bytes += workers[t].bytes;
        failures += workers[t].failures;
        setup_failed |= workers[t].setup_failed;
    }
    for (size_t i = 0; i < list.count; i++)
        free(list.paths[i]);
    free(list.paths);
    if (setup_failed)
        return 2;

    printf("files=%zu bytes=%llu seconds=%.6f\n", files, (unsigned long long)bytes, seconds);
    if (failures) {
        fprintf(stderr, "ts-parse-only: %zu file(s) could not be parsed\n", failures);
        return 1;
    }
    return 0;
}
