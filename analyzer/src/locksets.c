/* locksets.c - must- and may-locksets on the CFG with per-function summaries; see analysis.h.
 *
 * A lock is the points-to node of the lock object (`&s->mu` is the field cell of *s, a Python
 * lock is its object). A state is two bitsets over the lock table: held in any mode (H) and held
 * exclusively (X, a subset of H). The must-analysis intersects where paths meet; the may-analysis
 * (for acquisition order) unites. Summaries: a call adds what the callee returns holding (run
 * from an empty entry) and removes what it may release (run from everything held). A function's
 * entry holds what every call site holds; thread entry points and roots hold nothing, except
 * __VERIFIER_atomic_* functions, whose whole body is atomic. All fixpoints are round-bounded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "concur/analysis.h"
#include "concur/arena.h"
#include "knowledge/kb.h"

enum { EV_ACQ, EV_REL, EV_CALL };

#define ATOMIC_LOCK_NODE (UINT32_MAX - 1)

typedef struct event {
    uint32_t op;
    uint8_t kind;
    bool shared;         /* ACQ: read mode */
    bool try_;           /* ACQ: only on the success edge of a branch on the result */
    bool rewait;         /* ACQ: the re-acquisition of a condition wait */
    uint32_t arg;        /* ACQ/REL: lock; CALL: callee gid */
} event;

struct cc_locksets {
    const cc_program *prog;
    const cc_pointsto *pt;
    uint32_t nfuncs;
    cc_lock *locks;
    uint32_t nlocks, caplocks;
    uint32_t W;          /* words per bitset; a state is 2W words (H then X) */
    event *ev;
    uint32_t nev, capev;
    uint32_t *ev_first;
    uint8_t *has_try;    /* per gid: some ACQ event is a trylock */
    uint32_t *bbase;
    uint64_t *must_in;   /* per block: must state at entry */
    uint8_t *reached;    /* per block */
    uint64_t *entry;     /* per gid: must state at entry */
    uint64_t *acq, *rel; /* per gid summaries (2W each) */
    uint64_t *may_entry; /* per gid: may state at entry */
    cc_lock_order *orders;
    uint32_t norders, caporders;
};

static const cc_func *fn_at(const cc_locksets *l, uint32_t gid)
{
    cc_func_id id = cc_pointsto_func(l->pt, gid);
    return &cc_program_unit(l->prog, id.unit)->funcs[id.func];
}

static bool bget(const uint64_t *b, uint32_t i) { return (b[i / 64] >> (i % 64)) & 1; }
static void bset(uint64_t *b, uint32_t i) { b[i / 64] |= 1ull << (i % 64); }
static void bclr(uint64_t *b, uint32_t i) { b[i / 64] &= ~(1ull << (i % 64)); }

static uint64_t *st(const cc_locksets *l, uint64_t *base, uint32_t i)
{
    return base + (size_t)i * 2 * l->W;
}

static uint32_t lock_id(cc_locksets *l, uint32_t node, cc_func_id f, uint32_t op)
{
    for (uint32_t i = 0; i < l->nlocks; i++)
        if (l->locks[i].node == node)
            return i;
    cc_lock k = {node, CC_STR_NONE, f.unit, f.func, op};
    CC_VEC_PUSH(l->locks, l->nlocks, l->caplocks, k);
    return l->nlocks - 1;
}

static bool is_false_const(const cc_func *fn, uint32_t o, const cc_interner *in)
{
    if (o == CC_NONE)
        return false;
    const cc_op *op = &fn->ops[o];
    return op->kind == CC_OP_CONST &&
           ((op->sub == CC_CONST_BOOL && !strcmp(cc_str_text(in, op->name), "False")) ||
            (op->sub == CC_CONST_INT && op->ival == 0));
}

/* A Python acquire that may fail: acquire(False), acquire(blocking=False), acquire(timeout=t). */
static bool py_try(const cc_program *p, cc_func_id f, uint32_t o)
{
    const cc_func *fn = &cc_program_unit(p, f.unit)->funcs[f.func];
    const cc_interner *in = cc_program_interner(p);
    if (fn->ops[o].kind != CC_OP_CALL)
        return false;
    if (is_false_const(fn, cc_call_arg(p, f.unit, f.func, o, 0, "blocking"), in))
        return true;
    uint32_t t = cc_call_arg(p, f.unit, f.func, o, 1, "timeout");
    if (t == CC_NONE)
        return false;
    const cc_op *top = &fn->ops[t];
    return !(top->kind == CC_OP_CONST && top->sub == CC_CONST_INT && top->ival < 0);
}

static bool in_atomic_section(const cc_locksets *l, uint32_t gid)
{
    cc_func_id id = cc_pointsto_func(l->pt, gid);
    if (cc_program_unit(l->prog, id.unit)->lang != CC_LANG_C)
        return false;
    const char *name = cc_str_text(cc_program_interner(l->prog), fn_at(l, gid)->name);
    const cc_kb_entry *e = cc_program_kb_find(l->prog, name);
    return e && e->effect == CC_KB_ATOMIC_SECTION;
}

/* True when node holds a lock made by the library (threading.Lock(), RLock(), ...): how a lock
 * reached through a parameter or an attribute (`with ledger.lock:`) is known, when resolution
 * could not name it at lowering. */
static bool node_is_lock(const cc_locksets *l, uint32_t node)
{
    cc_op_id sites[8];
    uint32_t n = cc_pointsto_sites(l->pt, node, sites, 8);
    if (n == 0 || n > 8)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        const cc_func *fn = &cc_program_unit(l->prog, sites[i].unit)->funcs[sites[i].func];
        const cc_op *op = &fn->ops[sites[i].op];
        if (op->kind != CC_OP_CALL)
            return false;
        cc_aval v = cc_resolve(l->prog, sites[i].unit, sites[i].func, op->a);
        const cc_kb_entry *e =
            v.kind == CC_V_EXTERN
                ? cc_program_kb_find(l->prog, cc_str_text(cc_program_interner(l->prog), v.qname))
                : NULL;
        if (!e || e->effect != CC_KB_LOCK_NEW)
            return false;
    }
    return true;
}

/* A Python `with x:` / `x.acquire()` / `x.release()` on an object that points-to knows is a
 * lock, where lowering found no ACQUIRE/RELEASE: writes the event and returns true. */
static bool py_lock_fallback(cc_locksets *l, cc_func_id id, const cc_func *fn, uint32_t o,
                             event *out)
{
    const cc_op *op = &fn->ops[o];
    uint32_t v = CC_NONE;
    uint8_t kind;
    if (op->kind == CC_OP_WITH_ENTER) {
        v = op->a;
        kind = EV_ACQ;
    } else if (op->kind == CC_OP_WITH_EXIT && op->a != CC_NONE &&
               fn->ops[op->a].kind == CC_OP_WITH_ENTER) {
        v = fn->ops[op->a].a;
        kind = EV_REL;
    } else if (op->kind == CC_OP_CALL && op->a != CC_NONE && fn->ops[op->a].kind == CC_OP_LOAD &&
               fn->ops[op->a].a != CC_NONE && fn->ops[fn->ops[op->a].a].kind == CC_OP_FIELD) {
        const cc_op *f = &fn->ops[fn->ops[op->a].a];
        const char *m = cc_str_text(cc_program_interner(l->prog), f->name);
        if (!strcmp(m, "acquire"))
            kind = EV_ACQ;
        else if (!strcmp(m, "release"))
            kind = EV_REL;
        else
            return false;
        v = f->a;
    } else {
        return false;
    }
    if (v == CC_NONE)
        return false;
    uint32_t node = cc_pointsto_obj(l->pt, id.unit, id.func, v);
    if (node == CC_NONE || !node_is_lock(l, node))
        return false;
    *out = (event){.op = o, .kind = kind, .arg = lock_id(l, node, id, v)};
    if (kind == EV_ACQ && op->kind == CC_OP_CALL)
        out->try_ = py_try(l->prog, id, o);
    return true;
}

static bool fresh_lock(const cc_locksets *l, cc_func_id id, uint32_t call)
{
    const cc_op *op = &cc_program_unit(l->prog, id.unit)->funcs[id.func].ops[call];
    cc_aval v = cc_resolve(l->prog, id.unit, id.func, op->a);
    const cc_kb_entry *e =
        v.kind == CC_V_EXTERN
            ? cc_program_kb_find(l->prog, cc_str_text(cc_program_interner(l->prog), v.qname))
            : NULL;
    return e && e->effect == CC_KB_LOCK_NEW;
}

static void collect(cc_locksets *l, const cc_callgraph *cg)
{
    l->ev_first = cc_xcalloc(l->nfuncs + 2, sizeof(uint32_t));
    l->has_try = cc_xcalloc(l->nfuncs + 1, 1);
    for (uint32_t g = 0; g < l->nfuncs; g++) {
        l->ev_first[g] = l->nev;
        cc_func_id id = cc_pointsto_func(l->pt, g);
        const cc_func *fn = fn_at(l, g);
        bool is_c = cc_program_unit(l->prog, id.unit)->lang == CC_LANG_C;
        uint32_t n;
        const cc_call_edge *ce = cc_callgraph_out(cg, g, &n);
        uint32_t k = 0;
        for (uint32_t o = 0; o < fn->nops; o++) {
            uint8_t kind = fn->ops[o].kind;
            if (kind == CC_OP_CALL || kind == CC_OP_WITH_ENTER || kind == CC_OP_WITH_EXIT) {
                uint32_t first, ns = cc_program_sems_at(l->prog, id.unit, id.func, o, &first);
                bool waited = false;
                for (uint32_t i = 0; i < ns; i++) {
                    const cc_sem *s = cc_program_sem(l->prog, first + i);
                    if (s->kind != CC_SEM_ACQUIRE && s->kind != CC_SEM_RELEASE)
                        continue;
                    /* `with threading.Lock():` takes a new lock each time: it excludes no
                     * one, so it protects nothing */
                    if (!is_c && s->value != CC_NONE && fn->ops[s->value].kind == CC_OP_CALL &&
                        fresh_lock(l, id, s->value))
                        continue;
                    uint32_t node = s->value == CC_NONE
                                        ? ATOMIC_LOCK_NODE
                                        : cc_pointsto_obj(l->pt, id.unit, id.func, s->value);
                    if (node == CC_NONE)
                        continue;
                    event e = {.op = o, .kind = s->kind == CC_SEM_ACQUIRE ? EV_ACQ : EV_REL,
                               .arg = lock_id(l, node, id, s->value == CC_NONE ? o : s->value)};
                    if (e.kind == EV_ACQ) {
                        e.shared = (s->kb_flags & CC_KBF_SHARED) != 0;
                        e.try_ = s->kb_effect == CC_KB_TRYLOCK || (!is_c && py_try(l->prog, id, o));
                        e.rewait = waited;
                    } else if (s->kb_effect == CC_KB_COND_WAIT) {
                        waited = true;
                    }
                    if (e.kind == EV_ACQ && e.try_)
                        l->has_try[g] = 1;
                    CC_VEC_PUSH(l->ev, l->nev, l->capev, e);
                }
                event fe;
                if (!is_c && ns == 0 && py_lock_fallback(l, id, fn, o, &fe)) {
                    if (fe.kind == EV_ACQ && fe.try_)
                        l->has_try[g] = 1;
                    CC_VEC_PUSH(l->ev, l->nev, l->capev, fe);
                }
            }
            for (; k < n && ce[k].op == o; k++) {
                event e = {.op = o, .kind = EV_CALL, .arg = ce[k].callee};
                CC_VEC_PUSH(l->ev, l->nev, l->capev, e);
            }
        }
    }
    l->ev_first[l->nfuncs] = l->nev;
    l->W = (l->nlocks + 63) / 64;
    if (l->W == 0)
        l->W = 1;
}

/* The trylock event a branch condition tests, and whether success is its true edge. */
static const event *branch_try(const cc_locksets *l, uint32_t gid, uint32_t cond, bool *on_true)
{
    const cc_func *fn = fn_at(l, gid);
    cc_func_id id = cc_pointsto_func(l->pt, gid);
    bool is_c = cc_program_unit(l->prog, id.unit)->lang == CC_LANG_C;
    const cc_interner *in = cc_program_interner(l->prog);
    bool negate = false;
    if (!l->has_try[gid])
        return NULL; /* only a trylock's result can make a branch acquire */
    for (int depth = 0; depth < 4 && cond != CC_NONE; depth++) {
        const cc_op *c = &fn->ops[cond];
        if (c->kind == CC_OP_UNOP && c->name &&
            (!strcmp(cc_str_text(in, c->name), "!") || !strcmp(cc_str_text(in, c->name), "not"))) {
            negate = !negate;
            cond = c->a;
            continue;
        }
        if (c->kind == CC_OP_COMPARE) {
            const char *opn = cc_str_text(in, c->name);
            bool zero = is_false_const(fn, c->b, in);
            if (!zero)
                return NULL;
            if (!strcmp(opn, "=="))
                negate = !negate;
            else if (strcmp(opn, "!="))
                return NULL;
            cond = c->a;
            continue;
        }
        if (c->kind == CC_OP_LOAD && c->a != CC_NONE && fn->ops[c->a].kind == CC_OP_NAME) {
            /* a local holding the result: its last store before the branch */
            uint32_t found = CC_NONE;
            for (uint32_t o = 0; o < cond; o++) {
                const cc_op *s = &fn->ops[o];
                if (s->kind == CC_OP_STORE && s->a != CC_NONE &&
                    fn->ops[s->a].kind == CC_OP_NAME && fn->ops[s->a].name == fn->ops[c->a].name)
                    found = s->b;
            }
            cond = found;
            continue;
        }
        if (c->kind == CC_OP_CALL) {
            for (uint32_t i = l->ev_first[gid]; i < l->ev_first[gid + 1]; i++)
                if (l->ev[i].op == cond && l->ev[i].kind == EV_ACQ && l->ev[i].try_) {
                    /* C: 0 is success, so a bare test is true on failure; Python: True */
                    bool t = is_c ? false : true;
                    *on_true = negate ? !t : t;
                    return &l->ev[i];
                }
            return NULL;
        }
        return NULL;
    }
    return NULL;
}

/* Applies events of gid at ops [from, to) to state s (H then X). may: order pairs are recorded. */
static void apply(cc_locksets *l, uint32_t gid, uint32_t from, uint32_t to, uint64_t *s,
                  bool record)
{
    uint32_t W = l->W;
    /* events are in op order: start at the first one at or after `from` */
    uint32_t lo = l->ev_first[gid], hi = l->ev_first[gid + 1];
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (l->ev[mid].op < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (uint32_t i = lo; i < l->ev_first[gid + 1] && l->ev[i].op < to; i++) {
        const event *e = &l->ev[i];
        if (e->kind == EV_ACQ) {
            if (e->try_)
                continue;
            if (record && !e->rewait)
                for (uint32_t k = 0; k < l->nlocks; k++)
                    if (k != e->arg && bget(s, k)) {
                        uint32_t fop = CC_NONE;
                        for (uint32_t j = l->ev_first[gid]; j < i; j++)
                            if (l->ev[j].kind == EV_ACQ && l->ev[j].arg == k)
                                fop = l->ev[j].op;
                        cc_lock_order ord = {k, e->arg, gid, e->op, fop == CC_NONE ? CC_NONE : gid,
                                             fop};
                        bool dup = false;
                        /* orders are recorded function by function: only the last run of
                         * this gid can hold a duplicate */
                        for (uint32_t q = l->norders; q-- > 0 && !dup && l->orders[q].gid == gid;)
                            dup = l->orders[q].first == k && l->orders[q].second == e->arg &&
                                  l->orders[q].gid == gid && l->orders[q].op == e->op;
                        if (!dup)
                            CC_VEC_PUSH(l->orders, l->norders, l->caporders, ord);
                    }
            bset(s, e->arg);
            if (!e->shared)
                bset(s + W, e->arg);
        } else if (e->kind == EV_REL) {
            bclr(s, e->arg);
            bclr(s + W, e->arg);
        } else if (l->acq) {
            const uint64_t *a = st(l, l->acq, e->arg), *r = st(l, l->rel, e->arg);
            for (uint32_t w = 0; w < 2 * W; w++)
                s[w] = (s[w] & ~r[w]) | a[w];
        }
    }
}

/* One function's analysis from `entry`; block entry states go to in[] (2W words per block),
 * reached[] marks blocks reached. must: intersect at joins, else unite. Exit state to out. */
static void flow(cc_locksets *l, uint32_t gid, const uint64_t *entry, uint64_t *in,
                 uint8_t *reached, uint64_t *out, bool must, bool record)
{
    const cc_func *fn = fn_at(l, gid);
    uint32_t nb = fn->nblocks, S = 2 * l->W;
    memset(in, 0, (size_t)nb * S * sizeof(uint64_t));
    memset(reached, 0, nb);
    uint32_t *work = cc_xmalloc((nb + 1) * sizeof(uint32_t)), nw = 0;
    uint8_t *queued = cc_xcalloc(nb + 1, 1);
    uint64_t *cur = cc_xmalloc(S * sizeof(uint64_t)), *edge = cc_xmalloc(S * sizeof(uint64_t));
    if (nb) {
        memcpy(in, entry, S * sizeof(uint64_t));
        reached[0] = queued[0] = 1;
        work[nw++] = 0;
    }
    for (uint32_t steps = 0; nw && steps < 64u * (nb + 1); steps++) {
        uint32_t b = work[--nw];
        queued[b] = 0;
        const cc_block *blk = &fn->blocks[b];
        memcpy(cur, in + (size_t)b * S, S * sizeof(uint64_t));
        apply(l, gid, blk->first_op, blk->first_op + blk->nops, cur, record);
        const event *tr = NULL;
        bool on_true = false;
        if (blk->nops) {
            const cc_op *last = &fn->ops[blk->first_op + blk->nops - 1];
            if (last->kind == CC_OP_BRANCH)
                tr = branch_try(l, gid, last->a, &on_true);
        }
        for (uint32_t k = 0; k < blk->nsucc; k++) {
            uint32_t to = blk->succ[k].to;
            memcpy(edge, cur, S * sizeof(uint64_t));
            if (tr && ((blk->succ[k].kind == CC_EDGE_TRUE) == on_true)) {
                bset(edge, tr->arg);
                if (!tr->shared)
                    bset(edge + l->W, tr->arg);
            }
            uint64_t *dst = in + (size_t)to * S;
            bool ch = false;
            if (!reached[to]) {
                memcpy(dst, edge, S * sizeof(uint64_t));
                reached[to] = 1;
                ch = true;
            } else {
                for (uint32_t w = 0; w < S; w++) {
                    uint64_t v = must ? dst[w] & edge[w] : dst[w] | edge[w];
                    ch |= v != dst[w];
                    dst[w] = v;
                }
            }
            if (ch && !queued[to]) {
                queued[to] = 1;
                work[nw++] = to;
            }
        }
    }
    if (out) {
        if (nb > 1 && reached[1])
            memcpy(out, in + S, S * sizeof(uint64_t));
        else
            memset(out, 0, S * sizeof(uint64_t));
    }
    free(work);
    free(queued);
    free(cur);
    free(edge);
}

static void compute(cc_locksets *l, const cc_callgraph *cg)
{
    uint32_t S = 2 * l->W;
    l->bbase = cc_xcalloc(l->nfuncs + 2, sizeof(uint32_t));
    uint32_t maxb = 1;
    for (uint32_t g = 0; g < l->nfuncs; g++) {
        uint32_t nb = fn_at(l, g)->nblocks;
        l->bbase[g + 1] = l->bbase[g] + nb;
        maxb = nb > maxb ? nb : maxb;
    }
    size_t nsets = (size_t)(l->nfuncs + 1) * S;
    uint64_t *acq = cc_xcalloc(nsets, sizeof(uint64_t)), *rel = cc_xcalloc(nsets, sizeof(uint64_t));
    uint64_t *tmp = cc_xmalloc((size_t)maxb * S * sizeof(uint64_t));
    uint8_t *tr = cc_xmalloc(maxb + 1);
    uint64_t *zero = cc_xcalloc(S, sizeof(uint64_t)), *ones = cc_xmalloc(S * sizeof(uint64_t));
    uint64_t *out = cc_xmalloc(S * sizeof(uint64_t)), *cur = cc_xmalloc(S * sizeof(uint64_t));
    memset(ones, 0xff, S * sizeof(uint64_t));
    l->acq = acq;
    l->rel = rel;
    /* A summary depends only on the function's own events and its callees' summaries: a
     * function is flowed again only when a callee's summary changed since its last flow (the
     * result is the same as flowing every function in every round). */
    uint8_t *dirty = cc_xmalloc(l->nfuncs + 1);
    memset(dirty, 1, l->nfuncs + 1);
    for (int round = 0; round < 6; round++) {
        bool changed = false;
        for (uint32_t g = 0; g < l->nfuncs; g++) {
            if (l->ev_first[g] == l->ev_first[g + 1] || !dirty[g])
                continue;
            dirty[g] = 0;
            bool mine = false;
            flow(l, g, zero, tmp, tr, out, true, false);
            if (memcmp(out, st(l, acq, g), S * sizeof(uint64_t))) {
                memcpy(st(l, acq, g), out, S * sizeof(uint64_t));
                mine = true;
            }
            flow(l, g, ones, tmp, tr, out, true, false);
            for (uint32_t w = 0; w < S; w++) {
                uint64_t r = ~out[w];
                if (r != st(l, rel, g)[w]) {
                    st(l, rel, g)[w] = r;
                    mine = true;
                }
            }
            if (mine) {
                uint32_t n;
                const cc_call_edge *in = cc_callgraph_in(cg, g, &n);
                for (uint32_t i = 0; i < n; i++)
                    dirty[in[i].caller] = 1;
                changed = true;
            }
        }
        if (!changed)
            break;
    }
    free(dirty);
    /* Must entry states: everything held (top) for called functions, intersected per call. */
    l->entry = cc_xmalloc(nsets * sizeof(uint64_t));
    uint8_t *has_entry = cc_xcalloc(l->nfuncs + 1, 1);
    for (uint32_t g = 0; g < l->nfuncs; g++) {
        uint32_t n;
        cc_callgraph_in(cg, g, &n);
        bool root = n == 0 || fn_at(l, g)->kind == CC_FUNC_MODULE;
        memcpy(st(l, l->entry, g), root ? zero : ones, S * sizeof(uint64_t));
        has_entry[g] = root;
    }
    uint32_t nsem = cc_program_sem_count(l->prog);
    for (uint32_t i = 0; i < nsem; i++) {
        const cc_sem *s = cc_program_sem(l->prog, i);
        if ((s->kind == CC_SEM_START || s->kind == CC_SEM_SUBMIT) && s->target_func != CC_NONE) {
            uint32_t g = cc_pointsto_gid(l->pt, s->target_unit, s->target_func);
            memset(st(l, l->entry, g), 0, S * sizeof(uint64_t));
            has_entry[g] = 2; /* a thread entry holds nothing */
        }
    }
    l->must_in = cc_xcalloc((size_t)(l->bbase[l->nfuncs] + 1) * S, sizeof(uint64_t));
    l->reached = cc_xcalloc(l->bbase[l->nfuncs] + 1, 1);
    uint64_t *next = cc_xmalloc(nsets * sizeof(uint64_t));
    uint8_t *next_has = cc_xcalloc(l->nfuncs + 1, 1);
    bool converged = false;
    for (int round = 0; round < 6; round++) {
        memset(next_has, 0, l->nfuncs + 1);
        for (uint32_t g = 0; g < l->nfuncs; g++) {
            const cc_func *fn = fn_at(l, g);
            uint64_t *e = st(l, l->entry, g);
            if (in_atomic_section(l, g)) {
                for (uint32_t k = 0; k < l->nlocks; k++)
                    if (l->locks[k].node == ATOMIC_LOCK_NODE) {
                        bset(e, k);
                        bset(e + l->W, k);
                    }
            }
            uint64_t *in = l->must_in + (size_t)l->bbase[g] * S;
            uint8_t *rc = l->reached + l->bbase[g];
            flow(l, g, has_entry[g] ? e : zero, in, rc, NULL, true, false);
            uint32_t cb = CC_NONE, cop = 0;
            for (uint32_t i = l->ev_first[g]; i < l->ev_first[g + 1]; i++) {
                const event *ev = &l->ev[i];
                if (ev->kind != EV_CALL)
                    continue;
                uint32_t b = fn->ops[ev->op].block;
                if (!rc[b])
                    continue;
                /* the state just before the call, carried forward through its block */
                if (b != cb) {
                    memcpy(cur, in + (size_t)b * S, S * sizeof(uint64_t));
                    cb = b;
                    cop = fn->blocks[b].first_op;
                }
                if (ev->op > cop) {
                    apply(l, g, cop, ev->op, cur, false);
                    cop = ev->op;
                }
                uint64_t *dst = next + (size_t)ev->arg * S;
                if (!next_has[ev->arg]) {
                    memcpy(dst, cur, S * sizeof(uint64_t));
                    next_has[ev->arg] = 1;
                } else {
                    for (uint32_t w = 0; w < S; w++)
                        dst[w] &= cur[w];
                }
            }
        }
        bool changed = false;
        for (uint32_t g = 0; g < l->nfuncs; g++) {
            if (has_entry[g] == 2 || (has_entry[g] == 1 && !next_has[g]))
                continue;
            if (!next_has[g])
                continue;
            if (!has_entry[g] || memcmp(st(l, l->entry, g), next + (size_t)g * S,
                                        S * sizeof(uint64_t))) {
                memcpy(st(l, l->entry, g), next + (size_t)g * S, S * sizeof(uint64_t));
                changed = true;
            }
            has_entry[g] = 1;
        }
        if (!changed) {
            converged = true;
            break;
        }
    }
    /* Final must pass with the settled entries (the last round's, when nothing changed in it,
     * already wrote them), then the may pass recording orders. */
    for (uint32_t g = 0; g < l->nfuncs && !converged; g++) {
        uint64_t *in = l->must_in + (size_t)l->bbase[g] * S;
        flow(l, g, has_entry[g] ? st(l, l->entry, g) : zero, in, l->reached + l->bbase[g], NULL,
             true, false);
    }
    l->may_entry = cc_xcalloc(nsets, sizeof(uint64_t));
    for (int round = 0; round < 4; round++) {
        bool changed = false;
        for (uint32_t g = 0; g < l->nfuncs; g++) {
            const cc_func *fn = fn_at(l, g);
            flow(l, g, st(l, l->may_entry, g), tmp, tr, NULL, false, false);
            uint32_t cb = CC_NONE, cop = 0;
            for (uint32_t i = l->ev_first[g]; i < l->ev_first[g + 1]; i++) {
                const event *ev = &l->ev[i];
                if (ev->kind != EV_CALL || has_entry[ev->arg] == 2)
                    continue;
                uint32_t b = fn->ops[ev->op].block;
                if (!tr[b])
                    continue;
                if (b != cb) {
                    memcpy(cur, tmp + (size_t)b * S, S * sizeof(uint64_t));
                    cb = b;
                    cop = fn->blocks[b].first_op;
                }
                if (ev->op > cop) {
                    apply(l, g, cop, ev->op, cur, false);
                    cop = ev->op;
                }
                uint64_t *dst = st(l, l->may_entry, ev->arg);
                for (uint32_t w = 0; w < S; w++) {
                    uint64_t v = dst[w] | cur[w];
                    changed |= v != dst[w];
                    dst[w] = v;
                }
            }
        }
        if (!changed)
            break;
    }
    for (uint32_t g = 0; g < l->nfuncs; g++) {
        if (l->ev_first[g] == l->ev_first[g + 1])
            continue;
        const cc_func *fn = fn_at(l, g);
        flow(l, g, st(l, l->may_entry, g), tmp, tr, NULL, false, false);
        for (uint32_t b = 0; b < fn->nblocks; b++) {
            if (!tr[b])
                continue;
            memcpy(cur, tmp + (size_t)b * S, S * sizeof(uint64_t));
            apply(l, g, fn->blocks[b].first_op, fn->blocks[b].first_op + fn->blocks[b].nops, cur,
                  true);
        }
    }
    free(next);
    free(next_has);
    free(has_entry);
    free(tmp);
    free(tr);
    free(zero);
    free(ones);
    free(out);
    free(cur);
}

cc_locksets *cc_locksets_new(const cc_program *prog, const cc_pointsto *pt,
                             const cc_callgraph *cg)
{
    cc_locksets *l = cc_xcalloc(1, sizeof *l);
    l->prog = prog;
    l->pt = pt;
    l->nfuncs = cc_pointsto_func_count(pt);
    collect(l, cg);
    /* No lock anywhere: nothing is ever held and no order exists. */
    if (l->nlocks)
        compute(l, cg);
    return l;
}

void cc_locksets_delete(cc_locksets *self)
{
    if (!self)
        return;
    free(self->locks);
    free(self->ev);
    free(self->ev_first);
    free(self->has_try);
    free(self->bbase);
    free(self->must_in);
    free(self->reached);
    free(self->entry);
    free(self->acq);
    free(self->rel);
    free(self->may_entry);
    free(self->orders);
    free(self);
}

uint32_t cc_locksets_lock_count(const cc_locksets *self) { return self->nlocks; }

const cc_lock *cc_locksets_lock(const cc_locksets *self, uint32_t i) { return &self->locks[i]; }

uint32_t cc_locksets_held(const cc_locksets *self, uint32_t gid, uint32_t op, cc_held *out,
                          uint32_t max)
{
    if (!self->nlocks)
        return 0;
    const cc_func *fn = fn_at(self, gid);
    uint32_t b = fn->ops[op].block, S = 2 * self->W;
    if (!self->reached[self->bbase[gid] + b])
        return 0;
    uint64_t buf[16];
    uint64_t *cur = S <= 16 ? buf : cc_xmalloc(S * sizeof(uint64_t));
    memcpy(cur, self->must_in + ((size_t)self->bbase[gid] + b) * S, S * sizeof(uint64_t));
    apply((cc_locksets *)self, gid, fn->blocks[b].first_op, op, cur, false);
    uint32_t n = 0;
    for (uint32_t k = 0; k < self->nlocks; k++)
        if (bget(cur, k)) {
            if (n < max)
                out[n] = (cc_held){k, !bget(cur + self->W, k)};
            n++;
        }
    if (cur != buf)
        free(cur);
    return n;
}

const cc_lock_order *cc_locksets_orders(const cc_locksets *self, uint32_t *n)
{
    *n = self->norders;
    return self->orders;
}

const char *cc_locksets_describe(const cc_locksets *self, const cc_program *prog, uint32_t i,
                                 char *buf, size_t cap)
{
    const cc_lock *k = &self->locks[i];
    const cc_unit *u = cc_program_unit(prog, k->unit);
    const cc_op *op = &u->funcs[k->func].ops[k->op];
    if (k->node == ATOMIC_LOCK_NODE) {
        snprintf(buf, cap, "the atomic section");
        return buf;
    }
    uint32_t len = op->end > op->start ? op->end - op->start : 0;
    if (len > 60)
        len = 60;
    const char *text = u->text + op->start;
    if (len && text[0] == '&') {
        text++;
        len--;
    }
    snprintf(buf, cap, "`%.*s`", (int)len, text);
    return buf;
}
