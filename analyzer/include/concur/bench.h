/* bench.h - `concur bench`: calibrates this machine for the cost model.
 *
 * The runner starts its own harness (an embedded Python script, run by the interpreter named by
 * --python-exe) and its own C kernel (this binary, `concur --internal-bench-kernel`) as child
 * processes with argv arrays (posix_spawn, never a shell), each in its own process group and with a
 * time limit after which the whole group is killed. Both speak the line-delimited JSON protocol of
 * docs/bench.md on stdout; every line is validated. Statistics come from concur/bench_stats.h.
 * Results are cached in $XDG_CACHE_HOME/concur/bench-<key>.json (default ~/.cache), keyed by the
 * machine and the interpreter. Analysed code is never run here. */
#ifndef CONCUR_BENCH_H
#define CONCUR_BENCH_H

#include <jansson.h>
#include <stddef.h>

#include "concur/status.h"

/* The protocol version spoken by the harness and the kernel (the "protocol" field of hello). */
#define CC_BENCH_PROTOCOL 1

/* Version of the --json document and of the cache files ("schema": "concur-bench/1"). */
#define CC_BENCH_SCHEMA "concur-bench/1"

/* Exit codes of `concur bench`: 0 measured (or served from the cache), 2 bad usage or an
 * interpreter that does not exist, 3 the harness or kernel failed, timed out or broke the
 * protocol. */

/* `concur bench [options]`: argv holds the arguments after "bench" (argv[0] is the first option,
 * argc may be 0). Prints the table (or --json) on stdout and errors on stderr; returns the exit
 * code. Not thread-safe with respect to other users of the process's children (it waits on its
 * own children by pid only). */
int cc_bench_main(int argc, char **argv);

/* `concur --internal-bench-kernel [options]`: the C kernel, run by cc_bench_main in a child.
 * argv[0] is "--internal-bench-kernel". Writes protocol lines to stdout; returns the exit code. */
int cc_bench_kernel_main(int argc, char **argv);

/* ---- building blocks shared with `concur check --verify` ----------------------------------- */

/* The outcome of one child run. Free with cc_bench_child_clear. */
typedef struct cc_bench_child {
    char *out;       /* everything the child wrote on stdout, NUL-terminated */
    size_t out_len;
    char *err;       /* everything it wrote on stderr, NUL-terminated */
    size_t err_len;
    int exited;      /* 1 when it exited by itself: see status */
    int status;      /* exit status when exited, else the signal that ended it */
    int timed_out;   /* 1 when the time limit was reached and the group was killed */
} cc_bench_child;

/* Runs argv[0] (looked up in PATH when it has no '/') with argv, stdin from /dev/null, in a new
 * process group, and collects its stdout and stderr until it exits or timeout_s seconds pass; then
 * kills whatever is left of its process group (pool workers, servers). The environment is
 * inherited.
 *
 * Returns CC_OK when the child ran (whatever its exit status; see *out), CC_ERR_NOTFOUND when it
 * could not be started because the program does not exist or is not executable, CC_ERR_IO for any
 * other failure to start it (the reason in *err_out, a static string). */
cc_status cc_bench_child_run(char *const argv[], double timeout_s, cc_bench_child *out,
                             const char **err_out);

/* Frees what cc_bench_child_run allocated. NULL and zeroed structs are allowed. */
void cc_bench_child_clear(cc_bench_child *self);

/* concur's cache folder, $XDG_CACHE_HOME/concur or ~/.cache/concur, into dir. Returns 0 when
 * neither variable names an absolute folder (no cache then), else 1. Does not create it. */
int cc_bench_cache_dir(char *dir, size_t cap);

/* Creates path and its missing parents (mode 0700). Returns 0, or -1 with errno set. path is
 * written to while it runs and restored. */
int cc_bench_mkdirs(char *path);

/* The cache file of a kind ("bench", "verdict") for key: dir/KIND-<64-bit hash of key>.json,
 * with the cache folder into dir. Returns 0 when there is no cache folder, else 1. */
int cc_bench_cache_file(const char *kind, const char *key, char *dir, size_t dcap, char *path,
                        size_t pcap);

/* Writes doc to path atomically (a temporary file renamed over it), making dir first. Returns
 * 0, or -1 with errno set (nothing is left behind). */
int cc_bench_cache_write(const json_t *doc, const char *path, char *dir);

#endif
