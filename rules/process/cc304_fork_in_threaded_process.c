/* CC304 fork-in-threaded-process
 *
 * ## What it does
 * Finds places that fork the process while other threads may be running: C `fork()`/`vfork()`,
 * Python `os.fork()`/`os.forkpty()`/`pty.fork()`, `multiprocessing` starting processes under the
 * fork start method (`Process.start()`, creating a `Pool`, the first `submit`/`map` of a
 * `ProcessPoolExecutor`) — set explicitly, or left to the platform default, which is fork on
 * Linux before Python 3.14 — and `subprocess` calls with `preexec_fn=`, which run Python code in
 * the child before it execs. A thread may be running when it was started before and not joined
 * on some path, when the fork itself runs in a thread, or when a library started it: the three
 * handler threads every `multiprocessing.Pool` runs until it is closed (so a second fork-based
 * pool created while the first lives is a fork in a threaded process), the manager thread of a
 * `ProcessPoolExecutor` after its first submit, and threads running library functions
 * (`Thread(target=server.serve_forever)`).
 *
 * Not reported: a fork before any thread starts or after all are joined; a child that execs right
 * away (only async-signal-safe calls such as `dup2`, `close` and `setsid` before the `exec`);
 * `posix_spawn`; `subprocess` without `preexec_fn` (it forks and execs in C); the spawn and
 * forkserver start methods.
 *
 * ## Why is this bad?
 * A forked child has a copy of the whole memory but only the thread that called `fork`. Every
 * lock another thread held at that moment — inside `malloc`, stdio, a logging handler, an import
 * lock, your own mutex — stays locked in the child with no thread left to release it, and the
 * child deadlocks the first time it needs one. It happens only when the timing is unlucky, so it
 * shows up as a worker that hangs once in a while. POSIX allows only async-signal-safe calls in
 * such a child until it execs; Python 3.12 and later warn (`DeprecationWarning: This process is
 * multi-threaded, use of fork() may lead to deadlocks in the child`), and Python 3.14 stopped
 * using fork as the default start method on Linux for this reason.
 *
 * ## Example
 * ```python
 * import logging.handlers, multiprocessing, queue, threading
 *
 * def main():
 *     listener = logging.handlers.QueueListener(queue.Queue())
 *     threading.Thread(target=listener.start).start()
 *     with multiprocessing.Pool(4) as pool:      # forks while the thread runs
 *         pool.map(work, range(100))
 * ```
 *
 * ## Use instead
 * ```python
 * def main():
 *     ctx = multiprocessing.get_context("forkserver")
 *     listener = logging.handlers.QueueListener(queue.Queue())
 *     threading.Thread(target=listener.start).start()
 *     with ctx.Pool(4) as pool:
 *         pool.map(work, range(100))
 * ```
 * In C, fork before starting threads, or exec immediately in the child (only async-signal-safe
 * calls in between), or use `posix_spawn`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "concur/analysis.h"
#include "concur/arena.h"
#include "concur/forks.h"
#include "concur/program.h"
#include "knowledge/kb.h"

enum { FK_RAW, FK_MP, FK_PREEXEC };

typedef struct forkpt {
    cc_op_id at;
    uint32_t sem;            /* CC_NONE for a preexec_fn call */
    uint8_t kind;
    uint32_t own;            /* an executor's own manager thread does not count: its node */
} forkpt;

#define BIT(e) (1ull << (e))

static bool forks_under_method(const cc_sem *s)
{
    return s->start_method == CC_SM_FORK || s->start_method == CC_SM_UNKNOWN;
}

static const char *api_short(const char *api)
{
    if (!strncmp(api, "multiprocessing.", 16) && !strchr(api + 16, '.'))
        return api + 16;
    const char *last = strrchr(api, '.');
    if (!last)
        return api;
    const char *p = last;
    while (p > api && p[-1] != '.')
        p--;
    return p > api ? p : api;
}

/* True when the child execs right away: an exec it may reach, with nothing but
 * async-signal-safe calls before it on the child's side. */
static bool child_execs_at_once(cc_program *prog, const cc_kbindex *kb, cc_op_id at)
{
    cc_fork_region *r = cc_fork_region_new(prog, kb, at);
    const cc_func *fn = &cc_program_unit(prog, at.unit)->funcs[at.func];
    uint32_t exec_op = CC_NONE;
    for (uint32_t o = 0; o < fn->nops && exec_op == CC_NONE; o++)
        if (fn->ops[o].kind == CC_OP_CALL && (cc_fork_region_who(r, o) & CC_FORK_CHILD) &&
            cc_kbindex_call_is(kb, at.unit, at.func, o, CC_KB_EXEC))
            exec_op = o;
    bool ok = exec_op != CC_NONE;
    for (uint32_t o = 0; ok && o < fn->nops; o++) {
        const cc_op *op = &fn->ops[o];
        if (op->kind != CC_OP_CALL || o == at.op || op->start >= fn->ops[exec_op].start)
            continue;
        uint8_t who = cc_fork_region_who(r, o);
        bool childs = who == CC_FORK_CHILD ||
                      (who && op->block == fn->ops[exec_op].block && o < exec_op);
        if (!childs)
            continue;
        if (!cc_kbindex_call_is(kb, at.unit, at.func, o, CC_KB_AS_SAFE) &&
            !cc_kbindex_call_is(kb, at.unit, at.func, o, CC_KB_EXIT))
            ok = false;
    }
    cc_fork_region_delete(r);
    return ok;
}

/* The keyword argument `kw` of a call, unless it is absent or a literal None. */
static bool has_keyword(const cc_program *prog, uint32_t u, uint32_t f, uint32_t o, int pos,
                        const char *kw)
{
    uint32_t a = cc_call_arg(prog, u, f, o, pos, kw);
    if (a == CC_NONE)
        return false;
    const cc_op *v = &cc_program_unit(prog, u)->funcs[f].ops[a];
    return !(v->kind == CC_OP_CONST && v->sub == CC_CONST_NONE);
}

static void collect(cc_program *prog, const cc_kbindex *kb, const cc_pointsto *pt, forkpt **out,
                    uint32_t *n, uint32_t *cap)
{
    uint32_t ns = cc_program_sem_count(prog);
    for (uint32_t i = 0; i < ns; i++) {
        const cc_sem *s = cc_program_sem(prog, i);
        forkpt fp = {.at = s->at, .sem = i, .own = CC_NONE};
        if (s->model != CC_MODEL_PROCESS)
            continue;
        if (s->kind == CC_SEM_START && s->kb_effect == CC_KB_FORK) {
            fp.kind = FK_RAW;
        } else if (s->kind == CC_SEM_START && forks_under_method(s)) {
            fp.kind = FK_MP;
        } else if (s->kind == CC_SEM_POOL_NEW && (s->kb_flags & CC_KBF_STARTS_WORKERS) &&
                   forks_under_method(s)) {
            fp.kind = FK_MP;
        } else if (s->kind == CC_SEM_SUBMIT && (s->kb_flags & CC_KBF_STARTS_ON_SUBMIT) &&
                   forks_under_method(s)) {
            fp.kind = FK_MP;
            fp.own = cc_sem_handle_node(prog, pt, s);
        } else {
            continue;
        }
        CC_VEC_PUSH(*out, *n, *cap, fp);
    }
    /* subprocess with preexec_fn */
    for (uint32_t u = 0; u < cc_program_unit_count(prog); u++) {
        const cc_unit *un = cc_program_unit(prog, u);
        if (un->lang != CC_LANG_PYTHON)
            continue;
        for (uint32_t f = 0; f < un->nfuncs; f++)
            for (uint32_t o = 0; o < un->funcs[f].nops; o++) {
                if (un->funcs[f].ops[o].kind != CC_OP_CALL)
                    continue;
                const cc_kb_entry *e[4];
                uint32_t ne = cc_kbindex_call(kb, u, f, o, e, 4);
                for (uint32_t k = 0; k < ne && k < 4; k++)
                    if (e[k]->effect == CC_KB_FORK_EXEC && e[k]->fn_kw &&
                        has_keyword(prog, u, f, o, e[k]->fn_pos, e[k]->fn_kw)) {
                        forkpt fp = {.at = {u, f, o}, .sem = CC_NONE, .kind = FK_PREEXEC,
                                     .own = CC_NONE};
                        CC_VEC_PUSH(*out, *n, *cap, fp);
                        break;
                    }
            }
    }
}

static const char *fname(const cc_program *prog, uint32_t unit, uint32_t func)
{
    const cc_func *fn = &cc_program_unit(prog, unit)->funcs[func];
    if (fn->kind == CC_FUNC_MODULE)
        return "module code";
    return cc_str_text(cc_program_interner(prog), fn->qualname);
}

void cc304_run(cc_program *prog);
void cc304_run(cc_program *prog)
{
    cc_kbindex *kb = cc_kbindex_new(prog, BIT(CC_KB_EXIT) | BIT(CC_KB_EXEC) | BIT(CC_KB_AS_SAFE) |
                                              BIT(CC_KB_FORK_EXEC));
    forkpt *fps = NULL;
    uint32_t nfp = 0, capfp = 0;
    const cc_analyses *an = NULL;
    /* cheap test first: most programs never fork */
    bool any = false;
    for (uint32_t i = 0; i < cc_program_sem_count(prog) && !any; i++) {
        const cc_sem *s = cc_program_sem(prog, i);
        any = s->model == CC_MODEL_PROCESS &&
              (s->kind == CC_SEM_START || s->kind == CC_SEM_POOL_NEW || s->kind == CC_SEM_SUBMIT);
    }
    for (uint32_t u = 0; u < cc_program_unit_count(prog) && !any; u++) {
        const cc_unit *un = cc_program_unit(prog, u);
        for (uint32_t f = 0; f < un->nfuncs && !any && un->lang == CC_LANG_PYTHON; f++)
            for (uint32_t o = 0; o < un->funcs[f].nops && !any; o++)
                any = un->funcs[f].ops[o].kind == CC_OP_CALL &&
                      cc_kbindex_call_is(kb, u, f, o, CC_KB_FORK_EXEC);
    }
    if (!any)
        goto done;
    an = cc_program_analyses(prog);
    collect(prog, kb, an->pt, &fps, &nfp, &capfp);
    if (!nfp)
        goto done;
    const cc_threads *th = an->th;
    uint32_t *queries = cc_xmalloc((nfp + 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i < nfp; i++)
        queries[i] = cc_pointsto_gid(an->pt, fps[i].at.unit, fps[i].at.func);
    cc_libthreads *lt = cc_libthreads_new(prog, an, queries, nfp);
    cc_ctxview *cv = cc_ctxview_new(prog, an);
    uint32_t last_unit = CC_NONE, last_line = 0;
    for (uint32_t i = 0; i < nfp; i++) {
        const forkpt *fp = &fps[i];
        const cc_unit *un = cc_program_unit(prog, fp->at.unit);
        const cc_func *fn = &un->funcs[fp->at.func];
        const cc_op *op = &fn->ops[fp->at.op];
        uint32_t gid = queries[i];
        if (fp->kind == FK_RAW && child_execs_at_once(prog, kb, fp->at))
            continue;
        /* why the process has other threads here */
        char why[400] = "";
        cc_related rel = {CC_NONE, {0}, NULL};
        char relmsg[200] = "";
        for (uint32_t c = 1; c < cc_threads_count(th) && !why[0]; c++) {
            if (!cc_ctxview_runs_in(cv, gid, c))
                continue;
            const cc_context *cx = cc_threads_context(th, c);
            cc_func_id e = cc_pointsto_func(an->pt, cx->entry);
            const cc_unit *su = cc_program_unit(prog, cx->start.unit);
            cc_span sp = cc_op_span(su, &su->funcs[cx->start.func].ops[cx->start.op]);
            snprintf(why, sizeof why, "it runs in a thread, `%s`, started at line %u%s%s",
                     fname(prog, e.unit, e.func), sp.line, su != un ? " of " : "",
                     su != un ? su->path : "");
            rel = (cc_related){cx->start.unit, sp, "the thread that forks starts here"};
        }
        for (uint32_t c = 1; c < cc_threads_count(th) && !why[0]; c++) {
            if (cc_ctxview_runs_in(cv, gid, c) || !cc_ctxview_live_at(cv, gid, fp->at.op, c))
                continue;
            const cc_context *cx = cc_threads_context(th, c);
            cc_func_id e = cc_pointsto_func(an->pt, cx->entry);
            const cc_unit *su = cc_program_unit(prog, cx->start.unit);
            cc_span sp = cc_op_span(su, &su->funcs[cx->start.func].ops[cx->start.op]);
            snprintf(why, sizeof why, "%s `%s`, started at line %u%s%s, may still be running",
                     cx->pool ? "a thread-pool task" : "a thread", fname(prog, e.unit, e.func),
                     sp.line, su != un ? " of " : "", su != un ? su->path : "");
            snprintf(relmsg, sizeof relmsg, "the thread starts here");
            rel = (cc_related){cx->start.unit, sp, relmsg};
        }
        if (!why[0]) {
            uint32_t live[16];
            uint32_t nl = cc_libthreads_live_at(lt, gid, fp->at.op, live, 16);
            for (uint32_t k = 0; k < nl && k < 16 && !why[0]; k++) {
                const cc_thread_source *ts = cc_libthreads_source(lt, live[k]);
                if (fp->own != CC_NONE && ts->handle == fp->own)
                    continue;
                const cc_unit *su = cc_program_unit(prog, ts->at.unit);
                cc_span sp = cc_op_span(su, &su->funcs[ts->at.func].ops[ts->at.op]);
                snprintf(why, sizeof why, "%s at line %u%s%s may still be running", ts->what,
                         sp.line, su != un ? " of " : "", su != un ? su->path : "");
                rel = (cc_related){ts->at.unit, sp, "the thread starts here"};
            }
        }
        if (!why[0])
            continue;
        cc_span span = cc_op_span(un, op);
        if (fp->at.unit == last_unit && span.line == last_line)
            continue;
        last_unit = fp->at.unit;
        last_line = span.line;
        char msg[1400];
        const char *help;
        const cc_sem *s = fp->sem != CC_NONE ? cc_program_sem(prog, fp->sem) : NULL;
        if (fp->kind == FK_RAW && un->lang == CC_LANG_C) {
            snprintf(msg, sizeof msg,
                     "`%s()` is called while other threads may be running (%s): the child gets "
                     "only the calling thread, so a mutex another thread holds at that moment "
                     "stays locked in the child for good, and until it execs the child may only "
                     "call async-signal-safe functions",
                     s->api, why);
            help = "fork before starting threads, or exec right away in the child (only "
                   "async-signal-safe calls before it), or use posix_spawn";
        } else if (fp->kind == FK_RAW) {
            snprintf(msg, sizeof msg,
                     "`%s()` is called while other threads may be running (%s): the child gets "
                     "only the calling thread, and a lock another thread holds at that moment (a "
                     "logging handler's, an import lock, a library's) stays locked in the child "
                     "for good; Python 3.12 and later warn about this",
                     s->api, why);
            help = "fork before starting threads, use subprocess or os.posix_spawn to run "
                   "programs, or multiprocessing with the spawn or forkserver start method";
        } else if (fp->kind == FK_MP) {
            char what[160];
            if (s->kind == CC_SEM_POOL_NEW)
                snprintf(what, sizeof what, "`%s()` forks its worker processes",
                         api_short(s->api));
            else if (s->kind == CC_SEM_SUBMIT)
                snprintf(what, sizeof what,
                         "the first `%s()` of a ProcessPoolExecutor forks its worker processes",
                         api_short(s->api));
            else
                snprintf(what, sizeof what, "`%s()` forks a process", api_short(s->api));
            snprintf(msg, sizeof msg,
                     "%s (%s) while other threads may be running (%s): each child gets a copy of "
                     "the locks those threads hold at that moment and can deadlock on one",
                     what,
                     s->sm_explicit ? "the fork start method, chosen in the code"
                                    : "the fork start method, the default on Linux before "
                                      "Python 3.14",
                     why);
            help = "use multiprocessing.get_context(\"forkserver\") or \"spawn\" (or "
                   "set_start_method), or start the processes before any thread";
        } else {
            snprintf(msg, sizeof msg,
                     "`preexec_fn` runs Python code in the forked child before it execs, while "
                     "other threads may be running (%s): the subprocess docs say it is not safe "
                     "with threads, as the child can deadlock before exec is called",
                     why);
            help = "drop preexec_fn: use start_new_session=True, process_group=, user=, group=, "
                   "umask= or pass_fds= instead";
        }
        cc_program_report_related(prog, "CC304", fp->at.unit, span, msg, help, &rel,
                                  rel.unit == CC_NONE ? 0 : 1);
    }
    cc_libthreads_delete(lt);
    cc_ctxview_delete(cv);
    free(queries);
done:
    free(fps);
    cc_kbindex_delete(kb);
}
