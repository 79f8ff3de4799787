/* CC102 io-bound-in-processes
 *
 * ## What it does
 * Finds work that mostly waits — network requests (`requests`, `urllib`, `http.client`,
 * sockets), file and database calls, `time.sleep`, subprocesses — sent to several worker
 * processes at once: a `multiprocessing.Pool`, a `ProcessPoolExecutor`, or `Process` objects
 * started in a loop. The task function is followed across modules and through its calls; the
 * rule reports when waiting is at least 80% of its estimated time and everything it calls is
 * known.
 *
 * ## Why is this bad?
 * A blocked thread releases the GIL, so threads overlap waits as well as processes do. Processes
 * add what threads do not: start-up (tens of milliseconds each with spawn or forkserver),
 * pickling every argument and result, a copy of the interpreter's memory per worker, and the
 * rules of CC302/CC303 (picklable tasks, a main guard). For waiting, that cost buys nothing.
 *
 * ## Example
 * ```python
 * from multiprocessing import Pool
 * import urllib.request
 *
 * def fetch(url):
 *     with urllib.request.urlopen(url) as r:
 *         return r.status
 *
 * if __name__ == "__main__":
 *     with Pool(16) as pool:
 *         codes = pool.map(fetch, urls)
 * ```
 *
 * ## Use instead
 * ```python
 * from concurrent.futures import ThreadPoolExecutor
 *
 * with ThreadPoolExecutor(16) as ex:
 *     codes = list(ex.map(fetch, urls))
 * ```
 * With thousands of concurrent requests, an `asyncio` client (aiohttp, httpx) overlaps them with
 * less memory than threads.
 */
#include <stdio.h>
#include <string.h>

#include "concur/effects.h"
#include "concur/program.h"

#define MIN_WAIT_S 1e-3

static const char *short_fn(const char *q)
{
    return cc_site_short_name(q);
}

void cc102_run(cc_program *prog);
void cc102_run(cc_program *prog)
{
    cc_effects *fx = cc_program_effects(prog);
    const cc_cost_constants *k = cc_effects_constants(fx);
    for (uint32_t i = 0; i < cc_effects_site_count(fx); i++) {
        const cc_site *s = cc_effects_site(fx, i);
        if (s->lang != CC_LANG_PYTHON || s->model != CC_MODEL_PROCESS || !s->target_known ||
            !s->many)
            continue;
        if (s->cost_flags & (CC_COSTF_UNKNOWN_CALL | CC_COSTF_DEEP | CC_COSTF_BLAS))
            continue;
        double tg = s->gil_steps.v * k->step_s, tn = s->native_bytes.v * k->native_byte_s;
        double tw = s->wait_s.v, task = tg + tn + tw;
        /* Waiting must be real: a millisecond or more per task (a stat call is not I/O-bound
         * work; tasks that small are CC301's). */
        if (task <= 0 || tw < 0.8 * task || tw < MIN_WAIT_S || s->wait_calls.v < 1 || !s->wait.what)
            continue;
        const char *fn = short_fn(s->target_name);
        char w[64], c[64], ps[64], msg[1024];
        const char *sm =
            s->start_method == 0 ? "the platform default" : cc_start_method_name(s->start_method);
        snprintf(msg, sizeof msg,
                 "`%s()` spends %s per task waiting on `%s`%s and %s computing; worker "
                 "processes overlap waits no better than threads, and add start-up (%s each "
                 "with %s) and pickling of every task",
                 fn, cc_fmt_seconds(tw, w, sizeof w), s->wait.what,
                 (s->cost_flags & CC_COSTF_WAIT_GUESSED) ? " (a default latency)" : "",
                 cc_fmt_seconds(tg + tn, c, sizeof c),
                 cc_fmt_seconds(k->process_start_s[s->start_method & 3], ps, sizeof ps), sm);
        const cc_unit *un = cc_program_unit(prog, s->at.unit);
        const cc_op *call = &un->funcs[s->at.func].ops[s->at.op];
        cc_related rel[1];
        uint32_t nrel = 0;
        if (s->wait.at.unit != CC_NONE && s->wait.at.unit != s->at.unit) {
            const cc_unit *wu = cc_program_unit(prog, s->wait.at.unit);
            rel[0].unit = s->wait.at.unit;
            rel[0].span = cc_op_span(wu, &wu->funcs[s->wait.at.func].ops[s->wait.at.op]);
            rel[0].message = "the blocking call";
            nrel = 1;
        } else if (s->wait.at.unit != CC_NONE) {
            rel[0].unit = s->wait.at.unit;
            rel[0].span = cc_op_span(un, &un->funcs[s->wait.at.func].ops[s->wait.at.op]);
            rel[0].message = "the blocking call";
            nrel = 1;
        }
        cc_program_report_related(
            prog, "CC102", s->at.unit, cc_op_span(un, call), msg,
            (s->cost_flags & CC_COSTF_ASYNC_WAITS)
                ? "use a ThreadPoolExecutor for work that waits (or asyncio for thousands of "
                  "concurrent requests)"
                : "use a ThreadPoolExecutor for work that waits",
            rel, nrel);
    }
}
