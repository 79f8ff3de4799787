/* forks.h - what the process rules (CC202, CC204, CC304) need besides the thread model: calls
 * looked up in the knowledge base by effect, who runs the code after a fork (the parent, the
 * child or both), and which threads the thread model has no context for may be running.
 *
 * All objects here are built from a linked, lowered program (and its shared analyses), are
 * read-only once built, and are freed by their _delete function. */
#ifndef CONCUR_FORKS_H
#define CONCUR_FORKS_H

#include <stdbool.h>
#include <stdint.h>

#include "concur/analysis.h"
#include "concur/program.h"

struct cc_kb_entry;

/* ---- knowledge-base entries by effect ------------------------------------------------------
 *
 * A name may have several entries (`strtok` under POSIX and under glibc; `exit` is MT-Unsafe and
 * ends the process); cc_program_kb_find returns one of them. An index keeps every entry of the
 * effects asked for. */

typedef struct cc_kbindex cc_kbindex;

/* Indexes the built-in entries whose effect e has bit (1u << e) in `effects`, and the program's
 * own entry of the same name when it has one of those effects. Never NULL. */
cc_kbindex *cc_kbindex_new(const cc_program *prog, uint64_t effects);
void cc_kbindex_delete(cc_kbindex *self);

/* The entries of the callable that CALL op (unit, func, op) calls, when it is a library function
 * of an indexed name (resolved through imports and aliases). Writes up to max entries to out
 * and returns how many it wrote; 0 when none. This function can't fail. */
uint32_t cc_kbindex_call(const cc_kbindex *self, uint32_t unit, uint32_t func, uint32_t op,
                         const struct cc_kb_entry **out, uint32_t max);

/* The entries named `name` (a qualified name such as "os.environ.__setitem__"). */
uint32_t cc_kbindex_find(const cc_kbindex *self, const char *name,
                         const struct cc_kb_entry **out, uint32_t max);

/* True when the CALL op calls an entry of effect e. */
bool cc_kbindex_call_is(const cc_kbindex *self, uint32_t unit, uint32_t func, uint32_t op,
                        int effect);

/* ---- who runs the code after a fork ---------------------------------------------------------
 *
 * After `pid = fork()` both processes run on; a branch on the result (`pid == 0`, `!pid`,
 * `pid > 0`, `if pid:` in Python) sends the child one way and the parent the other, and a call
 * that ends the process (`_exit`, `exit`, an `exec`, `os._exit`) ends that path. A forward
 * analysis over the fork's function says, for each op, which of the two may run it after the
 * fork. A `switch` on the result keeps both (case values are not in the IR). Code in other
 * functions is not covered: callers see the fork's function return in both processes unless
 * every path of the child ends. */

enum { CC_FORK_PARENT = 1u, CC_FORK_CHILD = 2u };

typedef struct cc_fork_region cc_fork_region;

/* Builds the region of the fork call at `fork` (a CALL op). `exits` must index the EXIT and
 * EXEC effects. Never NULL. */
cc_fork_region *cc_fork_region_new(const cc_program *prog, const cc_kbindex *exits,
                                   cc_op_id fork);
void cc_fork_region_delete(cc_fork_region *self);
/* CC_FORK_PARENT | CC_FORK_CHILD: which processes may run op of the fork's function after the
 * fork (0: only before it, or never). */
uint8_t cc_fork_region_who(const cc_fork_region *self, uint32_t op);
/* True when some path of the child returns from the fork's function (it does not end in an
 * exit or exec call there). */
bool cc_fork_region_child_returns(const cc_fork_region *self);

/* ---- threads without a context -----------------------------------------------------------
 *
 * The thread model (threads.c) has a context for each thread or thread-pool task that runs a
 * function of the codebase. Other threads run too: a `Thread(target=server.serve_forever)` or a
 * `pthread_create` of a function pointer it cannot resolve, tasks of library functions
 * submitted to a thread pool, and threads that libraries start by themselves — the three
 * handler threads of every `multiprocessing.Pool` (and `ThreadPool`), from its creation until
 * `close()`/`terminate()`/`join()` or the end of its `with` block, and the manager thread of a
 * `ProcessPoolExecutor`, from its first `submit`/`map` until `shutdown()` or the end of its
 * `with` block. These are "sources"; their liveness is a forward may-analysis like the thread
 * model's (a JOIN of the source's handle ends it; in a loop, on the loop's exit), with
 * summaries through calls. Entry sets are computed for the functions queried and their callers
 * in the call graph. */

typedef struct cc_libthreads cc_libthreads;

typedef struct cc_thread_source {
    uint32_t sem;            /* the semantic op that starts it */
    cc_op_id at;             /* where */
    uint32_t handle;         /* node of its thread object, pool or executor, or CC_NONE */
    const char *what;        /* "a thread running `serve_forever`", "the handler threads of
                                `multiprocessing.Pool`" (owned by the object) */
} cc_thread_source;

/* Builds the analysis; queries[0..n) are the gids whose ops will be asked about. Never NULL. */
cc_libthreads *cc_libthreads_new(const cc_program *prog, const cc_analyses *an,
                                 const uint32_t *queries, uint32_t n);
void cc_libthreads_delete(cc_libthreads *self);
uint32_t cc_libthreads_count(const cc_libthreads *self);
const cc_thread_source *cc_libthreads_source(const cc_libthreads *self, uint32_t i);
/* The sources that may be running just before op of function gid: writes up to max indices to
 * out and returns how many there are. For a gid not given as a query, only what the function
 * itself starts counts. */
uint32_t cc_libthreads_live_at(const cc_libthreads *self, uint32_t gid, uint32_t op,
                               uint32_t *out, uint32_t max);

/* True when the unit is the source of a module whose threads and processes the knowledge base
 * already describes (threading, concurrent.futures.thread, multiprocessing.pool: checking the
 * standard library itself). The threads such a module starts inside its own implementation
 * are modelled by the knowledge base at each call into it, and its internals (a pool worker
 * calling `fn(*args)`) would otherwise run every task of the program in one context. */
bool cc_unit_implements_kb(const cc_program *prog, uint32_t unit);

/* Calls with more possible callees than this are left out of the reachability and liveness
 * computed here: such a call site (`self.setUp()` in a test framework's loop, `fn(*args)` in a
 * dispatcher) is where the context-insensitive call graph merges everything, and following it
 * would put every function of the program in every thread. */
#define CC_FORKS_MAX_CALLEES 8

/* Marks in reach[gid] (nfuncs entries, zeroed by the caller) the functions that calls from
 * `entry` may run, through call sites with at most CC_FORKS_MAX_CALLEES callees. */
void cc_reach_calls(const cc_analyses *an, uint32_t entry, uint8_t *reach);

/* The number of callees of the call at `op` of gid whose edges start at edges[i] (edges sorted by
 * op, as cc_callgraph_out returns them). */
uint32_t cc_callees_at(const cc_call_edge *edges, uint32_t n, uint32_t i);

/* The thread model's contexts as the process rules use them: a function runs in a context when
 * its entry reaches it through call sites of at most CC_FORKS_MAX_CALLEES callees, and contexts
 * started inside a module the knowledge base describes (cc_unit_implements_kb) are left out.
 * Answers are computed on first use and cached, so the object is not thread-safe. */
typedef struct cc_ctxview cc_ctxview;

cc_ctxview *cc_ctxview_new(const cc_program *prog, const cc_analyses *an);
void cc_ctxview_delete(cc_ctxview *self);
/* True when function gid may run in context ctx (ctx >= 1). */
bool cc_ctxview_runs_in(cc_ctxview *self, uint32_t gid, uint32_t ctx);
/* True when context ctx (>= 1) may be running just before op of gid, and is not left out. */
bool cc_ctxview_live_at(cc_ctxview *self, uint32_t gid, uint32_t op, uint32_t ctx);

/* The node a START/JOIN/SUBMIT semantic op names as its handle: the thread object, the pool or
 * executor (Python), the pthread_t place (C); CC_NONE when unknown. */
uint32_t cc_sem_handle_node(const cc_program *prog, const cc_pointsto *pt, const cc_sem *s);

#endif
