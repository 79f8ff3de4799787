/* CC301 large-ipc-payload
 *
 * ## What it does
 * Finds process-pool work whose transfer costs rival the work itself:
 *
 * - a task argument or result so large that pickling and copying it between processes takes at
 *   least half as long as the task's work (`data = list(range(10**7)); ex.submit(total, data)`),
 *   also for `Process(args=...)` under the spawn and forkserver start methods;
 * - tasks too small for their dispatch cost: `ProcessPoolExecutor.map` and `Pool.imap` send each
 *   item as its own task unless given `chunksize=`, and each task costs a round trip through a
 *   pipe (about 0.2 ms) — far more than `x * x`;
 * - `Pool.apply` called in a loop: it blocks until each task is done, so the loop runs its tasks
 *   one at a time and pays a round trip for each.
 *
 * Sizes flow from where values are made (`list(range(n))`, `bytes(n)`, `[0] * n`, `np.zeros(n)`,
 * comprehensions over known ranges) to the call, across assignments. `Pool.map` and
 * `Pool.starmap` cut their input into chunks of `len / (4 * processes)` items by themselves,
 * which concur takes into account. What `initializer=`/`initargs=` send once per worker is not a
 * finding: it is the way to share large read-only data with a pool. A payload that cannot be
 * measured, and work that calls code concur cannot see into, are not reported.
 *
 * ## Why is this bad?
 * Everything a process pool sends is pickled in the parent, written to a pipe, read and
 * unpickled in a worker, and the result travels back the same way. When that costs as much as
 * the work, the pool is slower than a plain loop, however many cores there are.
 *
 * ## Example
 * ```python
 * from concurrent.futures import ProcessPoolExecutor
 *
 * def square(x):
 *     return x * x
 *
 * if __name__ == "__main__":
 *     with ProcessPoolExecutor() as ex:
 *         squares = list(ex.map(square, range(10**6)))
 * ```
 *
 * ## Use instead
 * ```python
 * if __name__ == "__main__":
 *     with ProcessPoolExecutor() as ex:
 *         squares = list(ex.map(square, range(10**6), chunksize=10_000))
 * ```
 * Or run small work serially. For large inputs, send what the worker needs to find the data (a
 * file path, a `multiprocessing.shared_memory` name, index ranges) instead of the data, or hand
 * it to every worker once with `initializer=`.
 */
#include <stdio.h>
#include <string.h>

#include "concur/effects.h"
#include "concur/program.h"

/* Payloads below this are never reported: their cost is a fraction of a millisecond.
 * Configurable: thresholds.large-payload-bytes. */
#define MIN_PAYLOAD_BYTES 1e6
/* Dispatch cost must exceed the work of a dispatch by this factor (unless
 * thresholds.min-task-seconds says how much work a dispatch needs). */
#define TINY_FACTOR 10.0

static const char *short_fn(const char *q)
{
    return cc_site_short_name(q);
}

static const char *short_api(const char *api)
{
    if (!api)
        return "the pool";
    if (!strncmp(api, "concurrent.futures.Executor.", 28)) {
        static const char *const names[] = {"ProcessPoolExecutor.map",
                                            "ProcessPoolExecutor.submit"};
        return !strcmp(api + 28, "map") ? names[0] : names[1];
    }
    const char *last = strrchr(api, '.');
    if (!last)
        return api;
    const char *p = last;
    while (p > api && p[-1] != '.')
        p--;
    return p > api ? p : api;
}

static cc_span span_of(cc_program *prog, cc_op_id at)
{
    const cc_unit *un = cc_program_unit(prog, at.unit);
    return cc_op_span(un, &un->funcs[at.func].ops[at.op]);
}

void cc301_run(cc_program *prog);
void cc301_run(cc_program *prog)
{
    cc_effects *fx = cc_program_effects(prog);
    const cc_cost_constants *k = cc_effects_constants(fx);
    for (uint32_t i = 0; i < cc_effects_site_count(fx); i++) {
        const cc_site *s = cc_effects_site(fx, i);
        if (s->lang != CC_LANG_PYTHON || s->model != CC_MODEL_PROCESS)
            continue;
        const char *api = short_api(s->api);
        char a[64], b[64], c[64], d[64], msg[1200];
        if (s->kind == CC_SITE_APPLY && s->in_loop) {
            snprintf(msg, sizeof msg,
                     "`Pool.apply` blocks until its task is done, so this loop runs %s tasks "
                     "one at a time in a worker process, each paying a round trip (%s) to the "
                     "pool",
                     s->tasks.known ? cc_fmt_count(s->tasks.v, a, sizeof a) : "its",
                     cc_fmt_seconds(k->task_s, b, sizeof b));
            cc_program_report(prog, "CC301", s->at.unit, span_of(prog, s->at), msg,
                              "use pool.map(...) or apply_async(...) and collect the results "
                              "after the loop");
            continue;
        }
        /* The work must be known to say that moving data rivals it. */
        bool work_known =
            s->target_known && s->gil_steps.known && s->native_bytes.known && s->wait_s.known &&
            !(s->cost_flags & (CC_COSTF_UNKNOWN_CALL | CC_COSTF_DEEP | CC_COSTF_WAIT_OPEN));
        if (!work_known)
            continue;
        double task = cc_site_task_seconds(s, k);
        double xfer_in = s->payload_bytes.v * k->byte_s + s->payload_objects.v * k->object_s;
        double xfer_out = s->result_bytes.v * k->byte_s + s->result_objects.v * k->object_s;
        const char *fn = short_fn(s->target_name);
        double big = k->large_payload_bytes > 0 ? k->large_payload_bytes : MIN_PAYLOAD_BYTES;
        if (s->payload_bytes.known && s->payload_bytes.v >= big &&
            xfer_in >= 0.5 * task) {
            char what[300] = "";
            if (s->payload_what)
                snprintf(what, sizeof what, " (%s)", s->payload_what);
            snprintf(msg, sizeof msg,
                     "%s %s%s: pickling and copying it takes %s, against %s of work in `%s()`",
                     s->kind == CC_SITE_START ? "each process is started with"
                                              : "each task sends a worker process",
                     cc_fmt_bytes(s->payload_bytes.v, a, sizeof a), what,
                     cc_fmt_seconds(xfer_in, b, sizeof b), cc_fmt_seconds(task, c, sizeof c), fn);
            cc_op_id at = s->payload_at.unit == s->at.unit ? s->payload_at : s->at;
            cc_program_report(prog, "CC301", at.unit, span_of(prog, at), msg,
                              "send less: indices or a file path, a multiprocessing."
                              "shared_memory name, or the data once per worker with "
                              "initializer=/initargs=; or do this work in the parent");
            continue;
        }
        if (s->result_bytes.known && s->result_bytes.v >= big &&
            xfer_out >= 0.5 * task) {
            snprintf(msg, sizeof msg,
                     "each task returns %s from `%s()` to the parent: pickling and copying it "
                     "back takes %s, against %s of work",
                     cc_fmt_bytes(s->result_bytes.v, a, sizeof a), fn,
                     cc_fmt_seconds(xfer_out, b, sizeof b), cc_fmt_seconds(task, c, sizeof c));
            cc_program_report(prog, "CC301", s->at.unit, span_of(prog, s->at), msg,
                              "return a summary, or write the result where the parent can find "
                              "it (a file, shared memory)");
            continue;
        }
        /* Tasks too small for their dispatch cost. */
        if (!s->chunksize.known ||
            !(s->kind == CC_SITE_MAP || (s->kind == CC_SITE_SUBMIT && s->in_loop)))
            continue;
        /* A map's iterable is the data: its size may be unknown. Single submits need a loop
         * known to run them many times. */
        if (s->tasks.known ? s->tasks.v < 100 : s->kind != CC_SITE_MAP)
            continue;
        double per_dispatch = s->chunksize.v * task;
        double dispatch = k->task_s + xfer_in * s->chunksize.v;
        if (k->min_task_s > 0 ? per_dispatch >= k->min_task_s
                              : dispatch < TINY_FACTOR * per_dispatch)
            continue;
        const char *each =
            s->kind == CC_SITE_MAP ? "sends each item as its own task" : "is called once per item";
        if (s->kind == CC_SITE_MAP && s->chunksize.v > 1)
            each = "sends tasks in small chunks";
        char ntasks[96] = "";
        if (s->tasks.known)
            snprintf(ntasks, sizeof ntasks, ", for %s tasks",
                     cc_fmt_count(s->tasks.v, d, sizeof d));
        snprintf(msg, sizeof msg,
                 "`%s()` does %s of work per item, and %s %s (%s of pickling and pipe traffic "
                 "each): dispatching costs %s times the work%s",
                 fn, cc_fmt_seconds(task, a, sizeof a), api, each,
                 cc_fmt_seconds(dispatch, b, sizeof b),
                 cc_fmt_count(dispatch / (per_dispatch > 0 ? per_dispatch : 1e-12), c, sizeof c),
                 ntasks);
        cc_program_report(prog, "CC301", s->at.unit, span_of(prog, s->at), msg,
                          s->kind == CC_SITE_MAP
                              ? "pass chunksize= so each task carries many items (or run this "
                                "work serially)"
                              : "batch the items: submit one task per chunk of them (or run "
                                "this work serially)");
    }
}
