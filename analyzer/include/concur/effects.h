/* effects.h - effect and cost summaries, payload sizes and spawn-site shapes (DESIGN.md,
 * Analyses 7; docs/advice.md).
 *
 * Costs are symbolic: a cc_poly is a small polynomial in the sizes of a function's parameters
 * (for a collection its length, for a string or bytes its length, for a number its value), plus
 * one variable U that stands for a magnitude concur could not find (a `while` loop, a loop over a
 * file, an argument of unknown size). Each function gets a summary: GIL-holding steps (a step is
 * one simple operation of the interpreter, about a bytecode), bytes of GIL-releasing native work,
 * seconds of blocking waits, and what its result holds. Summaries are computed on demand, bottom
 * up through the call graph (across modules), with recursion cut at the cycle.
 *
 * A site is a place that starts concurrent work (a SUBMIT or START semantic operation): its
 * shape — tasks, workers, work per task, payload and result sizes, start method — is what the
 * rules CC101, CC102 and CC301 judge, what the advice engine recommends from, and what
 * `concur check --verify` will turn into a micro-benchmark of the same shape. Every number is a
 * cc_est: a value with a flag saying whether it was found or is a nominal guess.
 *
 * Seconds come from cc_cost_constants: measured by `concur bench` when its cache exists, shipped
 * defaults otherwise. The effects object is read-only once built; it belongs to its program. */
#ifndef CONCUR_EFFECTS_H
#define CONCUR_EFFECTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "concur/ir.h"
#include "concur/program.h"
#include "concur/status.h"

/* ---- polynomials ---------------------------------------------------------------------------- */

enum {
    CC_POLY_PARAMS = 5,         /* variables 0..4: sizes of parameters 0..4 */
    CC_POLY_U = CC_POLY_PARAMS, /* variable 5: an unknown magnitude */
    CC_POLY_VARS = CC_POLY_PARAMS + 1,
    CC_POLY_TERMS = 6,  /* more terms than this are merged away (CC_POLYF_APPROX) */
    CC_POLY_MAXDEG = 4, /* total degree kept; higher powers are clamped (APPROX) */
};

enum {
    CC_POLYF_APPROX = 1u << 0, /* terms were dropped or degrees clamped: a lower bound */
};

typedef struct cc_mono {
    double coef;
    uint8_t deg[CC_POLY_VARS];
} cc_mono;

/* A sum of monomials. The zero polynomial has n == 0. Plain value: copy freely. */
typedef struct cc_poly {
    uint8_t n;
    uint8_t flags; /* CC_POLYF_* */
    cc_mono t[CC_POLY_TERMS];
} cc_poly;

/* Constructors and arithmetic. None of these can fail; results that need more than
 * CC_POLY_TERMS terms keep the largest ones (by degree, then coefficient) and set APPROX. */
cc_poly cc_poly_const(double c);
cc_poly cc_poly_var(int var); /* the size of parameter var, or CC_POLY_U */
cc_poly cc_poly_add(cc_poly a, cc_poly b);
cc_poly cc_poly_mul(cc_poly a, cc_poly b);
cc_poly cc_poly_scale(cc_poly a, double k);
/* a with every variable v replaced by args[v] (CC_POLY_VARS entries; args[CC_POLY_U] is
 * usually cc_poly_var(CC_POLY_U)). */
cc_poly cc_poly_subst(cc_poly a, const cc_poly *args);
/* True when the polynomial mentions variable var. */
bool cc_poly_uses(const cc_poly *a, int var);
/* True when it mentions any variable (it is not a constant). */
bool cc_poly_symbolic(const cc_poly *a);
/* Its value with the variables set to vals[0..CC_POLY_VARS). */
double cc_poly_eval(const cc_poly *a, const double *vals);
/* Writes it readably ("3*n0^2 + 5*U + 7") into buf; returns buf. */
const char *cc_poly_format(const cc_poly *a, char *buf, size_t cap);

/* ---- constants ------------------------------------------------------------------------------ */

/* Seconds per unit of each cost. Defaults are shipped; `concur bench` measures most of them. */
typedef struct cc_cost_constants {
    double step_s;             /* one GIL-holding step (Python) */
    double c_step_s;           /* one step of C code */
    double native_byte_s;      /* one byte of GIL-releasing native work (sha256-equivalent) */
    double thread_start_s;     /* Python thread start + join */
    double thread_task_s;      /* handing one task to a warm thread pool */
    double process_start_s[4]; /* per cc_start_method (index CC_SM_UNKNOWN: the platform's) */
    double task_s;             /* one pool task round trip: pickle + pipe both ways, no payload */
    double byte_s;             /* moving one payload byte to or from a worker process */
    double object_s;           /* pickling and unpickling one Python object of a payload */
    double interp_start_s;     /* starting one interpreter of an interpreter pool (3.14) */
    double c_thread_start_s;   /* pthread_create + join */
    double c_fork_s;           /* fork + waitpid */
    double c_pipe_byte_s;      /* one byte through a pipe */
    /* Default latency of one blocking call whose duration the code does not say. */
    double wait_net_s, wait_disk_s, wait_fs_s, wait_subprocess_s, wait_db_s, wait_other_s;
    /* The rules' thresholds ([tool.concur.thresholds] in the configuration); 0: the rule's
     * default (CC101: 5*10^4 steps; CC301: 1 MB, and a dispatch carrying less than a tenth of
     * a task round trip of work). */
    double cpu_bound_steps;
    double large_payload_bytes;
    double min_task_s;
    int cores;        /* usable cores */
    bool measured;    /* true when taken from `concur bench`'s cache */
    char source[512]; /* "shipped defaults" or the cache file */
} cc_cost_constants;

/* The shipped defaults, with cores = the usable cores of this machine. This function can't
 * fail. */
void cc_cost_constants_default(cc_cost_constants *out);

/* Fills out with the defaults, then overrides them with the most recent `concur bench` result
 * for this machine found in the cache folder ($XDG_CACHE_HOME/concur, else ~/.cache/concur).
 * Returns CC_OK when a measured result was used, CC_ERR_NOTFOUND when there is none (out holds
 * the defaults), CC_ERR_PARSE when a cache file is unreadable (out holds the defaults; the file
 * is named in err). Never runs anything. */
cc_status cc_cost_constants_load(cc_cost_constants *out, char *err, size_t errcap);

/* Same, reading one bench document (schema concur-bench/1) from path. */
cc_status cc_cost_constants_load_file(cc_cost_constants *out, const char *path, char *err,
                                      size_t errcap);

/* ---- function summaries --------------------------------------------------------------------- */

enum {
    CC_COSTF_UNKNOWN_CALL = 1u << 0, /* calls something whose cost concur does not know */
    CC_COSTF_RECURSIVE = 1u << 1,    /* part of a call cycle (its depth is the U variable) */
    CC_COSTF_DEEP = 1u << 2,         /* the call chain was cut at the depth bound */
    CC_COSTF_LOOP = 1u << 3,         /* has a loop (or recursion): its work grows with data */
    CC_COSTF_BLAS = 1u << 4,         /* calls a multi-threaded native library (BLAS, LAPACK) */
    CC_COSTF_WAIT_GUESSED = 1u << 5, /* some waits have a default latency, not a stated one */
    CC_COSTF_ASYNC_WAITS = 1u << 6,  /* every wait is one an event loop could overlap (network,
                                        sleep) */
    CC_COSTF_MT_UNSAFE = 1u << 7,    /* C: calls a function marked MT-Unsafe */
    CC_COSTF_EXEC = 1u << 8,         /* C: calls exec*: the process becomes another program */
    CC_COSTF_WAIT_OPEN = 1u << 9,    /* waits of no knowable length: queues, events, futures,
                                        joins (counted with no latency) */
};

/* Where a kind of cost comes from, for messages: an API name ("time.sleep", "hashlib.sha256")
 * or a function of the codebase, and a place. */
typedef struct cc_cost_source {
    const char *what; /* NULL when none */
    cc_op_id at;      /* unit CC_NONE when none */
} cc_cost_source;

typedef struct cc_cost {
    cc_poly gil;               /* GIL-holding steps (C: CPU steps, no GIL) */
    cc_poly native;            /* bytes of GIL-releasing native work */
    cc_poly wait_s;            /* seconds of blocking waits (stated, or default latencies) */
    cc_poly waits;             /* number of blocking calls */
    cc_poly ret;               /* size of the result (length or value), as for parameters */
    cc_poly ret_bytes;         /* pickled bytes of the result */
    cc_poly ret_objects;       /* Python objects in the result */
    uint32_t flags;            /* CC_COSTF_* */
    cc_cost_source hot;        /* the loop (or call) that does most GIL-holding work */
    cc_cost_source wait;       /* the first blocking call */
    cc_cost_source native_src; /* the first GIL-releasing native call */
    cc_cost_source unknown;    /* the first call of unknown cost */
    cc_cost_source mt_unsafe;  /* C: the first MT-Unsafe call */
} cc_cost;

/* ---- sites ------------------------------------------------------------------------------------
 */

/* A number and whether it was found (known) or is a nominal guess. */
typedef struct cc_est {
    double v;
    bool known;
} cc_est;

typedef enum cc_site_kind {
    CC_SITE_START,  /* a thread or process started (Thread.start, pthread_create, fork) */
    CC_SITE_SUBMIT, /* one task handed to a pool (submit, apply_async, to_thread) */
    CC_SITE_APPLY,  /* one task run in a pool while the caller blocks (Pool.apply) */
    CC_SITE_MAP,    /* a pool runs a function over an iterable (map, starmap, imap) */
} cc_site_kind;

typedef struct cc_site {
    uint32_t sem; /* index of the START/SUBMIT semantic operation */
    cc_op_id at;  /* the call that starts the work */
    cc_lang lang;
    uint8_t kind;         /* cc_site_kind */
    uint8_t model;        /* cc_model */
    uint8_t start_method; /* cc_start_method */
    bool sm_explicit;
    const char *api;         /* the knowledge-base name of the call */
    cc_func_id target;       /* the codebase function run, or unit CC_NONE */
    const char *target_name; /* "module.qualname", an API name, or NULL when unknown */
    bool target_known;       /* its cost could be estimated */
    /* the shape, per site */
    cc_est tasks;     /* tasks started here (per call of the enclosing function) */
    cc_est workers;   /* threads or processes that run them */
    cc_est chunksize; /* tasks per dispatch (map with chunks), else 1 */
    bool in_loop;     /* the call itself is repeated by a loop */
    bool many;        /* more than one copy of the work may run at once */
    /* per task */
    cc_est gil_steps;
    cc_est native_bytes;
    cc_est wait_s;
    cc_est wait_calls;
    cc_est payload_bytes;   /* sent to the worker (pickled for process pools) */
    cc_est payload_objects; /* Python objects in that payload */
    cc_est result_bytes;    /* sent back */
    cc_est result_objects;  /* Python objects in the result */
    cc_est init_bytes;      /* sent once per worker (initializer, initargs) */
    uint32_t cost_flags;    /* CC_COSTF_* of the work */
    cc_cost_source hot, wait, native_src, unknown, mt_unsafe;
    cc_op_id payload_at;      /* the argument that carries the largest payload (unit CC_NONE) */
    const char *payload_what; /* "a list of 10^7 items" style description, or NULL */
} cc_site;

typedef struct cc_effects cc_effects;

/* Computes the sites of a linked, lowered program and the summaries their work needs. costs may
 * be NULL (the defaults). Aborts only when memory is exhausted. */
cc_effects *cc_effects_new(cc_program *prog, const cc_cost_constants *costs);
void cc_effects_delete(cc_effects *self);

/* The constants in use. */
const cc_cost_constants *cc_effects_constants(const cc_effects *self);

/* The summary of a function, computed on first use (not thread-safe on first use). Never
 * NULL for a valid id. */
const cc_cost *cc_effects_summary(cc_effects *self, uint32_t unit, uint32_t func);

/* Sites, in program order. */
uint32_t cc_effects_site_count(const cc_effects *self);
const cc_site *cc_effects_site(const cc_effects *self, uint32_t i);

/* Estimated seconds of the site's whole work run serially, and the time the work of one task
 * takes (GIL steps, native bytes and waits, at the constants). */
double cc_site_task_seconds(const cc_site *s, const cc_cost_constants *k);

/* True when the target runtime runs Python threads in parallel: a free-threaded target (3.13t
 * and later) into which no imported extension re-enables the GIL. *reenabler receives the module
 * that re-enables it, when one does (NULL otherwise). */
bool cc_effects_free_threaded(const cc_effects *self, const char **reenabler);

/* A function's name for messages: "score" for "pkg.mod.score", "Crunch.run" for a method
 * "pkg.mod.Crunch.run"; "the task" for NULL. Points into qual. */
const char *cc_site_short_name(const char *qual);

/* Formats a count readably: "~10^7", "~3000", "~0.5"; into buf, returns buf. */
const char *cc_fmt_count(double v, char *buf, size_t cap);
/* Formats seconds: "~2 ms", "~0.4 s". */
const char *cc_fmt_seconds(double s, char *buf, size_t cap);
/* Formats bytes: "~80 MB", "~4 KiB". */
const char *cc_fmt_bytes(double b, char *buf, size_t cap);

#endif
