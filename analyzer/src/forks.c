/* forks.c - knowledge-base entries by effect, who runs the code after a fork, and the threads
 * the thread model has no context for; see forks.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "concur/arena.h"
#include "concur/forks.h"
#include "knowledge/kb.h"

/* ---- knowledge-base index ------------------------------------------------------------------ */

typedef struct kb_ref {
    cc_str name;
    const cc_kb_entry *e;
} kb_ref;

struct cc_kbindex {
    const cc_program *prog;
    kb_ref *refs;            /* sorted by name */
    uint32_t nrefs, caprefs;
    cc_str *last;            /* sorted, unique: the last dotted component of every name */
    uint32_t nlast, caplast;
};

static int kb_ref_cmp(const void *a, const void *b)
{
    const kb_ref *x = a, *y = b;
    if (x->name != y->name)
        return x->name < y->name ? -1 : 1;
    return x->e < y->e ? -1 : x->e > y->e;
}

static int str_cmp(const void *a, const void *b)
{
    cc_str x = *(const cc_str *)a, y = *(const cc_str *)b;
    return x < y ? -1 : x > y;
}

static void kbindex__add(cc_kbindex *self, const cc_kb_entry *e)
{
    cc_interner *in = cc_program_interner(self->prog);
    kb_ref r = {cc_intern_cstr(in, e->name), e};
    for (uint32_t i = 0; i < self->nrefs; i++)
        if (self->refs[i].name == r.name && self->refs[i].e == e)
            return;
    CC_VEC_PUSH(self->refs, self->nrefs, self->caprefs, r);
    const char *dot = strrchr(e->name, '.');
    cc_str last = cc_intern_cstr(in, dot ? dot + 1 : e->name);
    CC_VEC_PUSH(self->last, self->nlast, self->caplast, last);
}

cc_kbindex *cc_kbindex_new(const cc_program *prog, uint64_t effects)
{
    cc_kbindex *self = cc_xcalloc(1, sizeof *self);
    self->prog = prog;
    uint32_t n;
    const cc_kb_entry *all = cc_kb_builtin(&n);
    for (uint32_t i = 0; i < n; i++)
        if ((uint64_t)all[i].effect < 64 && (effects >> all[i].effect) & 1)
            kbindex__add(self, &all[i]);
    /* the program's own entry of a name wins over the built-in one (a user's configuration) */
    uint32_t nb = self->nrefs;
    for (uint32_t i = 0; i < nb; i++) {
        const cc_kb_entry *e = cc_program_kb_find(prog, self->refs[i].e->name);
        if (e && (uint64_t)e->effect < 64 && (effects >> e->effect) & 1)
            kbindex__add(self, e);
    }
    if (self->nrefs)
        qsort(self->refs, self->nrefs, sizeof(kb_ref), kb_ref_cmp);
    if (self->nlast) {
        qsort(self->last, self->nlast, sizeof(cc_str), str_cmp);
        uint32_t k = 1;
        for (uint32_t i = 1; i < self->nlast; i++)
            if (self->last[i] != self->last[k - 1])
                self->last[k++] = self->last[i];
        self->nlast = k;
    }
    return self;
}

void cc_kbindex_delete(cc_kbindex *self)
{
    if (!self)
        return;
    free(self->refs);
    free(self->last);
    free(self);
}

static uint32_t kbindex__lookup(const cc_kbindex *self, cc_str name, const cc_kb_entry **out,
                                uint32_t max)
{
    uint32_t lo = 0, hi = self->nrefs;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (self->refs[mid].name < name)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint32_t k = 0;
    for (uint32_t i = lo; i < self->nrefs && self->refs[i].name == name; i++)
        if (k < max)
            out[k++] = self->refs[i].e;
    return k;
}

uint32_t cc_kbindex_find(const cc_kbindex *self, const char *name, const cc_kb_entry **out,
                         uint32_t max)
{
    cc_str s = cc_intern_cstr(cc_program_interner(self->prog), name);
    return kbindex__lookup(self, s, out, max);
}

static bool kbindex__has_last(const cc_kbindex *self, cc_str s)
{
    return s && bsearch(&s, self->last, self->nlast, sizeof(cc_str), str_cmp) != NULL;
}

uint32_t cc_kbindex_call(const cc_kbindex *self, uint32_t unit, uint32_t func, uint32_t op,
                         const cc_kb_entry **out, uint32_t max)
{
    const cc_unit *u = cc_program_unit(self->prog, unit);
    if (func >= u->nfuncs || op >= u->funcs[func].nops)
        return 0;
    const cc_func *fn = &u->funcs[func];
    const cc_op *call = &fn->ops[op];
    if (call->kind != CC_OP_CALL || call->a == CC_NONE)
        return 0;
    /* cheap first: the name the callee is written with must be the last part of an entry's */
    const cc_op *c = &fn->ops[call->a];
    if (c->kind == CC_OP_LOAD && c->a != CC_NONE)
        c = &fn->ops[c->a];
    if ((c->kind != CC_OP_NAME && c->kind != CC_OP_FIELD) || !kbindex__has_last(self, c->name))
        return 0;
    cc_aval v = cc_resolve(self->prog, unit, func, call->a);
    if (v.kind != CC_V_EXTERN)
        return 0;
    return kbindex__lookup(self, v.qname, out, max);
}

bool cc_kbindex_call_is(const cc_kbindex *self, uint32_t unit, uint32_t func, uint32_t op,
                        int effect)
{
    const cc_kb_entry *e[8];
    uint32_t n = cc_kbindex_call(self, unit, func, op, e, 8);
    for (uint32_t i = 0; i < n && i < 8; i++)
        if ((int)e[i]->effect == effect)
            return true;
    return false;
}

/* ---- fork regions ---------------------------------------------------------------------------- */

struct cc_fork_region {
    const cc_program *prog;
    cc_op_id at;
    const cc_func *fn;
    uint8_t *in;             /* per block: who may enter it after the fork */
    uint8_t *ends;           /* per op: 1 when the op ends the process that runs it */
    cc_str names[4];         /* variables the fork's result is stored in */
    uint32_t nnames;
};

static const cc_op *fr__op(const cc_fork_region *r, uint32_t o)
{
    return o == CC_NONE || o >= r->fn->nops ? NULL : &r->fn->ops[o];
}

/* True when op o is the fork's result: the call, a store of it (C's `(pid = fork())`), or a
 * load of a variable it was stored in. */
static bool fr__is_result(const cc_fork_region *r, uint32_t o)
{
    const cc_op *op = fr__op(r, o);
    if (!op)
        return false;
    if (o == r->at.op)
        return true;
    if (op->kind == CC_OP_STORE && op->b == r->at.op)
        return true;
    if (op->kind == CC_OP_LOAD) {
        const cc_op *pl = fr__op(r, op->a);
        if (pl && pl->kind == CC_OP_NAME)
            for (uint32_t i = 0; i < r->nnames; i++)
                if (r->names[i] == pl->name)
                    return true;
    }
    return false;
}

static bool fr__cmp(const char *o, int64_t v, int64_t k)
{
    if (!strcmp(o, "=="))
        return v == k;
    if (!strcmp(o, "!="))
        return v != k;
    if (!strcmp(o, "<"))
        return v < k;
    if (!strcmp(o, "<="))
        return v <= k;
    if (!strcmp(o, ">"))
        return v > k;
    if (!strcmp(o, ">="))
        return v >= k;
    return true;
}

/* Who may take the true and the false edge of a branch on cond: bits 0-1 for the true edge
 * (parent, child), bits 2-3 for the false edge. 0xf when the condition is not about the fork. */
static uint8_t fr__branch(const cc_fork_region *r, uint32_t cond)
{
    bool neg = false;
    const cc_interner *in = cc_program_interner(r->prog);
    for (int depth = 0; depth < 8; depth++) {
        const cc_op *c = fr__op(r, cond);
        if (!c)
            return 0xf;
        if (c->kind == CC_OP_UNOP) {
            const char *o = cc_str_text(in, c->name);
            if (strcmp(o, "!") && strcmp(o, "not"))
                return 0xf;
            neg = !neg;
            cond = c->a;
            continue;
        }
        /* each process's possible results: the child 0, the parent a pid or -1 */
        int64_t parent_vals[6] = {-1, 1, 2, 0, 0, 0};
        uint32_t npv = 3;
        bool pt = false, pf = false, ct, cf;
        if (fr__is_result(r, cond)) {
            pt = true;              /* the parent's result is never 0 */
            ct = false;
            cf = true;
            pf = false;
        } else if (c->kind == CC_OP_COMPARE) {
            const char *o = cc_str_text(in, c->name);
            uint32_t other;
            bool swapped = false;
            if (fr__is_result(r, c->a))
                other = c->b;
            else if (fr__is_result(r, c->b))
                other = c->a, swapped = true;
            else
                return 0xf;
            int64_t k;
            if (!cc_const_int(r->prog, r->at.unit, r->at.func, other, &k))
                return 0xf;
            if (k > 1 && k < INT64_MAX) {
                parent_vals[npv++] = k - 1;
                parent_vals[npv++] = k;
                parent_vals[npv++] = k + 1;
            }
            /* `pid OP k`, or `k OP pid` when swapped */
            ct = swapped ? fr__cmp(o, k, 0) : fr__cmp(o, 0, k);
            cf = !ct;
            for (uint32_t i = 0; i < npv; i++) {
                bool t = swapped ? fr__cmp(o, k, parent_vals[i]) : fr__cmp(o, parent_vals[i], k);
                pt |= t;
                pf |= !t;
            }
        } else {
            return 0xf;
        }
        if (neg) {
            bool x = pt;
            pt = pf;
            pf = x;
            x = ct;
            ct = cf;
            cf = x;
        }
        return (uint8_t)((pt ? CC_FORK_PARENT : 0) | (ct ? CC_FORK_CHILD : 0) |
                         ((pf ? CC_FORK_PARENT : 0) << 2) | ((cf ? CC_FORK_CHILD : 0) << 2));
    }
    return 0xf;
}

/* Applies ops [from, to) of block b to the set of processes `cur`. */
static uint8_t fr__apply(const cc_fork_region *r, uint32_t from, uint32_t to, uint8_t cur)
{
    for (uint32_t o = from; o < to; o++) {
        if (o == r->at.op)
            cur |= CC_FORK_PARENT | CC_FORK_CHILD;
        else if (r->ends[o])
            cur = 0;
    }
    return cur;
}

cc_fork_region *cc_fork_region_new(const cc_program *prog, const cc_kbindex *exits,
                                   cc_op_id fork)
{
    cc_fork_region *r = cc_xcalloc(1, sizeof *r);
    r->prog = prog;
    r->at = fork;
    r->fn = &cc_program_unit(prog, fork.unit)->funcs[fork.func];
    const cc_func *fn = r->fn;
    r->in = cc_xcalloc(fn->nblocks + 1, 1);
    r->ends = cc_xcalloc(fn->nops + 1, 1);
    for (uint32_t o = 0; o < fn->nops; o++) {
        const cc_op *op = &fn->ops[o];
        if (op->kind == CC_OP_CALL && o != fork.op &&
            (cc_kbindex_call_is(exits, fork.unit, fork.func, o, CC_KB_EXIT) ||
             cc_kbindex_call_is(exits, fork.unit, fork.func, o, CC_KB_EXEC)))
            r->ends[o] = 1;
        if (op->kind == CC_OP_STORE && op->b == fork.op && r->nnames < 4) {
            const cc_op *pl = fr__op(r, op->a);
            if (pl && pl->kind == CC_OP_NAME)
                r->names[r->nnames++] = pl->name;
        }
    }
    uint32_t nb = fn->nblocks;
    if (fork.op >= fn->nops || nb == 0)
        return r;
    uint32_t *work = cc_xmalloc((nb + 1) * sizeof(uint32_t) * 2), nw = 0;
    uint8_t *queued = cc_xcalloc(nb + 1, 1);
    uint32_t fb = fn->ops[fork.op].block;
    work[nw++] = fb;
    queued[fb] = 1;
    for (uint32_t steps = 0; nw && steps < 16u * (nb + 1); steps++) {
        uint32_t b = work[--nw];
        queued[b] = 0;
        const cc_block *blk = &fn->blocks[b];
        uint8_t cur = fr__apply(r, blk->first_op, blk->first_op + blk->nops, r->in[b]);
        if (!cur)
            continue;
        uint8_t split = 0xf;
        const cc_op *last = blk->nops ? &fn->ops[blk->first_op + blk->nops - 1] : NULL;
        uint32_t ntrue = 0;
        for (uint32_t s = 0; s < blk->nsucc; s++)
            ntrue += blk->succ[s].kind == CC_EDGE_TRUE;
        if (last && last->kind == CC_OP_BRANCH && ntrue == 1)
            split = fr__branch(r, last->a);
        for (uint32_t s = 0; s < blk->nsucc; s++) {
            uint8_t out = cur;
            if (blk->succ[s].kind == CC_EDGE_TRUE)
                out &= split & 3;
            else if (blk->succ[s].kind == CC_EDGE_FALSE)
                out &= (split >> 2) & 3;
            uint32_t to = blk->succ[s].to;
            if ((r->in[to] | out) != r->in[to]) {
                r->in[to] |= out;
                if (!queued[to]) {
                    queued[to] = 1;
                    work[nw++] = to;
                }
            }
        }
    }
    free(work);
    free(queued);
    return r;
}

void cc_fork_region_delete(cc_fork_region *self)
{
    if (!self)
        return;
    free(self->in);
    free(self->ends);
    free(self);
}

uint8_t cc_fork_region_who(const cc_fork_region *self, uint32_t op)
{
    if (op >= self->fn->nops)
        return 0;
    uint32_t b = self->fn->ops[op].block;
    return fr__apply(self, self->fn->blocks[b].first_op, op, self->in[b]);
}

bool cc_fork_region_child_returns(const cc_fork_region *self)
{
    return self->fn->nblocks > 1 && (self->in[1] & CC_FORK_CHILD);
}

/* ---- handles ------------------------------------------------------------------------------- */

static uint32_t receiver_of(const cc_func *fn, const cc_op *call)
{
    const cc_op *c = call->a != CC_NONE ? &fn->ops[call->a] : NULL;
    if (c && c->kind == CC_OP_LOAD && c->a != CC_NONE && fn->ops[c->a].kind == CC_OP_FIELD)
        return fn->ops[c->a].a;
    return CC_NONE;
}

uint32_t cc_sem_handle_node(const cc_program *prog, const cc_pointsto *pt, const cc_sem *s)
{
    const cc_unit *u = cc_program_unit(prog, s->at.unit);
    const cc_func *fn = &u->funcs[s->at.func];
    const cc_op *op = &fn->ops[s->at.op];
    if (u->lang == CC_LANG_C) {
        if (s->kind == CC_SEM_START)
            return op->nargs ? cc_pointsto_obj(pt, s->at.unit, s->at.func, op->args[0])
                             : CC_NONE;
        if (s->value == CC_NONE)
            return CC_NONE;
        /* C handles are copied out of their pthread_t variable: the place names the thread */
        const cc_op *v = &fn->ops[s->value];
        if (v->kind == CC_OP_LOAD && v->a != CC_NONE)
            return cc_pointsto_cell(pt, s->at.unit, s->at.func, v->a);
        return cc_pointsto_obj(pt, s->at.unit, s->at.func, s->value);
    }
    switch (s->kind) {
    case CC_SEM_POOL_NEW:
        return cc_pointsto_obj(pt, s->at.unit, s->at.func, s->at.op);
    case CC_SEM_SUBMIT: {
        uint32_t r = op->kind == CC_OP_CALL ? receiver_of(fn, op) : CC_NONE;
        return r == CC_NONE ? CC_NONE : cc_pointsto_obj(pt, s->at.unit, s->at.func, r);
    }
    default:
        return s->value == CC_NONE ? CC_NONE
                                   : cc_pointsto_obj(pt, s->at.unit, s->at.func, s->value);
    }
}

bool cc_unit_implements_kb(const cc_program *prog, uint32_t unit)
{
    const cc_unit *u = cc_program_unit(prog, unit);
    if (u->lang != CC_LANG_PYTHON || !u->module)
        return false;
    const char *m = cc_str_text(cc_program_interner(prog), u->module);
    size_t len = strlen(m);
    if (!len)
        return false;
    uint32_t n;
    const cc_kb_entry *all = cc_kb_builtin(&n);
    for (uint32_t i = 0; i < n; i++) {
        const cc_kb_entry *e = &all[i];
        if (e->source || (e->effect != CC_KB_POOL_NEW && e->effect != CC_KB_HANDLE_NEW &&
                          e->effect != CC_KB_START && e->effect != CC_KB_SUBMIT))
            continue;
        if (!strncmp(e->name, m, len) && e->name[len] == '.' && !strchr(e->name + len + 1, '.'))
            return true;
    }
    return false;
}

uint32_t cc_callees_at(const cc_call_edge *edges, uint32_t n, uint32_t i)
{
    uint32_t lo = i, hi = i;
    while (lo > 0 && edges[lo - 1].op == edges[i].op)
        lo--;
    while (hi + 1 < n && edges[hi + 1].op == edges[i].op)
        hi++;
    return hi - lo + 1;
}

void cc_reach_calls(const cc_analyses *an, uint32_t entry, uint8_t *reach)
{
    uint32_t nf = cc_pointsto_func_count(an->pt);
    if (entry >= nf)
        return;
    uint32_t *stack = cc_xmalloc((nf + 1) * sizeof(uint32_t)), sp = 0;
    reach[entry] = 1;
    stack[sp++] = entry;
    while (sp) {
        uint32_t g = stack[--sp], n;
        const cc_call_edge *e = cc_callgraph_out(an->cg, g, &n);
        for (uint32_t i = 0; i < n; i++)
            if (!reach[e[i].callee] && cc_callees_at(e, n, i) <= CC_FORKS_MAX_CALLEES) {
                reach[e[i].callee] = 1;
                stack[sp++] = e[i].callee;
            }
    }
    free(stack);
}

struct cc_ctxview {
    const cc_analyses *an;
    uint32_t nctx, nfuncs;
    uint8_t *skip;           /* per context */
    uint8_t **reach;         /* per context, on first use */
};

cc_ctxview *cc_ctxview_new(const cc_program *prog, const cc_analyses *an)
{
    cc_ctxview *v = cc_xcalloc(1, sizeof *v);
    v->an = an;
    v->nctx = cc_threads_count(an->th);
    v->nfuncs = cc_pointsto_func_count(an->pt);
    v->skip = cc_xcalloc(v->nctx + 1, 1);
    v->reach = cc_xcalloc(v->nctx + 1, sizeof(uint8_t *));
    for (uint32_t k = 1; k < v->nctx; k++)
        v->skip[k] = cc_unit_implements_kb(prog, cc_threads_context(an->th, k)->start.unit);
    return v;
}

void cc_ctxview_delete(cc_ctxview *self)
{
    if (!self)
        return;
    for (uint32_t k = 0; k < self->nctx; k++)
        free(self->reach[k]);
    free(self->reach);
    free(self->skip);
    free(self);
}

bool cc_ctxview_runs_in(cc_ctxview *self, uint32_t gid, uint32_t ctx)
{
    if (ctx == 0 || ctx >= self->nctx || self->skip[ctx] ||
        !cc_threads_runs_in(self->an->th, gid, ctx))
        return false;
    if (!self->reach[ctx]) {
        self->reach[ctx] = cc_xcalloc(self->nfuncs + 1, 1);
        cc_reach_calls(self->an, cc_threads_context(self->an->th, ctx)->entry, self->reach[ctx]);
    }
    return self->reach[ctx][gid] != 0;
}

bool cc_ctxview_live_at(cc_ctxview *self, uint32_t gid, uint32_t op, uint32_t ctx)
{
    if (ctx == 0 || ctx >= self->nctx || self->skip[ctx])
        return false;
    return cc_threads_live_at(self->an->th, gid, op, ctx);
}

/* ---- threads without a context -------------------------------------------------------------- */

enum { EV_GEN, EV_KILL, EV_CALL };

typedef struct lt_event {
    uint32_t op;
    uint8_t kind;
    uint32_t arg;            /* GEN/KILL: source; CALL: callee gid */
    uint32_t loop;           /* KILL in a loop: takes effect on the loop's exit */
} lt_event;

typedef struct lt_source {
    cc_thread_source pub;
    uint8_t kind;            /* 0 thread, 1 pool handler threads, 2 executor manager thread,
                                3 thread-pool tasks */
    char what[160];
} lt_source;

struct cc_libthreads {
    const cc_program *prog;
    const cc_pointsto *pt;
    uint32_t nfuncs;
    lt_source *src;
    uint32_t nsrc, capsrc;
    uint32_t words;
    lt_event *ev;
    uint32_t nev, capev;
    uint32_t *ev_first;      /* per gid, sorted by op */
    uint8_t *loop_kill;      /* per gid */
    uint64_t *gen, *kill;    /* per gid summaries */
    uint8_t *rel;            /* per gid: has events or calls a function that has */
    uint32_t *aslot;         /* per gid: index among the queried functions and their callers */
    uint32_t *bbase;         /* per slot: first block */
    uint64_t *block_in;
    uint64_t *entry;         /* per slot */
    uint32_t nslots;
};

static const cc_func *lt_fn(const cc_libthreads *t, uint32_t gid)
{
    cc_func_id id = cc_pointsto_func(t->pt, gid);
    return &cc_program_unit(t->prog, id.unit)->funcs[id.func];
}

static uint64_t *lt_bits(const cc_libthreads *t, uint64_t *base, uint32_t i)
{
    return base + (size_t)i * t->words;
}

static bool lt_get(const uint64_t *b, uint32_t i) { return (b[i / 64] >> (i % 64)) & 1; }
static void lt_set(uint64_t *b, uint32_t i) { b[i / 64] |= 1ull << (i % 64); }
static void lt_clear(uint64_t *b, uint32_t i) { b[i / 64] &= ~(1ull << (i % 64)); }

static bool lt_or(const cc_libthreads *t, uint64_t *dst, const uint64_t *src)
{
    bool changed = false;
    for (uint32_t w = 0; w < t->words; w++) {
        uint64_t v = dst[w] | src[w];
        changed |= v != dst[w];
        dst[w] = v;
    }
    return changed;
}

/* The source text of op (at most 48 bytes), for messages. */
static void op_text(const cc_program *prog, uint32_t unit, uint32_t func, uint32_t o, char *buf,
                    size_t cap)
{
    const cc_unit *u = cc_program_unit(prog, unit);
    buf[0] = 0;
    if (o == CC_NONE || o >= u->funcs[func].nops)
        return;
    const cc_op *op = &u->funcs[func].ops[o];
    uint32_t len = op->end > op->start ? op->end - op->start : 0;
    if (len > 48 || memchr(u->text + op->start, '\n', len))
        return;
    snprintf(buf, cap, "%.*s", (int)len, u->text + op->start);
}

/* What a thread START or SUBMIT runs, as written ("server.serve_forever"). */
static void target_text(const cc_program *prog, const cc_sem *s, char *buf, size_t cap)
{
    buf[0] = 0;
    const cc_unit *u = cc_program_unit(prog, s->at.unit);
    const cc_op *op = &u->funcs[s->at.func].ops[s->at.op];
    if (u->lang == CC_LANG_C || s->kind == CC_SEM_SUBMIT) {
        op_text(prog, s->at.unit, s->at.func, s->kind == CC_SEM_SUBMIT ? s->value
                                                  : op->nargs > 2 ? op->args[2] : CC_NONE,
                buf, cap);
        return;
    }
    if (s->value == CC_NONE)
        return;
    cc_aval h = cc_resolve(prog, s->at.unit, s->at.func, s->value);
    if (h.kind != CC_V_INSTANCE)
        return;
    const cc_kb_entry *e = cc_program_kb_find(prog, s->api);
    const cc_kb_entry *ce = e && e->type ? cc_program_kb_find(prog, e->type) : NULL;
    if (!ce)
        return;
    uint32_t t = cc_call_arg(prog, h.origin.unit, h.origin.func, h.origin.op, ce->fn_pos,
                             ce->fn_kw);
    op_text(prog, h.origin.unit, h.origin.func, t, buf, cap);
}

static uint32_t lt_source_add(cc_libthreads *t, uint32_t sem, uint8_t kind, uint32_t handle,
                              const char *what)
{
    /* submits to one pool or executor start its threads once: one source per handle; each
     * thread start and pool creation is a source of its own (a JOIN of its handle ends it) */
    if (handle != CC_NONE && (kind == 2 || kind == 3))
        for (uint32_t i = 0; i < t->nsrc; i++)
            if (t->src[i].kind == kind && t->src[i].pub.handle == handle)
                return i;
    lt_source s = {.pub = {.sem = sem, .at = cc_program_sem(t->prog, sem)->at, .handle = handle},
                   .kind = kind};
    snprintf(s.what, sizeof s.what, "%s", what);
    CC_VEC_PUSH(t->src, t->nsrc, t->capsrc, s);
    return t->nsrc - 1;
}

static void lt_event_add(cc_libthreads *t, uint32_t op, uint8_t kind, uint32_t arg, uint32_t loop)
{
    lt_event e = {op, kind, arg, loop};
    CC_VEC_PUSH(t->ev, t->nev, t->capev, e);
}

static int lt_event_cmp(const void *a, const void *b)
{
    const lt_event *x = a, *y = b;
    if (x->op != y->op)
        return x->op < y->op ? -1 : 1;
    return x->kind < y->kind ? -1 : x->kind > y->kind;
}

static const char *short_api(const char *api)
{
    const char *last = strrchr(api, '.');
    return last ? last + 1 : api;
}

/* Sources, and the GEN/KILL events of every function (unsorted, tagged by gid in `owner`). */
static void lt_collect(cc_libthreads *t, const cc_threads *th, uint32_t **owner, uint32_t *nown,
                       uint32_t *capown_)
{
    const cc_program *prog = t->prog;
    uint32_t ns = cc_program_sem_count(prog);
    bool *is_ctx = cc_xcalloc(ns + 1, sizeof(bool));
    for (uint32_t c = 1; c < cc_threads_count(th); c++) {
        uint32_t s = cc_threads_context(th, c)->sem;
        if (s < ns)
            is_ctx[s] = true;
    }
    uint32_t capown = 0;
    *owner = NULL;
    *nown = 0;
    *capown_ = 0;
    uint32_t nunits = cc_program_unit_count(prog);
    uint8_t *impl = cc_xcalloc(nunits + 1, 1); /* 1 unknown, 2 implements the KB, 3 not */
    for (uint32_t i = 0; i < ns; i++) {
        const cc_sem *s = cc_program_sem(prog, i);
        char what[160], tt[64];
        uint8_t kind;
        if (!impl[s->at.unit])
            impl[s->at.unit] = cc_unit_implements_kb(prog, s->at.unit) ? 2 : 3;
        if (impl[s->at.unit] == 2)
            continue;
        if ((s->kind == CC_SEM_START || s->kind == CC_SEM_SUBMIT) &&
            s->model == CC_MODEL_THREAD) {
            if (is_ctx[i])
                continue;
            target_text(prog, s, tt, sizeof tt);
            if (s->kind == CC_SEM_SUBMIT)
                snprintf(what, sizeof what, tt[0] ? "a thread-pool task running `%s`"
                                                  : "a thread-pool task%s", tt);
            else
                snprintf(what, sizeof what, tt[0] ? "a thread running `%s`" : "a thread%s", tt);
            kind = s->kind == CC_SEM_SUBMIT ? 3 : 0;
        } else if (s->kind == CC_SEM_POOL_NEW) {
            const cc_kb_entry *e = cc_program_kb_find(prog, s->api);
            if (!e || !e->type || strcmp(e->type, "multiprocessing.pool.Pool") != 0)
                continue;
            snprintf(what, sizeof what, "the handler threads of the `%s()`",
                     short_api(s->api));
            kind = 1;
        } else if (s->kind == CC_SEM_SUBMIT && s->model == CC_MODEL_PROCESS &&
                   (s->kb_flags & CC_KBF_STARTS_ON_SUBMIT)) {
            snprintf(what, sizeof what,
                     "the manager thread a `ProcessPoolExecutor` starts at its first `%s()`",
                     short_api(s->api));
            kind = 2;
        } else {
            continue;
        }
        uint32_t h = cc_sem_handle_node(prog, t->pt, s);
        uint32_t k = lt_source_add(t, i, kind, h, what);
        uint32_t g = cc_pointsto_gid(t->pt, s->at.unit, s->at.func);
        lt_event_add(t, s->at.op, EV_GEN, k, CC_NONE);
        CC_VEC_PUSH(*owner, *nown, capown, g);
    }
    free(is_ctx);
    free(impl);
    /* joins of a source's handle end it */
    for (uint32_t i = 0; i < ns && t->nsrc; i++) {
        const cc_sem *s = cc_program_sem(prog, i);
        if (s->kind != CC_SEM_JOIN)
            continue;
        uint32_t h = cc_sem_handle_node(prog, t->pt, s);
        if (h == CC_NONE)
            continue;
        uint32_t g = cc_pointsto_gid(t->pt, s->at.unit, s->at.func);
        const cc_op *op = &lt_fn(t, g)->ops[s->at.op];
        for (uint32_t k = 0; k < t->nsrc; k++)
            if (t->src[k].pub.handle == h) {
                lt_event_add(t, s->at.op, EV_KILL, k, op->loop);
                CC_VEC_PUSH(*owner, *nown, capown, g);
            }
    }
    *capown_ = capown;
}

/* Applies the events of gid at ops [from, to) to set. */
static void lt_apply(const cc_libthreads *t, uint32_t gid, uint32_t from, uint32_t to,
                     uint64_t *set)
{
    uint32_t lo = t->ev_first[gid], hi = t->ev_first[gid + 1];
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (t->ev[mid].op < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (uint32_t i = lo; i < t->ev_first[gid + 1] && t->ev[i].op < to; i++) {
        const lt_event *e = &t->ev[i];
        if (e->kind == EV_GEN)
            lt_set(set, e->arg);
        else if (e->kind == EV_KILL && e->loop == CC_NONE)
            lt_clear(set, e->arg);
        else if (e->kind == EV_CALL) {
            const uint64_t *k = lt_bits(t, t->kill, e->arg), *gn = lt_bits(t, t->gen, e->arg);
            for (uint32_t w = 0; w < t->words; w++)
                set[w] = (set[w] & ~k[w]) | gn[w];
        }
    }
}

/* Forward may-analysis of gid from `entry`; block entry sets to `in`; exit set to `out`. */
static void lt_flow(const cc_libthreads *t, uint32_t gid, const uint64_t *entry, uint64_t *in,
                    uint64_t *out)
{
    const cc_func *fn = lt_fn(t, gid);
    uint32_t nb = fn->nblocks, W = t->words;
    memset(in, 0, (size_t)nb * W * sizeof(uint64_t));
    uint8_t *reached = cc_xcalloc(nb + 1, 1), *queued = cc_xcalloc(nb + 1, 1);
    uint32_t *work = cc_xmalloc((nb + 1) * sizeof(uint32_t)), nw = 0;
    uint64_t *cur = cc_xmalloc(W * sizeof(uint64_t)), *ex = cc_xmalloc(W * sizeof(uint64_t));
    if (nb) {
        memcpy(in, entry, W * sizeof(uint64_t));
        reached[0] = queued[0] = 1;
        work[nw++] = 0;
    }
    for (uint32_t steps = 0; nw && steps < 64u * (nb + 1); steps++) {
        uint32_t b = work[--nw];
        queued[b] = 0;
        const cc_block *blk = &fn->blocks[b];
        memcpy(cur, in + (size_t)b * W, W * sizeof(uint64_t));
        lt_apply(t, gid, blk->first_op, blk->first_op + blk->nops, cur);
        for (uint32_t s = 0; s < blk->nsucc; s++) {
            uint32_t to = blk->succ[s].to;
            uint64_t *edge = cur;
            if (blk->succ[s].kind == CC_EDGE_LOOP_EXIT && blk->loop != CC_NONE &&
                t->loop_kill[gid]) {
                memcpy(ex, cur, W * sizeof(uint64_t));
                for (uint32_t i = t->ev_first[gid]; i < t->ev_first[gid + 1]; i++)
                    if (t->ev[i].kind == EV_KILL && t->ev[i].loop == blk->loop)
                        lt_clear(ex, t->ev[i].arg);
                edge = ex;
            }
            bool ch = lt_or(t, in + (size_t)to * W, edge) || !reached[to];
            reached[to] = 1;
            if (ch && !queued[to]) {
                queued[to] = 1;
                work[nw++] = to;
            }
        }
    }
    if (out) {
        if (nb > 1 && reached[1])
            memcpy(out, in + W, W * sizeof(uint64_t));
        else
            memset(out, 0, W * sizeof(uint64_t));
    }
    free(reached);
    free(queued);
    free(work);
    free(cur);
    free(ex);
}

cc_libthreads *cc_libthreads_new(const cc_program *prog, const cc_analyses *an,
                                 const uint32_t *queries, uint32_t nq)
{
    cc_libthreads *t = cc_xcalloc(1, sizeof *t);
    t->prog = prog;
    t->pt = an->pt;
    t->nfuncs = cc_pointsto_func_count(an->pt);
    uint32_t nf = t->nfuncs;
    uint32_t *owner, nown, capown;
    lt_collect(t, an->th, &owner, &nown, &capown);
    t->words = (t->nsrc + 63) / 64;
    if (t->words == 0)
        t->words = 1;
    uint32_t W = t->words;
    /* functions that matter: those with events and their callers */
    t->rel = cc_xcalloc(nf + 1, 1);
    uint32_t *stack = cc_xmalloc((nf + 1) * sizeof(uint32_t)), sp = 0;
    for (uint32_t i = 0; i < nown; i++)
        if (!t->rel[owner[i]]) {
            t->rel[owner[i]] = 1;
            stack[sp++] = owner[i];
        }
    while (sp) {
        uint32_t g = stack[--sp], n;
        const cc_call_edge *e = cc_callgraph_in(an->cg, g, &n);
        for (uint32_t i = 0; i < n; i++)
            if (!t->rel[e[i].caller]) {
                t->rel[e[i].caller] = 1;
                stack[sp++] = e[i].caller;
            }
    }
    /* group events by function: a stable counting sort on the owner, then by op */
    for (uint32_t g = 0; g < nf; g++) {
        if (!t->rel[g])
            continue;
        uint32_t n;
        const cc_call_edge *e = cc_callgraph_out(an->cg, g, &n);
        for (uint32_t i = 0; i < n; i++)
            if (t->rel[e[i].callee] && cc_callees_at(e, n, i) <= CC_FORKS_MAX_CALLEES) {
                lt_event_add(t, e[i].op, EV_CALL, e[i].callee, CC_NONE);
                CC_VEC_PUSH(owner, nown, capown, g);
            }
    }
    t->ev_first = cc_xcalloc(nf + 2, sizeof(uint32_t));
    for (uint32_t i = 0; i < t->nev; i++)
        t->ev_first[owner[i] + 1]++;
    for (uint32_t g = 0; g < nf; g++)
        t->ev_first[g + 1] += t->ev_first[g];
    lt_event *sorted = cc_xmalloc((t->nev + 1) * sizeof(lt_event));
    uint32_t *fill = cc_xmalloc((nf + 1) * sizeof(uint32_t));
    memcpy(fill, t->ev_first, nf * sizeof(uint32_t));
    for (uint32_t i = 0; i < t->nev; i++)
        sorted[fill[owner[i]]++] = t->ev[i];
    free(fill);
    free(t->ev);
    free(owner);
    t->ev = sorted;
    t->capev = t->nev;
    t->loop_kill = cc_xcalloc(nf + 1, 1);
    for (uint32_t g = 0; g < nf; g++) {
        uint32_t a = t->ev_first[g], b = t->ev_first[g + 1];
        if (b - a > 1)
            qsort(t->ev + a, b - a, sizeof(lt_event), lt_event_cmp);
        for (uint32_t i = a; i < b; i++)
            if (t->ev[i].kind == EV_KILL && t->ev[i].loop != CC_NONE)
                t->loop_kill[g] = 1;
    }
    /* summaries */
    size_t nsets = (size_t)(nf + 1) * W;
    t->gen = cc_xcalloc(nsets, sizeof(uint64_t));
    t->kill = cc_xcalloc(nsets, sizeof(uint64_t));
    uint32_t maxb = 1;
    for (uint32_t g = 0; g < nf; g++)
        if (t->rel[g] && lt_fn(t, g)->nblocks > maxb)
            maxb = lt_fn(t, g)->nblocks;
    uint64_t *tmp = cc_xmalloc((size_t)maxb * W * sizeof(uint64_t));
    uint64_t *zero = cc_xcalloc(W, sizeof(uint64_t)), *ones = cc_xmalloc(W * sizeof(uint64_t));
    uint64_t *out = cc_xmalloc(W * sizeof(uint64_t));
    memset(ones, 0xff, W * sizeof(uint64_t));
    for (int round = 0; round < 6 && t->nsrc; round++) {
        bool changed = false;
        for (uint32_t g = 0; g < nf; g++) {
            if (t->ev_first[g] == t->ev_first[g + 1])
                continue;
            lt_flow(t, g, zero, tmp, out);
            changed |= lt_or(t, lt_bits(t, t->gen, g), out);
            lt_flow(t, g, ones, tmp, out);
            for (uint32_t w = 0; w < W; w++) {
                uint64_t k = ~out[w] & ~lt_bits(t, t->gen, g)[w];
                if (k != lt_bits(t, t->kill, g)[w]) {
                    lt_bits(t, t->kill, g)[w] = k;
                    changed = true;
                }
            }
        }
        if (!changed)
            break;
    }
    /* entry sets of the queried functions and their callers */
    t->aslot = cc_xmalloc((nf + 1) * sizeof(uint32_t));
    memset(t->aslot, 0xff, (nf + 1) * sizeof(uint32_t));
    sp = 0;
    for (uint32_t i = 0; i < nq; i++)
        if (queries[i] < nf && t->aslot[queries[i]] == CC_NONE) {
            t->aslot[queries[i]] = t->nslots++;
            stack[sp++] = queries[i];
        }
    while (sp) {
        uint32_t g = stack[--sp], n;
        const cc_call_edge *e = cc_callgraph_in(an->cg, g, &n);
        for (uint32_t i = 0; i < n; i++)
            if (t->aslot[e[i].caller] == CC_NONE) {
                t->aslot[e[i].caller] = t->nslots++;
                stack[sp++] = e[i].caller;
            }
    }
    free(stack);
    t->bbase = cc_xcalloc(t->nslots + 2, sizeof(uint32_t));
    uint32_t *slot_gid = cc_xmalloc((t->nslots + 1) * sizeof(uint32_t));
    for (uint32_t g = 0; g < nf; g++)
        if (t->aslot[g] != CC_NONE)
            slot_gid[t->aslot[g]] = g;
    for (uint32_t s = 0; s < t->nslots; s++)
        t->bbase[s + 1] = t->bbase[s] + lt_fn(t, slot_gid[s])->nblocks;
    t->block_in = cc_xcalloc(((size_t)t->bbase[t->nslots] + 1) * W, sizeof(uint64_t));
    t->entry = cc_xcalloc(((size_t)t->nslots + 1) * W, sizeof(uint64_t));
    uint64_t *cur = cc_xmalloc(W * sizeof(uint64_t));
    for (int round = 0; round < 8 && t->nsrc; round++) {
        bool changed = false;
        for (uint32_t s = 0; s < t->nslots; s++) {
            uint32_t g = slot_gid[s];
            const cc_func *fn = lt_fn(t, g);
            uint64_t *in = t->block_in + (size_t)t->bbase[s] * W;
            lt_flow(t, g, lt_bits(t, t->entry, s), in, NULL);
            uint32_t n;
            const cc_call_edge *e = cc_callgraph_out(an->cg, g, &n);
            for (uint32_t i = 0; i < n; i++) {
                uint32_t cs = t->aslot[e[i].callee];
                if (cs == CC_NONE || cc_callees_at(e, n, i) > CC_FORKS_MAX_CALLEES)
                    continue;
                uint32_t b = fn->ops[e[i].op].block;
                memcpy(cur, in + (size_t)b * W, W * sizeof(uint64_t));
                lt_apply(t, g, fn->blocks[b].first_op, e[i].op, cur);
                changed |= lt_or(t, lt_bits(t, t->entry, cs), cur);
            }
        }
        if (!changed)
            break;
    }
    free(cur);
    free(slot_gid);
    free(tmp);
    free(zero);
    free(ones);
    free(out);
    return t;
}

void cc_libthreads_delete(cc_libthreads *self)
{
    if (!self)
        return;
    free(self->src);
    free(self->ev);
    free(self->ev_first);
    free(self->loop_kill);
    free(self->gen);
    free(self->kill);
    free(self->rel);
    free(self->aslot);
    free(self->bbase);
    free(self->block_in);
    free(self->entry);
    free(self);
}

uint32_t cc_libthreads_count(const cc_libthreads *self) { return self->nsrc; }

const cc_thread_source *cc_libthreads_source(const cc_libthreads *self, uint32_t i)
{
    cc_thread_source *p = &self->src[i].pub;
    p->what = self->src[i].what;
    return p;
}

uint32_t cc_libthreads_live_at(const cc_libthreads *self, uint32_t gid, uint32_t op,
                               uint32_t *out, uint32_t max)
{
    if (!self->nsrc || gid >= self->nfuncs)
        return 0;
    const cc_func *fn = lt_fn(self, gid);
    if (op >= fn->nops)
        return 0;
    uint32_t W = self->words, b = fn->ops[op].block;
    uint64_t *cur = cc_xcalloc(W, sizeof(uint64_t));
    uint32_t s = self->aslot[gid];
    if (s != CC_NONE) {
        memcpy(cur, self->block_in + ((size_t)self->bbase[s] + b) * W, W * sizeof(uint64_t));
    } else {
        uint64_t *in = cc_xcalloc((size_t)fn->nblocks * W + 1, sizeof(uint64_t));
        uint64_t *zero = cc_xcalloc(W, sizeof(uint64_t));
        lt_flow(self, gid, zero, in, NULL);
        memcpy(cur, in + (size_t)b * W, W * sizeof(uint64_t));
        free(in);
        free(zero);
    }
    lt_apply(self, gid, fn->blocks[b].first_op, op, cur);
    uint32_t n = 0;
    for (uint32_t i = 0; i < self->nsrc; i++)
        if (lt_get(cur, i)) {
            if (n < max)
                out[n] = i;
            n++;
        }
    free(cur);
    return n;
}
