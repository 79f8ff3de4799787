/* advice.h - the advice engine (DESIGN.md, Analyses 8; docs/advice.md).
 *
 * One record per site that starts concurrent work (effects.h): the model the code uses, the one
 * that fits the work (threads, processes, asyncio, an interpreter pool on 3.14, a free-threaded
 * build, or serial code when overhead dominates), a confidence, and one sentence per reason with
 * the numbers behind it. Each record keeps the site's shape (cc_site: work per task in GIL-holding
 * steps, native bytes and wait seconds, payload bytes, tasks, workers, start method), which is what
 * `concur check --verify` needs to build a micro-benchmark of the same shape.
 *
 * Advice is not a finding: no CC code, never the exit code. cc_program_analyze makes the set
 * after the rules; reports read it with cc_program_advice(). */
#ifndef CONCUR_ADVICE_H
#define CONCUR_ADVICE_H

#include <stdbool.h>
#include <stdint.h>

#include "concur/diag.h"
#include "concur/effects.h"
#include "concur/program.h"

typedef enum cc_advice_model {
    CC_AM_SERIAL,
    CC_AM_THREADS,
    CC_AM_FREE_THREADED,
    CC_AM_PROCESSES,
    CC_AM_INTERPRETERS,
    CC_AM_ASYNCIO,
    CC_AM__COUNT
} cc_advice_model;

/* "serial", "threads", "free-threaded", "processes", "interpreters", "asyncio" (the JSON
 * report's model names). This function can't fail. */
const char *cc_advice_model_name(cc_advice_model m);

enum { CC_ADVICE_MAX_REASONS = 6 };

typedef struct cc_advice {
    uint32_t site;        /* index of the site in cc_effects */
    const cc_site *shape; /* the site's shape: the numbers a benchmark needs */
    uint32_t unit;
    cc_span span;         /* the call that starts the work */
    const char *function; /* "module.qualname" of the work, or NULL when unknown */
    uint8_t current;      /* cc_advice_model */
    uint8_t recommended;  /* cc_advice_model */
    double confidence;    /* 0 (a guess) .. 1 (certain) */
    uint32_t nreasons;    /* at least 1 */
    const char *reasons[CC_ADVICE_MAX_REASONS]; /* one sentence each, most important first */
    /* Estimated seconds of the site's whole work per model; negative when the model was not
     * considered (not available on the target, or not applicable). */
    double estimate_s[CC_AM__COUNT];
} cc_advice;

typedef struct cc_advice_set cc_advice_set;

/* Makes the advice of an analysed program (sorted by unit, line, column). Never NULL; aborts
 * only when memory is exhausted. */
cc_advice_set *cc_advice_set_new(cc_program *prog);
void cc_advice_set_delete(cc_advice_set *self);

/* NULL sets are empty. */
uint32_t cc_advice_count(const cc_advice_set *self);
const cc_advice *cc_advice_at(const cc_advice_set *self, uint32_t i);

/* The cost constants the estimates used (NULL for a NULL set). */
const cc_cost_constants *cc_advice_constants(const cc_advice_set *self);

/* True when the advice recommends a model other than the current one. */
static inline bool cc_advice_differs(const cc_advice *a)
{
    return a->current != a->recommended;
}

#endif
