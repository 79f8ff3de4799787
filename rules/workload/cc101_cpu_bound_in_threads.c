/* CC101 cpu-bound-in-threads
 *
 * ## What it does
 * Finds GIL-holding CPU work handed to several threads at once: a function that runs Python code
 * (loops, arithmetic, string and container operations, `json`, `re`, `sorted`, `pickle`) and
 * waits for nothing, run by a `ThreadPoolExecutor`, a `multiprocessing.pool.ThreadPool`,
 * `threading.Thread` objects started in a loop or side by side (also subclasses with their own
 * `run`), or `asyncio.to_thread` called for many tasks. The function is followed across modules
 * and through the calls it makes; its cost is estimated from loop trip counts (`range(10**7)`, the
 * sizes of the collections it walks) and reported with the numbers.
 *
 * The rule stays quiet when the work releases the GIL (hashlib on large buffers, zlib, bz2, lzma,
 * numpy), when it waits (I/O, sleeps, subprocesses, queues), when it calls code concur cannot see
 * into, when it is too small to matter, and on a free-threaded target (`--target-python 3.13t`)
 * unless an imported extension module turns the GIL back on.
 *
 * ## Why is this bad?
 * Under the GIL only one thread runs Python code at a time. Two threads running a CPU-bound
 * function take as long as one running it twice — often longer, because they fight over the
 * GIL — so the thread pool adds overhead and no speed.
 *
 * ## Example
 * ```python
 * from concurrent.futures import ThreadPoolExecutor
 *
 * def score(seed):
 *     total = 0
 *     for i in range(10**7):
 *         total += (i * seed) % 7
 *     return total
 *
 * with ThreadPoolExecutor(4) as ex:
 *     results = list(ex.map(score, [1, 2, 3, 4]))
 * ```
 *
 * ## Use instead
 * ```python
 * from concurrent.futures import ProcessPoolExecutor
 *
 * if __name__ == "__main__":
 *     with ProcessPoolExecutor(4) as ex:
 *         results = list(ex.map(score, [1, 2, 3, 4]))
 * ```
 * Worker processes each have their own GIL. Keep what you send them small (CC301). On Python 3.14
 * an `InterpreterPoolExecutor` does the same with cheaper start-up, and on a free-threaded build
 * (3.13t or later) the thread pool itself runs in parallel.
 */
#include <stdio.h>
#include <string.h>

#include "concur/effects.h"
#include "concur/program.h"

/* Below this much GIL-holding work per task (when the amount is known; about 1 ms), threads or
 * not makes no difference worth a warning. Configurable: thresholds.cpu-bound-steps. */
#define MIN_TASK_STEPS 5e4

static const char *short_fn(const char *q)
{
    return cc_site_short_name(q);
}

static const char *how(const cc_site *s)
{
    if (s->api && !strcmp(s->api, "asyncio.to_thread"))
        return "asyncio.to_thread";
    if (s->kind == CC_SITE_START)
        return "threads";
    if (s->api && !strncmp(s->api, "multiprocessing", 15))
        return "a ThreadPool";
    return "a ThreadPoolExecutor";
}

void cc101_run(cc_program *prog);
void cc101_run(cc_program *prog)
{
    cc_effects *fx = cc_program_effects(prog);
    if (cc_effects_free_threaded(fx, NULL))
        return;
    const cc_cost_constants *k = cc_effects_constants(fx);
    for (uint32_t i = 0; i < cc_effects_site_count(fx); i++) {
        const cc_site *s = cc_effects_site(fx, i);
        if (s->lang != CC_LANG_PYTHON || s->model != CC_MODEL_THREAD || !s->target_known ||
            !s->many)
            continue;
        /* Precision first: work that calls into code concur cannot see may release the GIL or
         * wait; work that waits on queues or events may be bound by its producer. */
        if (s->cost_flags & (CC_COSTF_UNKNOWN_CALL | CC_COSTF_WAIT_OPEN | CC_COSTF_DEEP))
            continue;
        double tg = s->gil_steps.v * k->step_s, tn = s->native_bytes.v * k->native_byte_s;
        double tw = s->wait_s.v, task = tg + tn + tw;
        if (task <= 0 || tg < 0.8 * task)
            continue;
        bool grows = (s->cost_flags & CC_COSTF_LOOP) != 0;
        double min_steps = k->cpu_bound_steps > 0 ? k->cpu_bound_steps : MIN_TASK_STEPS;
        if (s->gil_steps.known ? s->gil_steps.v < min_steps : !grows)
            continue;
        const char *fn = short_fn(s->target_name);
        char steps[64], secs[64], nthreads[64], msg[1024], help[512];
        /* Who runs it: "the 4 threads", "the 4 threads of a ThreadPoolExecutor". */
        double copies = s->kind == CC_SITE_START ? s->tasks.v : s->workers.v;
        bool copies_known = s->kind == CC_SITE_START ? s->tasks.known : s->workers.known;
        if (s->tasks.known && s->tasks.v < copies) {
            copies = s->tasks.v;
            copies_known = true;
        }
        char who[160];
        if (s->kind == CC_SITE_START)
            snprintf(who, sizeof who,
                     copies_known && copies >= 2 && copies < 1e6 ? "the %.0f threads"
                                                                 : "these threads",
                     copies);
        else if (copies_known && copies >= 2 && copies < 1e6)
            snprintf(who, sizeof who, "the %.0f threads of %s", copies, how(s));
        else
            snprintf(who, sizeof who, "the threads of %s", how(s));
        (void)nthreads;
        if (s->gil_steps.known)
            snprintf(msg, sizeof msg,
                     "`%s()` does %s GIL-holding steps per %s (%s of Python code) and waits "
                     "for nothing; %s run it one at a time under the GIL",
                     fn, cc_fmt_count(s->gil_steps.v, steps, sizeof steps),
                     s->kind == CC_SITE_START ? "thread" : "task",
                     cc_fmt_seconds(tg, secs, sizeof secs), who);
        else
            snprintf(msg, sizeof msg,
                     "`%s()` does GIL-holding work that grows with its input (Python loops, no "
                     "waits, nothing that releases the GIL); %s run it one at a time under "
                     "the GIL",
                     fn, who);
        snprintf(help, sizeof help,
                 "run it in a ProcessPoolExecutor (each worker has its own GIL), or serially; on "
                 "a free-threaded build (3.13t+) the threads would scale");
        const cc_unit *un = cc_program_unit(prog, s->at.unit);
        const cc_op *call = &un->funcs[s->at.func].ops[s->at.op];
        cc_related rel[1];
        uint32_t nrel = 0;
        if (s->hot.at.unit != CC_NONE && s->hot.at.op != CC_NONE) {
            const cc_unit *hu = cc_program_unit(prog, s->hot.at.unit);
            rel[0].unit = s->hot.at.unit;
            rel[0].span = cc_op_span(hu, &hu->funcs[s->hot.at.func].ops[s->hot.at.op]);
            rel[0].message = "the loop doing most of the work";
            nrel = 1;
        }
        cc_program_report_related(prog, "CC101", s->at.unit, cc_op_span(un, call), msg, help, rel,
                                  nrel);
    }
}
