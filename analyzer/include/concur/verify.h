/* verify.h - `concur check --verify`: proves each advice record with a micro-benchmark of the same
 * shape as its site, on this machine (DESIGN.md, Benchmark runner; docs/bench.md).
 *
 * For every advice record a plan is made from the site's shape (cc_site): GIL-holding steps per
 * task become a pure-Python loop calibrated like `concur bench`'s cpu_gil work, native bytes
 * become sha256 over that many bytes, waits become time.sleep, the payload a bytes object of its
 * size sent with each task. Huge shapes are scaled down (fewer tasks, then less work per task) so
 * that one serial run stays under a cap, and the verdict says so. The plan runs serially, with a
 * thread pool and with a process pool, in the embedded verify harness (an interpreter given by
 * --python-exe, argv arrays, never a shell), one fresh process per repeat. The verdict compares
 * the recommended model with the current one (or, when they are the same, with the fastest other
 * model) by a bootstrap interval on the ratio of medians (concur/bench_stats.h).
 *
 * Analysed code is never run in the synthetic mode. */
#ifndef CONCUR_VERIFY_H
#define CONCUR_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "concur/advice.h"
#include "concur/bench_stats.h"
#include "concur/effects.h"
#include "concur/program.h"
#include "concur/status.h"

typedef enum cc_verify_mode {
    CC_VERIFY_OFF = 0,
    CC_VERIFY_SYNTHETIC, /* a benchmark built from the cost summary */
    CC_VERIFY_RUN,       /* the user's own function on the call's literal arguments */
} cc_verify_mode;

/* "synthetic" or "run" ("off" for CC_VERIFY_OFF). This function can't fail. */
const char *cc_verify_mode_name(cc_verify_mode m);

typedef struct cc_verify_options {
    cc_verify_mode mode;
    const char *python;  /* interpreter; NULL: "python3" */
    double budget_s;     /* total wall-clock budget; <= 0: CC_VERIFY_BUDGET_S */
    uint32_t repeats;    /* fresh-process repeats per site; 0: CC_VERIFY_REPEATS */
    double max_serial_s; /* cap on the estimated serial time of one run; <= 0: the default */
    int cores;           /* usable cores (worker counts are capped to them); <= 0: 1 */
    bool progress;       /* one line per site and repeat on stderr */
} cc_verify_options;

#define CC_VERIFY_BUDGET_S     60.0
#define CC_VERIFY_REPEATS      5u
#define CC_VERIFY_MAX_SERIAL_S 0.5
/* Payload bytes per task above this are capped (memory), and the verdict says so. */
#define CC_VERIFY_MAX_PAYLOAD 64e6

/* The micro-benchmark of one site. Plain value. */
typedef struct cc_verify_plan {
    bool ok; /* false: the site cannot be measured; why says so */
    char why[160];
    double steps;   /* GIL-holding steps per task */
    double native;  /* bytes hashed per task */
    double wait_s;  /* seconds slept per task */
    double payload; /* bytes sent with each task */
    double result;  /* bytes sent back */
    uint32_t tasks; /* tasks measured */
    uint32_t site_tasks;
    uint32_t workers;
    uint32_t chunksize;
    int start_method;  /* cc_start_method, or -1 for the interpreter's default */
    double work_scale; /* work per task measured / the site's (1 when not scaled) */
    bool scaled;       /* tasks or work per task were reduced, or the payload capped */
    double est_serial_s;
} cc_verify_plan;

/* Makes the plan of an advice record: k gives seconds per step and byte, cores caps the workers,
 * max_serial_s caps the estimated serial time of one run. This function can't fail: a site that
 * cannot be measured (C code, a model the synthetic benchmark does not run: asyncio, interpreter
 * pools, free-threaded builds) gets ok = false and a reason. */
void cc_verify_plan_make(const cc_advice *a, const cc_cost_constants *k, int cores,
                         double max_serial_s, cc_verify_plan *out);

enum { CC_VERIFY_MODELS = 3 }; /* serial, threads, processes, in that order */

typedef struct cc_verify_run {
    uint8_t model; /* cc_advice_model */
    uint32_t workers;
    double median_s;
    cc_estimate speedup; /* median(serial) / median(this), with its interval */
} cc_verify_run;

typedef struct cc_verification {
    bool measured;       /* false: nothing was measured (see note); the verdict is inconclusive */
    uint8_t verdict;     /* cc_verdict */
    uint8_t recommended; /* cc_advice_model of the advice */
    uint8_t compared;    /* cc_advice_model the recommendation was compared with */
    cc_estimate ratio;   /* median(compared) / median(recommended); > 1: recommendation faster */
    uint32_t nruns;
    cc_verify_run runs[CC_VERIFY_MODELS];
    uint32_t repeats; /* repeats that finished */
    cc_verify_plan plan;
    double seconds; /* wall time spent on this site */
    char note[256]; /* why it was not measured, scaling, a cut-short budget; "" when none */
} cc_verification;

/* Judges measured samples: samples[m] (n[m] values, seconds) for m = 0 serial, 1 threads,
 * 2 processes; n[m] == 0 when not measured. Compares the recommended model with the current one,
 * or, when they are the same, with the fastest other measured model (by median), writes that
 * model to *compared and the ratio estimate (cc_stats_ratio_ci with a fixed seed) to *ratio, and
 * returns the verdict (cc_stats_verdict with CC_VERDICT_MIN_EFFECT). Returns
 * CC_VERDICT_INCONCLUSIVE, *ratio NAN, when a needed model has fewer than 2 samples. Pure. */
cc_verdict cc_verify_judge(const double *const samples[CC_VERIFY_MODELS],
                           const size_t n[CC_VERIFY_MODELS], cc_advice_model current,
                           cc_advice_model recommended, uint8_t *compared, cc_estimate *ratio);

/* One line for text reports: "confirmed: serial 1.00x, threads 0.95x [0.90, 1.01], processes
 * 1.85x [1.70, 1.93] (5 repeats; scaled to 40 of 1000 tasks)". Into buf; returns buf. */
const char *cc_verification_line(const cc_verification *v, char *buf, size_t cap);

/* Verifies every advice record of an analysed program. *out receives cc_advice_count() records
 * in advice order (free with free()); NULL when there is no advice. Returns CC_OK when the
 * benchmarks ran (whatever their verdicts; a site whose harness failed is inconclusive with the
 * reason in its note), CC_ERR_NOTFOUND when the interpreter does not exist, CC_ERR_IO when the
 * harness cannot be written; the reason in err. The verdicts of measured sites are also
 * remembered (cc_verify_cache_store). Starts child processes; not thread-safe with respect to
 * other users of this process's children. */
cc_status cc_verify_program(cc_program *prog, const cc_verify_options *opts, cc_verification **out,
                            char *err, size_t errcap);

/* The key of an advice's site in the verdict cache: its file (made absolute), the work, the
 * call, the two models and every number of its shape. Code that changes the shape changes the
 * key, so a cached verdict is never shown for work it did not measure. Into buf; returns buf. */
const char *cc_verify_site_key(const cc_program *prog, const cc_advice *a, char *buf, size_t cap);

/* Remembers the verdicts of measured sites in the cache folder (cc_bench_cache_dir), one file
 * per site (verdict-<hash of the key>.json, written atomically), for the language server's
 * hovers. Failures to write are ignored: the cache is an aid, never needed. */
void cc_verify_cache_store(const cc_program *prog, const cc_verification *vs);

/* The cached verdict of a's site: its one-line text (cc_verification_line) into line and the
 * time it was measured (ISO 8601, UTC) into when. Returns false when there is none. Reads one
 * small file; safe to call from any thread. */
bool cc_verify_cache_lookup(const cc_program *prog, const cc_advice *a, char *line, size_t lcap,
                            char *when, size_t wcap);

#endif
