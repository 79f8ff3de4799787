/* CC203 lock-order-inversion
 *
 * ## What it does
 * Finds two locks taken in opposite orders on two paths that may run at the same time: one path
 * takes `a` and then `b` while the other takes `b` and then `a` — in C (`pthread_mutex_lock`,
 * `mtx_lock`, rwlocks, also through helper functions) and in Python (`with a: with b:` against
 * `with b: with a:`, or `acquire()` calls). Paths that hold a third lock in common (a gate lock)
 * cannot interleave and are not reported. The finding is on the inner acquisition of one order;
 * the other order is a related location.
 *
 * ## Why is this bad?
 * When each thread holds its first lock and waits for the other's, both wait forever: a
 * deadlock, which appears only under an unlucky interleaving — in production, under load.
 *
 * ## Example
 * ```python
 * def transfer(src, dst):
 *     with accounts_lock:
 *         with audit_lock:
 *             log(src, dst)
 *
 * def audit():
 *     with audit_lock:
 *         with accounts_lock:
 *             check_totals()
 * ```
 *
 * ## Use instead
 * ```python
 * def audit():
 *     with accounts_lock:
 *         with audit_lock:
 *             check_totals()
 * ```
 * Give locks a global order and always take them in that order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "concur/analysis.h"
#include "concur/program.h"

/* True when the two acquisition sites may run at once: in two contexts that overlap, or in two
 * copies of one context. */
static bool may_overlap(const cc_threads *th, const cc_lock_order *x, const cc_lock_order *y)
{
    uint32_t n = cc_threads_count(th);
    for (uint32_t a = 0; a < n; a++) {
        if (!cc_threads_runs_in(th, x->gid, a))
            continue;
        for (uint32_t b = 0; b < n; b++)
            if (cc_threads_runs_in(th, y->gid, b) &&
                cc_threads_concurrent(th, a, x->gid, x->op, b, y->gid, y->op))
                return true;
    }
    return false;
}

/* True when both sites hold a third lock in common (a gate that orders them). */
static bool gated(const cc_locksets *ls, const cc_lock_order *x, const cc_lock_order *y)
{
    cc_held hx[16], hy[16];
    uint32_t nx = cc_locksets_held(ls, x->gid, x->op, hx, 16);
    uint32_t ny = cc_locksets_held(ls, y->gid, y->op, hy, 16);
    nx = nx > 16 ? 16 : nx;
    ny = ny > 16 ? 16 : ny;
    for (uint32_t i = 0; i < nx; i++)
        for (uint32_t j = 0; j < ny; j++)
            if (hx[i].lock == hy[j].lock && hx[i].lock != x->first && hx[i].lock != x->second &&
                !hx[i].shared && !hy[j].shared)
                return true;
    return false;
}

void cc203_run(cc_program *prog);
void cc203_run(cc_program *prog)
{
    const cc_analyses *an = cc_program_analyses(prog);
    const cc_pointsto *pt = an->pt;
    const cc_threads *th = an->th;
    const cc_locksets *ls = an->ls;
    if (!ls || cc_threads_count(th) < 2)
        return;
    uint32_t n;
    const cc_lock_order *ord = cc_locksets_orders(ls, &n);
    uint8_t *done = calloc(n + 1, 1);
    for (uint32_t i = 0; i < n && cc_threads_count(th) > 1; i++) {
        if (done[i])
            continue;
        for (uint32_t j = 0; j < n; j++) {
            const cc_lock_order *x = &ord[i], *y = &ord[j];
            if (x->first != y->second || x->second != y->first || done[j])
                continue;
            if (!may_overlap(th, x, y) || gated(ls, x, y))
                continue;
            /* one finding per pair of locks, on the order met last in the program */
            for (uint32_t k = 0; k < n; k++)
                if ((ord[k].first == x->first && ord[k].second == x->second) ||
                    (ord[k].first == x->second && ord[k].second == x->first))
                    done[k] = 1;
            const cc_lock_order *r = x, *o = y;
            if (y->gid > x->gid || (y->gid == x->gid && y->op > x->op)) {
                r = y;
                o = x;
            }
            cc_func_id ir = cc_pointsto_func(pt, r->gid), io = cc_pointsto_func(pt, o->gid);
            const cc_unit *ur = cc_program_unit(prog, ir.unit), *uo = cc_program_unit(prog, io.unit);
            const cc_func *fr = &ur->funcs[ir.func], *fo = &uo->funcs[io.func];
            const cc_interner *in = cc_program_interner(prog);
            char l1[96], l2[96], msg[1024];
            cc_locksets_describe(ls, prog, r->first, l1, sizeof l1);
            cc_locksets_describe(ls, prog, r->second, l2, sizeof l2);
            snprintf(msg, sizeof msg,
                     "%s is taken while holding %s in %s(), but %s() takes them in the opposite "
                     "order; two threads doing both can deadlock",
                     l2, l1, cc_str_text(in, fr->name), cc_str_text(in, fo->name));
            cc_related rel = {io.unit, cc_op_span(uo, &fo->ops[o->op]),
                              "the locks are taken in the opposite order here"};
            cc_program_report_related(prog, "CC203", ir.unit, cc_op_span(ur, &fr->ops[r->op]),
                                      msg, "take the locks in one global order everywhere", &rel,
                                      1);
            break;
        }
    }
    free(done);
}
