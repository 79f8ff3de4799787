/* CC303 missing-main-guard
 *
 * ## What it does
 * Finds module-level code that starts processes — `Process(...).start()`, creating a
 * `multiprocessing.Pool`, submitting to a `ProcessPoolExecutor` — directly or through the
 * functions it calls, outside an `if __name__ == "__main__":` block. It applies under the spawn
 * and forkserver start methods, and when the code leaves the start method to the platform
 * default (spawn on macOS and Windows, forkserver on Linux from Python 3.14). Under an explicit
 * fork start method it is silent. A package's `__main__.py` is exempt.
 *
 * ## Why is this bad?
 * A spawned child starts a fresh interpreter and imports the main module (as `__mp_main__`) to
 * find the task function. If importing the module starts processes, every child tries to start
 * its own children while still bootstrapping; multiprocessing stops this with `RuntimeError: An
 * attempt has been made to start a new process before the current process has finished its
 * bootstrapping phase`. Code that works on Linux with Python 3.13 breaks on macOS, on Windows, and
 * on Linux with Python 3.14.
 *
 * ## Example
 * ```python
 * from multiprocessing import Pool
 *
 * def square(x):
 *     return x * x
 *
 * with Pool(4) as pool:
 *     print(pool.map(square, range(10)))
 * ```
 *
 * ## Use instead
 * ```python
 * from multiprocessing import Pool
 *
 * def square(x):
 *     return x * x
 *
 * if __name__ == "__main__":
 *     with Pool(4) as pool:
 *         print(pool.map(square, range(10)))
 * ```
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "concur/arena.h"
#include "concur/program.h"
#include "knowledge/kb.h"

typedef struct edge {
    uint32_t caller, callee; /* global function numbers */
} edge;

typedef struct state {
    cc_program *prog;
    uint32_t *base;          /* first global function number of each unit */
    uint32_t nfuncs;
    uint32_t *via_sem;       /* per function: a sem that starts processes in it, or CC_NONE */
    uint32_t *via_callee;    /* per function: a callee that starts processes, or CC_NONE */
} state;

static bool starts_processes(const cc_sem *s)
{
    if (s->model != CC_MODEL_PROCESS || s->start_method == CC_SM_FORK)
        return false;
    switch (s->kind) {
    case CC_SEM_START:
        return true;
    case CC_SEM_POOL_NEW:
        return (s->kb_flags & CC_KBF_STARTS_WORKERS) != 0;
    case CC_SEM_SUBMIT:
        return (s->kb_flags & CC_KBF_STARTS_ON_SUBMIT) != 0;
    default:
        return false;
    }
}

static uint32_t gid(const state *st, uint32_t u, uint32_t f)
{
    return st->base[u] + f;
}

static void func_of(const state *st, uint32_t g, uint32_t *u, uint32_t *f)
{
    uint32_t n = cc_program_unit_count(st->prog);
    uint32_t lo = 0, hi = n;
    while (hi - lo > 1) {
        uint32_t mid = (lo + hi) / 2;
        if (st->base[mid] <= g)
            lo = mid;
        else
            hi = mid;
    }
    *u = lo;
    *f = g - st->base[lo];
}

static const char *api_short(const char *api)
{
    if (!strncmp(api, "multiprocessing.", 16) && !strchr(api + 16, '.'))
        return api + 16; /* multiprocessing.Pool -> Pool */
    const char *last = strrchr(api, '.');
    if (!last)
        return api;
    const char *p = last;
    while (p > api && p[-1] != '.')
        p--;
    return p > api ? p : api;
}

/* Writes "run() → Pool()" for the chain of calls that starts processes from function g. */
static void chain(const state *st, uint32_t g, char *out, size_t cap)
{
    const cc_interner *in = cc_program_interner(st->prog);
    size_t len = strlen(out);
    for (int hops = 0; hops < 6 && g != CC_NONE && len + 1 < cap; hops++) {
        if (st->via_sem[g] != CC_NONE) {
            const cc_sem *s = cc_program_sem(st->prog, st->via_sem[g]);
            snprintf(out + len, cap - len, " → %s()", api_short(s->api));
            return;
        }
        uint32_t c = st->via_callee[g];
        if (c == CC_NONE)
            return;
        uint32_t u, f;
        func_of(st, c, &u, &f);
        const cc_func *fn = &cc_program_unit(st->prog, u)->funcs[f];
        snprintf(out + len, cap - len, " → %s()", cc_str_text(in, fn->qualname));
        len = strlen(out);
        g = c;
    }
}

/* The process-starting semantic operation at op o of unit u's module code, if any. Semantic
 * operations are in program order, so a binary search finds the first one at (u, 0, o). */
static const cc_sem *direct_sem(const cc_program *prog, uint32_t u, uint32_t o)
{
    uint32_t lo = 0, hi = cc_program_sem_count(prog);
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const cc_sem *s = cc_program_sem(prog, mid);
        bool less = s->at.unit < u || (s->at.unit == u && s->at.func == 0 && s->at.op < o);
        if (less)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (uint32_t i = lo; i < cc_program_sem_count(prog); i++) {
        const cc_sem *s = cc_program_sem(prog, i);
        if (s->at.unit != u || s->at.func != 0 || s->at.op != o)
            break;
        if (starts_processes(s))
            return s;
    }
    return NULL;
}

void cc303_run(cc_program *prog);
void cc303_run(cc_program *prog)
{
    uint32_t nunits = cc_program_unit_count(prog);
    state st = {.prog = prog};
    st.base = cc_xcalloc(nunits + 1, sizeof(uint32_t));
    for (uint32_t u = 0; u < nunits; u++)
        st.base[u + 1] = st.base[u] + cc_program_unit(prog, u)->nfuncs;
    st.nfuncs = st.base[nunits];
    st.via_sem = cc_xmalloc((st.nfuncs + 1) * sizeof(uint32_t));
    st.via_callee = cc_xmalloc((st.nfuncs + 1) * sizeof(uint32_t));
    memset(st.via_sem, 0xff, (st.nfuncs + 1) * sizeof(uint32_t));
    memset(st.via_callee, 0xff, (st.nfuncs + 1) * sizeof(uint32_t));
    bool any = false;
    uint32_t nsems = cc_program_sem_count(prog);
    for (uint32_t i = 0; i < nsems; i++) {
        const cc_sem *s = cc_program_sem(prog, i);
        if (!starts_processes(s))
            continue;
        uint32_t g = gid(&st, s->at.unit, s->at.func);
        if (st.via_sem[g] == CC_NONE)
            st.via_sem[g] = i;
        any = true;
    }
    if (!any)
        goto done;
    /* Call edges, then a fixpoint: a function starts processes if a callee does. */
    edge *edges = NULL;
    uint32_t nedges = 0, capedges = 0;
    for (uint32_t u = 0; u < nunits; u++) {
        const cc_unit *un = cc_program_unit(prog, u);
        for (uint32_t f = 0; f < un->nfuncs; f++)
            for (uint32_t o = 0; o < un->funcs[f].nops; o++) {
                uint8_t k = un->funcs[f].ops[o].kind;
                if (k != CC_OP_CALL && k != CC_OP_CLASS)
                    continue;
                cc_func_id t[4];
                uint32_t nt = cc_call_targets(prog, u, f, o, t, 4);
                for (uint32_t i = 0; i < nt; i++) {
                    edge e = {gid(&st, u, f), gid(&st, t[i].unit, t[i].func)};
                    CC_VEC_PUSH(edges, nedges, capedges, e);
                }
            }
    }
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t i = 0; i < nedges; i++) {
            uint32_t c = edges[i].caller, d = edges[i].callee;
            bool callee_starts = st.via_sem[d] != CC_NONE || st.via_callee[d] != CC_NONE;
            if (callee_starts && st.via_sem[c] == CC_NONE && st.via_callee[c] == CC_NONE) {
                st.via_callee[c] = d;
                changed = true;
            }
        }
    }
    free(edges);
    const cc_interner *in = cc_program_interner(prog);
    for (uint32_t u = 0; u < nunits; u++) {
        const cc_unit *un = cc_program_unit(prog, u);
        if (un->lang != CC_LANG_PYTHON || un->is_dunder_main || un->nfuncs == 0)
            continue;
        const cc_func *mod = &un->funcs[0];
        /* Blocks that run at import: from the entry, not through a __main__ guard's true edge. */
        uint8_t *seen = cc_xcalloc(mod->nblocks, 1);
        uint32_t *work = cc_xmalloc(mod->nblocks * sizeof(uint32_t));
        uint32_t nw = 0;
        work[nw++] = 0;
        seen[0] = 1;
        while (nw) {
            uint32_t b = work[--nw];
            const cc_block *blk = &mod->blocks[b];
            const cc_op *last = blk->nops ? &mod->ops[blk->first_op + blk->nops - 1] : NULL;
            /* sub 1: `if __name__ == "__main__"` (true edge guarded); sub 2: `!=` (false edge) */
            uint8_t guard = last && last->kind == CC_OP_BRANCH ? last->sub : 0;
            for (uint32_t e = 0; e < blk->nsucc; e++) {
                if ((guard == 1 && blk->succ[e].kind == CC_EDGE_TRUE) ||
                    (guard == 2 && blk->succ[e].kind == CC_EDGE_FALSE))
                    continue;
                uint32_t to = blk->succ[e].to;
                if (!seen[to]) {
                    seen[to] = 1;
                    work[nw++] = to;
                }
            }
        }
        uint32_t last_line = 0;
        for (uint32_t b = 0; b < mod->nblocks; b++) {
            if (!seen[b])
                continue;
            const cc_block *blk = &mod->blocks[b];
            for (uint32_t o = blk->first_op; o < blk->first_op + blk->nops; o++) {
                const cc_op *op = &mod->ops[o];
                if (op->kind != CC_OP_CALL && op->kind != CC_OP_CLASS)
                    continue;
                char how[512] = "";
                const cc_sem *direct = direct_sem(prog, u, o);
                const cc_sem *witness = direct;
                if (!direct) {
                    cc_func_id t[4];
                    uint32_t nt = cc_call_targets(prog, u, 0, o, t, 4);
                    uint32_t g = CC_NONE;
                    for (uint32_t i = 0; i < nt && g == CC_NONE; i++) {
                        uint32_t x = gid(&st, t[i].unit, t[i].func);
                        if (st.via_sem[x] != CC_NONE || st.via_callee[x] != CC_NONE)
                            g = x;
                    }
                    if (g == CC_NONE)
                        continue;
                    uint32_t tu, tf;
                    func_of(&st, g, &tu, &tf);
                    snprintf(how, sizeof how, "%s()",
                             cc_str_text(in, cc_program_unit(prog, tu)->funcs[tf].qualname));
                    chain(&st, g, how, sizeof how);
                    uint32_t w = g;
                    for (int hops = 0; hops < 64 && st.via_sem[w] == CC_NONE; hops++)
                        w = st.via_callee[w];
                    witness = cc_program_sem(prog, st.via_sem[w]);
                } else {
                    snprintf(how, sizeof how, "%s()", api_short(direct->api));
                }
                /* One finding per line: `Pool().map(...)` is one statement. */
                cc_span span = cc_op_span(un, op);
                if (span.line == last_line)
                    continue;
                last_line = span.line;
                char msg[1024];
                if (witness->sm_explicit)
                    snprintf(msg, sizeof msg,
                             "this starts processes when the module is imported (%s), outside "
                             "`if __name__ == \"__main__\":`; under the %s start method each "
                             "child re-imports the module and fails while bootstrapping",
                             how, cc_start_method_name(witness->start_method));
                else
                    snprintf(msg, sizeof msg,
                             "this starts processes when the module is imported (%s), outside "
                             "`if __name__ == \"__main__\":`; it fails under the spawn and "
                             "forkserver start methods (the default on macOS and Windows, and on "
                             "Linux from Python 3.14), where each child re-imports the module",
                             how);
                cc_program_report(prog, "CC303", u, span, msg,
                                  "move this call under `if __name__ == \"__main__\":`");
            }
        }
        free(seen);
        free(work);
    }
done:
    free(st.base);
    free(st.via_sem);
    free(st.via_callee);
}
