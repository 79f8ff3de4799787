/* callgraph.c - the call graph from points-to callees; see analysis.h.
 *
 * Edges come from every CALL op's callees (names, function pointers, bound methods, partials,
 * class construction, pthread_once). Thread starts are not edges: the thread model makes them
 * contexts of their own. Edges are kept twice, sorted by caller and by callee. */
#include <stdlib.h>
#include <string.h>

#include "concur/analysis.h"
#include "concur/arena.h"

struct cc_callgraph {
    uint32_t nfuncs;
    cc_call_edge *by_caller, *by_callee;
    uint32_t nedges;
    uint32_t *out_first, *in_first; /* per gid, nfuncs + 1 entries */
};

static int callgraph__by_caller(const void *a, const void *b)
{
    const cc_call_edge *x = a, *y = b;
    if (x->caller != y->caller)
        return x->caller < y->caller ? -1 : 1;
    return x->op < y->op ? -1 : x->op > y->op;
}

static uint32_t *callgraph__index(const cc_call_edge *e, uint32_t n, uint32_t nfuncs, bool out)
{
    uint32_t *first = cc_xcalloc(nfuncs + 2, sizeof(uint32_t));
    for (uint32_t i = 0; i < n; i++)
        first[(out ? e[i].caller : e[i].callee) + 1]++;
    for (uint32_t g = 0; g < nfuncs; g++)
        first[g + 1] += first[g];
    return first;
}

cc_callgraph *cc_callgraph_new(const cc_program *prog, const cc_pointsto *pt)
{
    cc_callgraph *self = cc_xcalloc(1, sizeof *self);
    self->nfuncs = cc_pointsto_func_count(pt);
    uint32_t cap = 0;
    for (uint32_t g = 0; g < self->nfuncs; g++) {
        cc_func_id id = cc_pointsto_func(pt, g);
        const cc_func *fn = &cc_program_unit(prog, id.unit)->funcs[id.func];
        for (uint32_t o = 0; o < fn->nops; o++) {
            if (fn->ops[o].kind != CC_OP_CALL)
                continue;
            cc_func_id t[16];
            uint32_t nt = cc_pointsto_callees(pt, id.unit, id.func, o, t, 16);
            for (uint32_t i = 0; i < nt; i++) {
                cc_call_edge e = {g, cc_pointsto_gid(pt, t[i].unit, t[i].func), o};
                CC_VEC_PUSH(self->by_caller, self->nedges, cap, e);
            }
        }
    }
    /* Edges are made caller by caller, op by op: already in by_caller order (sorted only if
     * not). by_callee is a stable counting sort of that by callee, which is the by_callee
     * order (ties broken by caller and op). */
    bool sorted = true;
    for (uint32_t i = 1; i < self->nedges && sorted; i++)
        sorted = callgraph__by_caller(&self->by_caller[i - 1], &self->by_caller[i]) <= 0;
    if (self->nedges && !sorted)
        qsort(self->by_caller, self->nedges, sizeof(cc_call_edge), callgraph__by_caller);
    self->out_first = callgraph__index(self->by_caller, self->nedges, self->nfuncs, true);
    self->in_first = callgraph__index(self->by_caller, self->nedges, self->nfuncs, false);
    if (self->nedges) {
        self->by_callee = cc_xmalloc(self->nedges * sizeof(cc_call_edge));
        uint32_t *fill = cc_xmalloc((self->nfuncs + 1) * sizeof(uint32_t));
        memcpy(fill, self->in_first, (self->nfuncs + 1) * sizeof(uint32_t));
        for (uint32_t i = 0; i < self->nedges; i++)
            self->by_callee[fill[self->by_caller[i].callee]++] = self->by_caller[i];
        free(fill);
    }
    return self;
}

void cc_callgraph_delete(cc_callgraph *self)
{
    if (!self)
        return;
    free(self->by_caller);
    free(self->by_callee);
    free(self->out_first);
    free(self->in_first);
    free(self);
}

const cc_call_edge *cc_callgraph_out(const cc_callgraph *self, uint32_t gid, uint32_t *n)
{
    *n = self->out_first[gid + 1] - self->out_first[gid];
    return self->by_caller ? self->by_caller + self->out_first[gid] : NULL;
}

const cc_call_edge *cc_callgraph_in(const cc_callgraph *self, uint32_t gid, uint32_t *n)
{
    *n = self->in_first[gid + 1] - self->in_first[gid];
    return self->by_callee ? self->by_callee + self->in_first[gid] : NULL;
}
