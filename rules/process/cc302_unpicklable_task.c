/* CC302 unpicklable-task
 *
 * ## What it does
 * Finds values sent to another process that cannot be pickled: a lambda, a function defined inside
 * another function (also one returned by a factory), a generator, a lock (`threading.Lock`,
 * `RLock`, `Condition`, `Semaphore`, `Event`), an open file or a database connection — passed as
 * the task function or as one of its arguments. (Sockets are not reported: multiprocessing
 * registers a reducer that passes their file descriptors.) Pool tasks (`multiprocessing.Pool.map`, `apply_async`, `starmap`, ...,
 * `ProcessPoolExecutor.submit` and `.map`) are always pickled. A `multiprocessing.Process` target
 * and its `args` are pickled only under the spawn and forkserver start methods; under fork they are
 * inherited, so a lambda is fine there. When the code does not choose a start method, the platform
 * default applies: spawn on macOS and Windows, and forkserver on Linux from Python 3.14.
 * A function defined under `if __name__ == "__main__":` is also reported when it reaches a process
 * under spawn or forkserver: the child imports the main module as `__mp_main__`, skips the guarded
 * block, and cannot find the function.
 *
 * ## Why is this bad?
 * The task fails at run time, often far from the cause: `PicklingError: Can't pickle <function
 * <lambda>>`, `AttributeError: Can't get local object 'main.<locals>.work'`, or `TypeError: cannot
 * pickle '_thread.lock' object` — sometimes only on a colleague's Mac, or after upgrading to
 * Python 3.14.
 *
 * ## Example
 * ```python
 * from multiprocessing import Pool
 *
 * def main(paths):
 *     with Pool() as pool:
 *         return pool.map(lambda p: len(open(p).read()), paths)
 * ```
 *
 * ## Use instead
 * ```python
 * from multiprocessing import Pool
 *
 * def count_chars(path):
 *     with open(path) as f:
 *         return len(f.read())
 *
 * def main(paths):
 *     with Pool() as pool:
 *         return pool.map(count_chars, paths)
 * ```
 * Define task functions at module level, and pass paths or data instead of open files and locks
 * (a `multiprocessing.Manager().Lock()` can be shared with pool workers).
 */
#include <stdio.h>
#include <string.h>

#include "concur/program.h"
#include "knowledge/kb.h"

typedef struct check {
    const cc_sem *sem;
    bool found;
    char what[256];
    char help[256];
} check;

static const cc_kb_entry *kb_by_name(const char *name)
{
    uint32_t n;
    const cc_kb_entry *e = cc_kb_builtin(&n);
    for (uint32_t i = 0; i < n; i++)
        if (!strcmp(e[i].name, name))
            return &e[i];
    return NULL;
}

static void inspect(const cc_program *prog, uint32_t u, uint32_t f, uint32_t o, void *ctx);

static void inspect_partial(const cc_program *prog, uint32_t u, uint32_t f, const cc_op *call,
                            check *c)
{
    for (uint32_t i = 0; i < call->nargs && !c->found; i++)
        cc_value_origins(prog, u, f, call->args[i], inspect, c);
}

static void inspect(const cc_program *prog, uint32_t u, uint32_t f, uint32_t o, void *ctx)
{
    check *c = ctx;
    if (c->found)
        return;
    const cc_interner *in = cc_program_interner(prog);
    const cc_unit *un = cc_program_unit(prog, u);
    const cc_op *op = &un->funcs[f].ops[o];
    if (op->kind == CC_OP_ALLOC && op->sub == CC_ALLOC_GENERATOR) {
        c->found = true;
        snprintf(c->what, sizeof c->what, "a generator");
        snprintf(c->help, sizeof c->help, "pass a list (or the data the generator reads) instead");
        return;
    }
    cc_aval v = cc_resolve(prog, u, f, o);
    if (v.kind == CC_V_FUNC) {
        const cc_func *fn = &cc_program_unit(prog, v.unit)->funcs[v.idx];
        if (fn->kind == CC_FUNC_LAMBDA) {
            c->found = true;
            snprintf(c->what, sizeof c->what, "a lambda");
            snprintf(c->help, sizeof c->help,
                     "define the function with `def` at module level so it pickles by name");
        } else if (fn->flags & CC_FUNCF_NESTED) {
            c->found = true;
            snprintf(c->what, sizeof c->what, "the local function `%s`",
                     cc_str_text(in, fn->qualname));
            snprintf(c->help, sizeof c->help,
                     "move `%s` to module level (pass what it closes over as arguments)",
                     cc_str_text(in, fn->name));
        } else if ((fn->flags & CC_FUNCF_IN_MAIN_GUARD) &&
                   c->sem->start_method != CC_SM_FORK) {
            c->found = true;
            snprintf(c->what, sizeof c->what,
                     "`%s`, defined under `if __name__ == \"__main__\":` (a spawned child "
                     "imports the module as __mp_main__ and never defines it)",
                     cc_str_text(in, fn->name));
            snprintf(c->help, sizeof c->help, "define `%s` at module level, above the guard",
                     cc_str_text(in, fn->name));
        }
        return;
    }
    if (v.kind == CC_V_INSTANCE) {
        /* The call that made the object: here, or where a variable or attribute got it. */
        const cc_op *ctor = &cc_program_unit(prog, v.origin.unit)->funcs[v.origin.func]
                                 .ops[v.origin.op];
        if (ctor->kind != CC_OP_CALL)
            return;
        u = v.origin.unit;
        f = v.origin.func;
        op = ctor;
        cc_aval callee = cc_resolve(prog, u, f, op->a);
        if (callee.kind != CC_V_EXTERN)
            return;
        const cc_kb_entry *e = kb_by_name(cc_str_text(in, callee.qname));
        if (!e)
            return;
        if (e->effect == CC_KB_PARTIAL) {
            inspect_partial(prog, u, f, op, c);
            return;
        }
        if (!e->what || (e->effect != CC_KB_UNPICKLABLE && e->effect != CC_KB_LOCK_NEW))
            return;
        if ((e->flags & CC_KBF_INHERIT_ONLY) && c->sem->pickling != CC_PICKLE_ALWAYS)
            return;
        c->found = true;
        snprintf(c->what, sizeof c->what, "%s", e->what);
        if (e->effect == CC_KB_LOCK_NEW)
            snprintf(c->help, sizeof c->help,
                     "share a lock with pool workers through a multiprocessing.Manager().Lock(), "
                     "or give it to each worker with `initializer=`");
        else
            snprintf(c->help, sizeof c->help,
                     "send what the worker needs to re-open it (a path, an address) instead");
    }
}

static const char *short_api(const char *api)
{
    /* Only a process pool pickles, so an Executor method that sends is a ProcessPoolExecutor's. */
    if (!strcmp(api, "concurrent.futures.Executor.submit"))
        return "ProcessPoolExecutor.submit";
    if (!strcmp(api, "concurrent.futures.Executor.map"))
        return "ProcessPoolExecutor.map";
    /* "multiprocessing.pool.Pool.map" -> "Pool.map" */
    const char *last = strrchr(api, '.');
    if (!last)
        return api;
    const char *p = last;
    while (p > api && p[-1] != '.')
        p--;
    return p > api ? p : api;
}

void cc302_run(cc_program *prog);
void cc302_run(cc_program *prog)
{
    uint32_t n = cc_program_sem_count(prog);
    for (uint32_t i = 0; i < n; i++) {
        const cc_sem *s = cc_program_sem(prog, i);
        if (s->kind != CC_SEM_SEND || s->value == CC_NONE)
            continue;
        if (s->pickling == CC_PICKLE_NEVER)
            continue;
        if (s->pickling == CC_PICKLE_UNLESS_FORK && s->start_method == CC_SM_FORK)
            continue;
        check c = {.sem = s};
        cc_value_origins(prog, s->at.unit, s->at.func, s->value, inspect, &c);
        if (!c.found)
            continue;
        const cc_unit *un = cc_program_unit(prog, s->at.unit);
        const cc_op *val = &un->funcs[s->at.func].ops[s->value];
        char msg[1024];
        const char *api = short_api(s->api);
        if (s->pickling == CC_PICKLE_ALWAYS) {
            snprintf(msg, sizeof msg, "%s %s is %s, which cannot be pickled; %s pickles every "
                     "task it sends to a worker process",
                     !strcmp(s->role, "function") ? "the task function" : "this",
                     !strcmp(s->role, "function") ? "passed here" : s->role, c.what, api);
        } else if (s->sm_explicit || s->start_method != CC_SM_UNKNOWN) {
            snprintf(msg, sizeof msg, "the process %s is %s, which cannot be pickled; under the "
                     "%s start method %s pickles its target and arguments",
                     s->role, c.what, cc_start_method_name(s->start_method), api);
        } else {
            snprintf(msg, sizeof msg, "the process %s is %s, which cannot be pickled; it fails "
                     "under the spawn and forkserver start methods (the default on macOS and "
                     "Windows, and on Linux from Python 3.14), where %s pickles its target and "
                     "arguments",
                     s->role, c.what, api);
        }
        cc_program_report(prog, "CC302", s->at.unit, cc_op_span(un, val), msg, c.help);
    }
}
