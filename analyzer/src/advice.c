/* advice.c - the advice engine; see advice.h and docs/advice.md.
 *
 * For each site, the time of the site's whole work is estimated under each model from the site's
 * shape and the cost constants; the fastest model wins unless the current one is within 25% of
 * it (advice must be worth a change). Reasons are sentences built from the same numbers. */
#include "concur/advice.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "concur/arena.h"

/* The current model stays unless another is at least this much faster. */
#define KEEP_MARGIN 1.25
/* Switching to a free-threaded build is a bigger change than switching executors: it must win
 * by this factor over the best other model. */
#define FREE_THREADED_MARGIN 2.0
#define FREE_THREADED_MIN_S  1.0 /* ... and only for work that takes a second or more */
/* asyncio is advised only for more concurrent waits than a thread pool should hold: below
 * this, a larger max_workers does as well without rewriting the code as coroutines. */
#define ASYNCIO_MIN_TASKS 500

struct cc_advice_set {
    cc_arena *arena;
    const cc_cost_constants *k;
    cc_advice *items;
    uint32_t n, cap;
};

const char *cc_advice_model_name(cc_advice_model m)
{
    static const char *const NAMES[CC_AM__COUNT] = {"serial",    "threads",      "free-threaded",
                                                    "processes", "interpreters", "asyncio"};
    return m < CC_AM__COUNT ? NAMES[m] : "unknown";
}

const cc_cost_constants *cc_advice_constants(const cc_advice_set *self)
{
    return self ? self->k : NULL;
}

uint32_t cc_advice_count(const cc_advice_set *self)
{
    return self ? self->n : 0;
}

const cc_advice *cc_advice_at(const cc_advice_set *self, uint32_t i)
{
    return &self->items[i];
}

void cc_advice_set_delete(cc_advice_set *self)
{
    if (!self)
        return;
    free(self->items);
    cc_arena_delete(self->arena);
    free(self);
}

static double dmin(double a, double b)
{
    return a < b ? a : b;
}
static double dmax(double a, double b)
{
    return a > b ? a : b;
}

typedef struct runtime {
    int major, minor;      /* 0 when unknown */
    bool free_threaded;    /* the target runs Python threads in parallel */
    const char *reenabler; /* an import that turns the GIL back on, or NULL */
    bool ft_target;        /* the target is a free-threaded build (whatever imports) */
} runtime;

/* Seconds of the whole site's work under model m; negative when m does not apply. */
static double estimate(const cc_site *s, const cc_cost_constants *k, const runtime *rt,
                       cc_advice_model m)
{
    double n = s->tasks.v > 0 ? s->tasks.v : 1;
    double w = s->workers.v >= 1 ? s->workers.v : 1;
    bool c = s->lang == CC_LANG_C;
    double step = c ? k->c_step_s : k->step_s;
    double tg = s->gil_steps.v * step, tn = s->native_bytes.v * k->native_byte_s;
    double tw = s->wait_s.v, task = tg + tn + tw;
    double par_cpu = dmax(1, dmin(dmin(w, n), k->cores)), par_io = dmax(1, dmin(w, n));
    bool start_site = s->kind == CC_SITE_START;
    double started = start_site ? n : dmin(w, n);
    if (s->kind == CC_SITE_APPLY) {
        par_cpu = par_io = 1; /* apply blocks until each task is done */
    }
    double spread = dmax(c ? task * n / par_cpu : (tg + tn) * n / par_cpu, task * n / par_io);
    switch (m) {
    case CC_AM_SERIAL:
        return n * task;
    case CC_AM_THREADS:
        if (c && (s->cost_flags & CC_COSTF_MT_UNSAFE))
            return -1; /* it calls a function that is not safe in threads */
        if (c)
            return started * k->c_thread_start_s + spread;
        if (rt->free_threaded)
            return -1; /* threads there are the free-threaded model */
        return started * k->thread_start_s + (start_site ? 0 : n * k->thread_task_s) +
               dmax(dmax(n * tg, (n * (tg + tn)) / par_cpu), n * task / par_io);
    case CC_AM_FREE_THREADED:
        if (c)
            return -1;
        if (rt->major && (rt->major < 3 || (rt->major == 3 && rt->minor < 13)))
            return -1; /* no free-threaded build before 3.13 */
        if (rt->reenabler)
            return -1;
        return started * k->thread_start_s + (start_site ? 0 : n * k->thread_task_s) + spread;
    case CC_AM_PROCESSES: {
        if (c) {
            double xfer = n * s->payload_bytes.v * k->c_pipe_byte_s;
            return started * k->c_fork_s + xfer + spread;
        }
        double ps = k->process_start_s[s->start_method < 4 ? s->start_method : 0];
        double dispatches = start_site ? 0 : n / dmax(1, s->chunksize.v);
        double xfer = dispatches * k->task_s +
                      n * (s->payload_bytes.v + s->result_bytes.v) * k->byte_s +
                      n * (s->payload_objects.v + s->result_objects.v) * k->object_s;
        double init = started * s->init_bytes.v * k->byte_s;
        return started * ps + init + xfer + spread;
    }
    case CC_AM_INTERPRETERS: {
        if (c || !rt->major || rt->major < 3 || (rt->major == 3 && rt->minor < 14))
            return -1;
        double dispatches = start_site ? n : n / dmax(1, s->chunksize.v);
        double xfer = dispatches * k->task_s * 0.5 +
                      n * (s->payload_bytes.v + s->result_bytes.v) * k->byte_s +
                      n * (s->payload_objects.v + s->result_objects.v) * k->object_s;
        return started * k->interp_start_s + xfer + spread;
    }
    case CC_AM_ASYNCIO:
        /* Only waits an event loop can overlap; the CPU work stays on one thread. */
        if (c || !(s->cost_flags & CC_COSTF_ASYNC_WAITS) || s->wait_calls.v <= 0)
            return -1;
        return n * (tg + tn) + tw + n * 5e-6;
    default:
        return -1;
    }
}

/* How heavy a model is to run: ties go to the lighter. */
static int weight(int m)
{
    switch (m) {
    case CC_AM_SERIAL:
        return 0;
    case CC_AM_THREADS:
    case CC_AM_FREE_THREADED:
        return 1;
    case CC_AM_ASYNCIO:
        return 2;
    case CC_AM_INTERPRETERS:
        return 3;
    default:
        return 4;
    }
}

/* A count as text: exact when it was found, "~" otherwise. */
static const char *fmt_n(cc_est e, char *buf, size_t cap)
{
    if (e.known && e.v < 1e6 && e.v == (double)(long long)e.v)
        snprintf(buf, cap, "%lld", (long long)e.v);
    else
        cc_fmt_count(e.v, buf, cap);
    return buf;
}

static const char *short_name(const char *qual)
{
    return qual ? cc_site_short_name(qual) : "the work";
}

static const char *reason(cc_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *reason(cc_arena *a, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return cc_arena_strndup(a, buf, strlen(buf));
}

static void push(cc_advice *ad, const char *r)
{
    if (r && ad->nreasons < CC_ADVICE_MAX_REASONS)
        ad->reasons[ad->nreasons++] = r;
}

static cc_advice_model current_model(const cc_site *s, const runtime *rt)
{
    if (s->model == CC_MODEL_PROCESS)
        return CC_AM_PROCESSES;
    if (s->api && !strcmp(s->api, "asyncio.to_thread"))
        return rt->free_threaded ? CC_AM_FREE_THREADED : CC_AM_THREADS;
    return s->lang == CC_LANG_PYTHON && rt->free_threaded ? CC_AM_FREE_THREADED : CC_AM_THREADS;
}

/* One sentence on what a task does, with its numbers. */
static const char *work_sentence(cc_arena *a, const cc_site *s, const cc_cost_constants *k,
                                 const char *fn)
{
    char g[64], t[64], nb[64], w[64], wc[64];
    bool c = s->lang == CC_LANG_C;
    double step = c ? k->c_step_s : k->step_s;
    double tg = s->gil_steps.v * step, tn = s->native_bytes.v * k->native_byte_s;
    double tw = s->wait_s.v, task = tg + tn + tw;
    const char *per = s->kind == CC_SITE_START ? "per thread" : "per task";
    if (s->model == CC_MODEL_PROCESS && s->kind == CC_SITE_START)
        per = "per process";
    const char *approx = s->gil_steps.known && s->native_bytes.known && s->wait_s.known
                             ? ""
                             : " (an estimate: some sizes are not known)";
    if (task <= 0)
        return reason(a, "`%s()` does almost no work %s%s.", fn, per, approx);
    if (!s->gil_steps.known || !s->native_bytes.known || !s->wait_s.known) {
        /* Sizes concur could not find: say what the work is made of, not invented amounts. */
        const char *kind = tw >= 0.5 * task   ? "waiting"
                           : tn >= 0.5 * task ? "native code that releases the GIL"
                           : c                ? "CPU work"
                                              : "GIL-holding Python code";
        const char *what = tw >= 0.5 * task   ? s->wait.what
                           : tn >= 0.5 * task ? s->native_src.what
                                              : NULL;
        return reason(a,
                      "`%s()` spends most of its time %s%s%s%s%s, in amounts that depend on "
                      "sizes concur could not find.",
                      fn, tw >= 0.5 * task ? "" : "in ", kind, what ? " (`" : "", what ? what : "",
                      what ? "`)" : "");
    }
    if (tw >= 0.5 * task) {
        const char *what = s->wait.what ? s->wait.what : "blocking calls";
        return reason(a,
                      "`%s()` spends %s %s waiting (%s blocking call%s%s `%s`%s) and %s "
                      "computing%s.",
                      fn, cc_fmt_seconds(tw, w, sizeof w), per, fmt_n(s->wait_calls, wc, sizeof wc),
                      s->wait_calls.v == 1 ? "" : "s", s->wait_calls.v == 1 ? ":" : " such as",
                      what, (s->cost_flags & CC_COSTF_WAIT_GUESSED) ? ", at a default latency" : "",
                      cc_fmt_seconds(tg + tn, t, sizeof t), approx);
    }
    if (tn >= 0.5 * task) {
        const char *what = s->native_src.what ? s->native_src.what : "native code";
        return reason(a, "`%s()` spends %s %s in `%s`, native code that %s%s.", fn,
                      cc_fmt_seconds(tn, t, sizeof t), per, what,
                      (s->cost_flags & CC_COSTF_BLAS) ? "already runs on several threads (BLAS)"
                                                      : "releases the GIL",
                      approx);
    }
    if (c)
        return reason(a, "`%s()` does %s CPU steps %s (%s)%s.", fn,
                      cc_fmt_count(s->gil_steps.v, g, sizeof g), per,
                      cc_fmt_seconds(tg, t, sizeof t), approx);
    (void)nb;
    return reason(a, "`%s()` does %s GIL-holding step%s %s (%s of Python code)%s.", fn,
                  cc_fmt_count(s->gil_steps.v, g, sizeof g), s->gil_steps.v < 1.5 ? "" : "s", per,
                  cc_fmt_seconds(tg, t, sizeof t), approx);
}

static void build_one(cc_advice_set *set, cc_program *prog, const cc_effects *fx, uint32_t si,
                      const runtime *rt)
{
    const cc_site *s = cc_effects_site(fx, si);
    const cc_cost_constants *k = cc_effects_constants(fx);
    const cc_unit *un = cc_program_unit(prog, s->at.unit);
    cc_advice ad = {0};
    ad.site = si;
    ad.shape = s;
    ad.unit = s->at.unit;
    ad.span = cc_op_span(un, &un->funcs[s->at.func].ops[s->at.op]);
    ad.function = s->target_name;
    ad.current = (uint8_t)current_model(s, rt);
    cc_arena *a = set->arena;
    const char *fn = short_name(s->target_name);
    char b1[64], b2[64], b3[64], b4[64];

    if (!s->target_known) {
        ad.recommended = ad.current;
        ad.confidence = 0.1;
        if (s->target_name)
            push(&ad, reason(a,
                             "concur cannot estimate the work of `%s`: it is outside the code "
                             "analysed and not in its knowledge base.",
                             s->target_name));
        else if (s->lang == CC_LANG_C && s->model == CC_MODEL_PROCESS)
            push(&ad, reason(a, "a forked child runs the code after `fork()`; concur does not "
                                "estimate it, and processes give the isolation fork is used for."));
        else
            push(&ad, reason(a, "concur could not find the function this starts, so it keeps the "
                                "current model."));
        for (int m = 0; m < CC_AM__COUNT; m++)
            ad.estimate_s[m] = -1;
        CC_VEC_PUSH(set->items, set->n, set->cap, ad);
        return;
    }

    for (int m = 0; m < CC_AM__COUNT; m++)
        ad.estimate_s[m] = estimate(s, k, rt, (cc_advice_model)m);
    double cur = ad.estimate_s[ad.current];
    int best = -1;
    for (int m = 0; m < CC_AM__COUNT; m++) {
        if (ad.estimate_s[m] < 0 || m == CC_AM_FREE_THREADED || m == CC_AM_ASYNCIO)
            continue;
        if (best < 0 || ad.estimate_s[m] < ad.estimate_s[best])
            best = m;
    }
    /* A free-threaded build: on a free-threaded target it is simply threads; elsewhere it is a
     * bigger change than an executor, so it must win clearly. */
    double ft = ad.estimate_s[CC_AM_FREE_THREADED];
    if (ft >= 0) {
        if (rt->free_threaded) {
            if (best < 0 || ft < ad.estimate_s[best])
                best = CC_AM_FREE_THREADED;
        } else if (best >= 0 && ft * FREE_THREADED_MARGIN < ad.estimate_s[best] &&
                   ad.estimate_s[CC_AM_SERIAL] >= FREE_THREADED_MIN_S) {
            best = CC_AM_FREE_THREADED;
        }
    }
    /* asyncio only when it overlaps waits far better than the best of the others (many more
     * tasks than workers): rewriting code as coroutines is a big change. */
    double as = ad.estimate_s[CC_AM_ASYNCIO];
    if (as >= 0 && s->tasks.v >= ASYNCIO_MIN_TASKS && (best < 0 || as * 2 < ad.estimate_s[best]))
        best = CC_AM_ASYNCIO;
    if (best < 0)
        best = ad.current;
    /* Serial code is advised only when the work is known to be small: with sizes concur could
     * not find, the nominal guess says nothing about whether overhead dominates. */
    bool work_known = s->gil_steps.known && s->native_bytes.known && s->wait_s.known;
    if (best == CC_AM_SERIAL && !work_known)
        best = ad.current;
    /* GIL-holding work of unknown size in threads under the GIL: threads never beat a loop,
     * and the work grows with its input, so the model that can scale is advised (CC101 says
     * the same). */
    bool guess_processes = false;
    {
        double tg0 = s->gil_steps.v * k->step_s, task0 = cc_site_task_seconds(s, k);
        if (!work_known && s->lang == CC_LANG_PYTHON && ad.current == CC_AM_THREADS && s->many &&
            (s->cost_flags & CC_COSTF_LOOP) && task0 > 0 && tg0 >= 0.8 * task0 &&
            !(s->cost_flags & (CC_COSTF_UNKNOWN_CALL | CC_COSTF_WAIT_OPEN | CC_COSTF_DEEP))) {
            best = ad.estimate_s[CC_AM_INTERPRETERS] >= 0 ? CC_AM_INTERPRETERS : CC_AM_PROCESSES;
            guess_processes = true;
        }
    }
    /* A lighter model (serial < threads < asyncio, interpreters < processes) wins as soon as it
     * is no slower: it costs less memory and has fewer ways to fail. A heavier one must be
     * KEEP_MARGIN faster to be worth the change. */
    if (cur >= 0 && best != ad.current && !guess_processes) {
        bool lighter = weight(best) < weight(ad.current);
        if (lighter ? ad.estimate_s[best] > cur : ad.estimate_s[best] * KEEP_MARGIN > cur) {
            best = ad.current;
            /* The fastest was not worth the change, but a lighter model that is no slower than
             * the current one still is (CPU-bound threads that processes beat by only 20 %:
             * serial does as well with less). */
            for (int m = 0; m < CC_AM__COUNT; m++) {
                if (m == CC_AM_FREE_THREADED || m == CC_AM_ASYNCIO || ad.estimate_s[m] < 0 ||
                    weight(m) >= weight(ad.current) || ad.estimate_s[m] > cur ||
                    (m == CC_AM_SERIAL && !work_known))
                    continue;
                if (best == ad.current || ad.estimate_s[m] < ad.estimate_s[best])
                    best = m;
            }
        }
    }
    /* Work that calls code concur cannot see into, or waits on queues and events whose
     * duration depends on other threads: the known part is only a lower bound, which cannot
     * justify a change. */
    if (s->cost_flags & (CC_COSTF_UNKNOWN_CALL | CC_COSTF_WAIT_OPEN))
        best = ad.current;
    /* One thread or process started beside the caller is about running at the same time as
     * the caller, which concur does not weigh: only the lighter executor is advised, for work
     * that waits or runs native code. */
    if (!s->many && s->kind == CC_SITE_START && best != ad.current &&
        !(ad.current == CC_AM_PROCESSES && (best == CC_AM_THREADS || best == CC_AM_FREE_THREADED)))
        best = ad.current;
    ad.recommended = (uint8_t)best;

    /* Confidence: how much of the estimate rests on numbers found in the code. */
    double conf = 0.85;
    if (s->cost_flags & (CC_COSTF_UNKNOWN_CALL | CC_COSTF_WAIT_OPEN))
        conf *= 0.4;
    if (!s->gil_steps.known || !s->native_bytes.known || !s->wait_s.known)
        conf *= 0.75;
    if (!s->tasks.known)
        conf *= 0.85;
    if (s->cost_flags & CC_COSTF_WAIT_GUESSED)
        conf *= 0.85;
    if (s->model == CC_MODEL_PROCESS && !s->payload_bytes.known)
        conf *= 0.85;
    if (s->cost_flags & (CC_COSTF_RECURSIVE | CC_COSTF_DEEP))
        conf *= 0.8;
    double gain = cur > 0 && ad.estimate_s[best] > 0 ? cur / ad.estimate_s[best] : 1;
    if (ad.recommended != ad.current && gain < 2)
        conf *= 0.8;
    ad.confidence = conf < 0.05 ? 0.05 : conf > 0.95 ? 0.95 : conf;
    ad.confidence = (double)(long long)(ad.confidence * 100 + 0.5) / 100;

    /* Reasons: the work, then why the recommended model fits, then the comparison. */
    push(&ad, work_sentence(a, s, k, fn));
    bool c = s->lang == CC_LANG_C;
    double step = c ? k->c_step_s : k->step_s;
    double tg = s->gil_steps.v * step, tn = s->native_bytes.v * k->native_byte_s;
    double tw = s->wait_s.v, task = tg + tn + tw;
    bool cpu_gil = !c && tg >= 0.5 * task && task > 0;
    switch ((cc_advice_model)ad.recommended) {
    case CC_AM_PROCESSES:
        if (guess_processes)
            push(&ad, reason(a, "Threads cannot speed up GIL-holding code; worker processes can, "
                                "once the inputs are large enough to outweigh pickling them (for "
                                "small inputs a plain loop is faster)."));
        else if (c && (s->cost_flags & CC_COSTF_MT_UNSAFE))
            push(&ad, reason(a,
                             "it calls `%s`, which is not safe to call from several threads "
                             "(MT-Unsafe); separate processes do not share its state.",
                             s->mt_unsafe.what ? s->mt_unsafe.what : "an MT-Unsafe function"));
        else if (cpu_gil && ad.current != CC_AM_PROCESSES)
            push(&ad, reason(a,
                             "Under the GIL, threads run it one at a time; %s worker processes "
                             "run it in parallel on %d usable core%s.",
                             fmt_n((cc_est){dmin(s->workers.v, k->cores), true}, b1, sizeof b1),
                             k->cores, k->cores == 1 ? "" : "s"));
        else if (cpu_gil)
            push(&ad, reason(a,
                             "Worker processes run GIL-holding Python code in parallel; the "
                             "payload (%s per task) is small next to the work.",
                             cc_fmt_bytes(s->payload_bytes.v, b1, sizeof b1)));
        break;
    case CC_AM_THREADS:
        if (c)
            push(&ad, reason(a, "C threads have no GIL: they run this work in parallel and share "
                                "memory without copying it."));
        else if (tw >= 0.5 * task)
            push(&ad,
                 reason(a,
                        "Waiting releases the GIL, so threads overlap the waits; "
                        "processes would add start-up (%s each) and pickling for "
                        "nothing.",
                        cc_fmt_seconds(k->process_start_s[s->start_method & 3], b1, sizeof b1)));
        else if (tn >= 0.5 * task)
            push(&ad, reason(a,
                             "`%s` releases the GIL, so threads run it in parallel without "
                             "copying data to other processes.",
                             s->native_src.what ? s->native_src.what : "the native call"));
        break;
    case CC_AM_FREE_THREADED:
        if (rt->free_threaded)
            push(&ad, reason(a,
                             "On a free-threaded Python (%d.%dt) threads run Python code in "
                             "parallel, and share memory without pickling.",
                             rt->major ? rt->major : 3, rt->major ? rt->minor : 13));
        else
            push(&ad, reason(a, "It is GIL-bound, and moving its data to processes costs more "
                                "than the work: a free-threaded build (3.13t or later) runs "
                                "threads in parallel without copying."));
        break;
    case CC_AM_INTERPRETERS:
        push(&ad, reason(a,
                         "On Python %d.%d an interpreter pool "
                         "(concurrent.futures.InterpreterPoolExecutor) runs GIL-holding code "
                         "in parallel and starts faster than processes.",
                         rt->major, rt->minor));
        break;
    case CC_AM_ASYNCIO:
        push(&ad, reason(a,
                         "Its waits are network calls or sleeps an event loop can overlap by "
                         "the thousand; %s tasks exceed what a thread pool of %s runs at once.",
                         fmt_n(s->tasks, b1, sizeof b1), fmt_n(s->workers, b2, sizeof b2)));
        break;
    case CC_AM_SERIAL: {
        double g = s->gil_steps.v * k->step_s, t1 = cc_site_task_seconds(s, k);
        double best_par = -1;
        for (int m = 0; m < CC_AM__COUNT; m++)
            if (m != CC_AM_SERIAL && m != CC_AM_FREE_THREADED && ad.estimate_s[m] >= 0 &&
                (best_par < 0 || ad.estimate_s[m] < best_par))
                best_par = ad.estimate_s[m];
        double ser = ad.estimate_s[CC_AM_SERIAL];
        /* GIL-bound work large enough that the threads' own overhead is not the story */
        bool gil_bound = ad.current == CC_AM_THREADS && s->lang == CC_LANG_PYTHON &&
                         !rt->free_threaded && t1 > 0 && g >= 0.8 * t1 &&
                         ad.estimate_s[CC_AM_THREADS] < 2 * ser;
        if (gil_bound && best_par > 0 && best_par < ser)
            /* GIL-bound work that another model would speed up only a little */
            push(&ad, reason(a,
                             "Under the GIL the threads run it one at a time, so they gain "
                             "nothing over a loop (%s serially); the fastest other model is "
                             "only %.1fx faster (%s), too little to be worth the change.",
                             cc_fmt_seconds(ser, b1, sizeof b1), ser / best_par,
                             cc_fmt_seconds(best_par, b2, sizeof b2)));
        else if (gil_bound)
            push(&ad, reason(a,
                             "Under the GIL the threads run it one at a time, so they gain "
                             "nothing over a loop (%s serially), and no other model is faster "
                             "here.",
                             cc_fmt_seconds(ser, b1, sizeof b1)));
        else
            push(&ad, reason(a,
                             "The whole work (%s serially) is smaller than the cost of running "
                             "it %s.",
                             cc_fmt_seconds(ser, b1, sizeof b1),
                             ad.current == CC_AM_PROCESSES ? "in processes" : "in threads"));
        break;
    }
    default:
        break;
    }
    /* The payload, when processes pay for it. */
    if (!c && (ad.current == CC_AM_PROCESSES || ad.recommended == CC_AM_PROCESSES) &&
        s->model == CC_MODEL_PROCESS) {
        double n = s->tasks.v > 0 ? s->tasks.v : 1;
        double xfer =
            n * ((s->payload_bytes.v + s->result_bytes.v) * k->byte_s +
                 (s->payload_objects.v + s->result_objects.v) * k->object_s) +
            (s->kind == CC_SITE_START ? 0
                                      : n / (s->chunksize.v > 0 ? s->chunksize.v : 1) * k->task_s);
        if (xfer > 0.2 * n * task && xfer > 1e-3)
            push(&ad, reason(a,
                             "Dispatching the tasks and moving their data costs %s (%s per "
                             "task sent%s) against %s of work.",
                             cc_fmt_seconds(xfer, b1, sizeof b1),
                             cc_fmt_bytes(s->payload_bytes.v, b2, sizeof b2),
                             s->result_bytes.v > 1000 ? " and its result sent back" : "",
                             cc_fmt_seconds(n * task, b3, sizeof b3)));
    }
    /* The comparison behind the choice. */
    {
        char line[512];
        size_t len = 0;
        line[0] = 0;
        static const int order[] = {CC_AM_SERIAL,    CC_AM_THREADS,      CC_AM_FREE_THREADED,
                                    CC_AM_PROCESSES, CC_AM_INTERPRETERS, CC_AM_ASYNCIO};
        for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
            int m = order[i];
            if (ad.estimate_s[m] < 0)
                continue;
            if (m == CC_AM_FREE_THREADED && !rt->free_threaded && m != ad.recommended)
                continue;
            len += (size_t)snprintf(line + len, sizeof line - len, "%s%s %s", len ? ", " : "",
                                    cc_advice_model_name((cc_advice_model)m),
                                    cc_fmt_seconds(ad.estimate_s[m], b4, sizeof b4));
            if (len >= sizeof line)
                break;
        }
        push(&ad, reason(a, "%sstimated for %s task%s on %s worker%s (%d usable core%s): %s.",
                         work_known && s->tasks.known ? "E" : "With unknown sizes taken as 1000, e",
                         fmt_n(s->tasks, b1, sizeof b1), s->tasks.v == 1 ? "" : "s",
                         fmt_n(s->workers, b2, sizeof b2), s->workers.v == 1 ? "" : "s", k->cores,
                         k->cores == 1 ? "" : "s", line));
    }
    if (s->cost_flags & CC_COSTF_UNKNOWN_CALL && s->unknown.what)
        push(&ad, reason(a,
                         "Part of the cost is unknown: it calls `%s`, which concur cannot see "
                         "into, so the current model is kept.",
                         s->unknown.what));
    else if (s->cost_flags & CC_COSTF_WAIT_OPEN)
        push(&ad, reason(a, "It waits on queues, events or other tasks for as long as their "
                            "producers take, which concur cannot estimate, so the current model "
                            "is kept."));
    if (!c && cpu_gil && !rt->free_threaded && ad.recommended == CC_AM_PROCESSES && !rt->reenabler)
        push(&ad, reason(a, "On a free-threaded build (3.13t or later) threads would run it in "
                            "parallel too."));
    if (rt->reenabler && !c && cpu_gil)
        push(&ad, reason(a,
                         "The target is free-threaded, but importing `%s` turns the GIL back "
                         "on.",
                         rt->reenabler));
    CC_VEC_PUSH(set->items, set->n, set->cap, ad);
}

static int advice_cmp(const void *x, const void *y)
{
    const cc_advice *a = x, *b = y;
    if (a->unit != b->unit)
        return a->unit < b->unit ? -1 : 1;
    if (a->span.line != b->span.line)
        return a->span.line < b->span.line ? -1 : 1;
    if (a->span.col != b->span.col)
        return a->span.col < b->span.col ? -1 : 1;
    return a->site < b->site ? -1 : a->site > b->site;
}

cc_advice_set *cc_advice_set_new(cc_program *prog)
{
    cc_advice_set *set = cc_xcalloc(1, sizeof *set);
    set->arena = cc_arena_new();
    cc_effects *fx = cc_program_effects(prog);
    set->k = cc_effects_constants(fx);
    const cc_program_options *po = cc_program_options_get(prog);
    runtime rt = {po->target_major, po->target_minor, false, NULL, po->target_free_threaded};
    rt.free_threaded = cc_effects_free_threaded(fx, &rt.reenabler);
    for (uint32_t i = 0; i < cc_effects_site_count(fx); i++)
        build_one(set, prog, fx, i, &rt);
    if (set->n > 1)
        qsort(set->items, set->n, sizeof(cc_advice), advice_cmp);
    return set;
}
