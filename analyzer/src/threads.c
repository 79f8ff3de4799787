/* threads.c - the thread model: contexts, where functions run, and which threads may be live at
 * each program point; see analysis.h.
 *
 * Liveness is a forward may-analysis over each function's CFG with per-function summaries: a
 * call adds the contexts its callee may leave running (gen) and removes those it joins on every
 * path (kill). Entry sets flow from call sites into callees and from a START into the started
 * function, which also counts itself as live. Fixpoints are bounded by a round count. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "concur/analysis.h"
#include "concur/arena.h"
#include "knowledge/kb.h"

enum { EV_GEN, EV_KILL, EV_CALL };

typedef struct event {
    uint32_t op;
    uint8_t kind;
    uint32_t arg;        /* GEN/KILL: context; CALL: callee gid */
    uint32_t loop;       /* KILL in a join loop: it takes effect where that loop exits */
} event;

typedef struct ctx_info {
    cc_context pub;
    uint32_t handle;     /* node of the thread handle / pool / future, or CC_NONE */
    uint32_t future;     /* SUBMIT: node of the returned future */
    uint32_t loop;       /* loop of the start op in its function, or CC_NONE */
    uint32_t percopy[4]; /* nodes handed out one element per copy (&args[i]), or CC_NONE */
    uint32_t self_node;  /* the thread object whose own run() this is (a Thread subclass), or
                            CC_NONE: a thread object starts once, so each copy has its own */
    int64_t copies;      /* known copy count, or 0 */
    int64_t workers;     /* SUBMIT: the pool's worker count when known, or 0 */
    uint32_t slot_node;  /* C: the array whose constant element &a[k] the start hands over */
    int64_t slot_index;  /* ... and k */
} ctx_info;

struct cc_threads {
    const cc_program *prog;
    const cc_pointsto *pt;
    uint32_t nfuncs;
    ctx_info *ctx;
    uint32_t nctx, capctx;
    uint32_t words;      /* bitset words per set */
    uint64_t *runs;      /* per gid: contexts it runs in */
    event *ev;
    uint32_t nev, capev;
    uint32_t *ev_first;  /* per gid */
    uint8_t *loop_kill;  /* per gid: some KILL takes effect at a loop exit */
    uint32_t *bbase;     /* per gid: first block slot */
    uint64_t *block_in;  /* per block slot: live set at entry */
    uint64_t *entry;     /* per gid: live set at function entry */
    uint64_t *gen, *kill;/* per gid summaries */
    uint8_t *s_reached, *s_queued; /* flow scratch, maxb + 1 each */
    uint32_t *s_work;
    uint64_t *s_cur, *s_exit;      /* flow scratch, W words each */
};

static const cc_func *fn_at(const cc_threads *t, uint32_t gid)
{
    cc_func_id id = cc_pointsto_func(t->pt, gid);
    return &cc_program_unit(t->prog, id.unit)->funcs[id.func];
}

static uint64_t *bits(const cc_threads *t, uint64_t *base, uint32_t i)
{
    return base + (size_t)i * t->words;
}

static bool bit_get(const uint64_t *b, uint32_t i) { return (b[i / 64] >> (i % 64)) & 1; }
static void bit_set(uint64_t *b, uint32_t i) { b[i / 64] |= 1ull << (i % 64); }
static void bit_clear(uint64_t *b, uint32_t i) { b[i / 64] &= ~(1ull << (i % 64)); }

static bool bits_or(const cc_threads *t, uint64_t *dst, const uint64_t *src)
{
    bool changed = false;
    for (uint32_t w = 0; w < t->words; w++) {
        uint64_t v = dst[w] | src[w];
        changed |= v != dst[w];
        dst[w] = v;
    }
    return changed;
}

/* ---- contexts ------------------------------------------------------------------------------ */

/* The node a join or start names as its handle: the place a value was loaded from (C handles
 * are copied out of their pthread_t variable), else the object itself. */
static uint32_t handle_node(const cc_threads *t, cc_op_id at, uint32_t v)
{
    if (v == CC_NONE)
        return CC_NONE;
    const cc_func *fn = &cc_program_unit(t->prog, at.unit)->funcs[at.func];
    const cc_op *op = &fn->ops[v];
    if (cc_program_unit(t->prog, at.unit)->lang == CC_LANG_C) {
        if (op->kind == CC_OP_LOAD && op->a != CC_NONE)
            return cc_pointsto_cell(t->pt, at.unit, at.func, op->a);
        return cc_pointsto_obj(t->pt, at.unit, at.func, v);
    }
    return cc_pointsto_obj(t->pt, at.unit, at.func, v);
}

/* The receiver of a method call (x in x.m(...)), or CC_NONE. */
static uint32_t receiver(const cc_func *fn, const cc_op *call)
{
    const cc_op *c = call->a != CC_NONE ? &fn->ops[call->a] : NULL;
    if (c && c->kind == CC_OP_LOAD && c->a != CC_NONE && fn->ops[c->a].kind == CC_OP_FIELD)
        return fn->ops[c->a].a;
    return CC_NONE;
}

/* The loop whose variable indexes the element a place op designates (`a[i]`, `a[i].f`), or
 * CC_NONE. */
static uint32_t elem_loop(const cc_pointsto *pt, cc_func_id f, const cc_func *fn, uint32_t o)
{
    for (int depth = 0; depth < 6 && o != CC_NONE; depth++) {
        const cc_op *op = &fn->ops[o];
        if (op->kind == CC_OP_INDEX) {
            cc_place pl;
            if (cc_pointsto_place(pt, f.unit, f.func, o, &pl) && pl.index == CC_INDEX_LOOP_VAR)
                return pl.index_loop;
            return CC_NONE;
        }
        if (op->kind != CC_OP_FIELD && op->kind != CC_OP_UNOP)
            return CC_NONE;
        o = op->a;
    }
    return CC_NONE;
}

uint32_t cc_threads_elem_loop(const cc_threads *self, uint32_t gid, uint32_t op)
{
    cc_func_id id = cc_pointsto_func(self->pt, gid);
    return elem_loop(self->pt, id, fn_at(self, gid), op);
}

/* In the start loop, `args[i].p = &other[i]` hands out `other` element by element too. */
static void add_percopy_links(cc_threads *t, ctx_info *c, cc_op_id at, const cc_func *fn)
{
    uint32_t k = 1;
    cc_func_id f = {at.unit, at.func};
    for (uint32_t o = 0; o < fn->nops && k < 4; o++) {
        const cc_op *st = &fn->ops[o];
        if (st->kind != CC_OP_STORE || st->loop != c->loop || st->a == CC_NONE ||
            st->b == CC_NONE)
            continue;
        uint32_t l = elem_loop(t->pt, f, fn, st->a);
        if (l != c->loop)
            continue;
        cc_place pl;
        if (fn->ops[st->a].kind != CC_OP_FIELD ||
            !cc_pointsto_place(t->pt, at.unit, at.func, st->a, &pl))
            continue;
        const cc_op *v = &fn->ops[st->b];
        if (v->kind != CC_OP_UNOP || v->a == CC_NONE || elem_loop(t->pt, f, fn, v->a) != c->loop)
            continue;
        uint32_t n = cc_pointsto_cell(t->pt, at.unit, at.func, v->a);
        if (n != CC_NONE && n != c->percopy[0])
            c->percopy[k++] = n;
    }
}

static void add_context(cc_threads *t, const cc_callgraph *cg, const cc_sem *s, uint32_t i,
                        uint32_t entry);

typedef struct next_walk {
    const cc_func *fn;
    uint32_t loop;
    bool ok, any;
} next_walk;

static void next_origin(const cc_program *p, uint32_t u, uint32_t f, uint32_t o, void *ctx)
{
    next_walk *w = ctx;
    w->any = true;
    /* an origin in another function (a global's store elsewhere) is not this loop's element;
     * o indexes that function's ops, not w->fn's */
    const cc_func *fn = &cc_program_unit(p, u)->funcs[f];
    if (fn != w->fn || fn->ops[o].kind != CC_OP_NEXT || fn->ops[o].loop != w->loop)
        w->ok = false;
}

/* Python: `[pool.submit(work, item) for item in items]` and
 * `Thread(target=work, args=(item,))` in a loop over items hand each copy its own element: the
 * element's node is per copy (lists seldom hold one object twice). */
static void py_loop_items(cc_threads *t, ctx_info *c, cc_op_id at, const cc_func *fn,
                          const cc_op *call, uint32_t loop)
{
    if (loop == CC_NONE || !c->pub.many)
        return;
    uint32_t k = 0;
    while (k < 4 && c->percopy[k] != CC_NONE)
        k++;
    for (uint32_t i = 0; i < call->nargs && k < 4; i++) {
        uint32_t a = call->args[i];
        const cc_op *ao = &fn->ops[a];
        uint32_t items[8], ni = 0;
        if (ao->kind == CC_OP_ALLOC && ao->sub == CC_ALLOC_TUPLE)
            for (uint32_t j = 0; j < ao->nargs && ni < 8; j++)
                items[ni++] = ao->args[j];
        else
            items[ni++] = a;
        for (uint32_t j = 0; j < ni && k < 4; j++) {
            if (fn->ops[items[j]].kind != CC_OP_LOAD)
                continue;
            next_walk w = {fn, loop, true, false};
            cc_value_origins(t->prog, at.unit, at.func, items[j], next_origin, &w);
            uint32_t n = cc_pointsto_obj(t->pt, at.unit, at.func, items[j]);
            /* unification may have merged the element with an object made once (another
             * argument in the same tuple): then it is shared after all */
            if (w.ok && w.any && n != CC_NONE &&
                !(cc_pointsto_flags(t->pt, n) & (CC_PTN_ALLOC_ONCE | CC_PTN_GLOBAL)))
                c->percopy[k++] = n;
        }
    }
}

/* A helper that starts a thread into a local handle and returns it (`t = spawn(fn, arg)`): the
 * handle the caller joins is where it stores the call's result. Only with one caller. */
static void returned_handle(cc_threads *t, const cc_callgraph *cg, ctx_info *c, cc_op_id at,
                            const cc_func *fn)
{
    if (c->handle == CC_NONE || !(cc_pointsto_flags(t->pt, c->handle) & CC_PTN_LOCAL))
        return;
    bool returned = false;
    for (uint32_t o = 0; o < fn->nops && !returned; o++) {
        const cc_op *r = &fn->ops[o];
        if (r->kind == CC_OP_RETURN && r->a != CC_NONE && fn->ops[r->a].kind == CC_OP_LOAD &&
            fn->ops[r->a].a != CC_NONE &&
            cc_pointsto_cell(t->pt, at.unit, at.func, fn->ops[r->a].a) == c->handle)
            returned = true;
    }
    uint32_t n;
    const cc_call_edge *in = cc_callgraph_in(cg, cc_pointsto_gid(t->pt, at.unit, at.func), &n);
    if (!returned || n != 1)
        return;
    cc_func_id cid = cc_pointsto_func(t->pt, in[0].caller);
    const cc_func *cf = &cc_program_unit(t->prog, cid.unit)->funcs[cid.func];
    for (uint32_t o = 0; o < cf->nops; o++) {
        const cc_op *st = &cf->ops[o];
        if (st->kind != CC_OP_STORE || st->b != in[0].op || st->a == CC_NONE)
            continue;
        uint32_t h = cc_pointsto_cell(t->pt, cid.unit, cid.func, st->a);
        if (h == CC_NONE)
            return;
        c->handle = h;
        if (cf->ops[in[0].op].loop != CC_NONE)
            c->pub.many = true;
        return;
    }
}

static void add_contexts(cc_threads *t, const cc_callgraph *cg)
{
    ctx_info main_ctx = {.pub = {.entry = CC_NONE, .sem = CC_NONE, .parent = CC_NONE},
                         .handle = CC_NONE, .future = CC_NONE, .loop = CC_NONE,
                         .percopy = {CC_NONE, CC_NONE, CC_NONE, CC_NONE}, .self_node = CC_NONE};
    CC_VEC_PUSH(t->ctx, t->nctx, t->capctx, main_ctx);
    uint32_t ns = cc_program_sem_count(t->prog);
    for (uint32_t i = 0; i < ns; i++) {
        const cc_sem *s = cc_program_sem(t->prog, i);
        if ((s->kind != CC_SEM_START && s->kind != CC_SEM_SUBMIT) || s->model != CC_MODEL_THREAD)
            continue;
        if (s->target_func == CC_NONE) {
            /* a function pointer or a callable parameter (`spawn(fn, arg)` helpers, stage
             * tables): one context per function points-to says it may be */
            if (s->value == CC_NONE ||
                cc_program_unit(t->prog, s->at.unit)->lang != CC_LANG_C)
                continue;
            cc_func_id fs[8];
            uint32_t nf = cc_pointsto_funcs(t->pt, s->at.unit, s->at.func, s->value, fs, 8);
            if (nf > 4)
                continue; /* a blob of merged function pointers names no target */
            for (uint32_t k = 0; k < nf; k++)
                add_context(t, cg, s, i, cc_pointsto_gid(t->pt, fs[k].unit, fs[k].func));
            continue;
        }
        add_context(t, cg, s, i, cc_pointsto_gid(t->pt, s->target_unit, s->target_func));
    }
    t->words = (t->nctx + 63) / 64;
}

/* Adds the context that sem s (number i) starts, running function gid. */
static void add_context(cc_threads *t, const cc_callgraph *cg, const cc_sem *s, uint32_t i,
                        uint32_t entry)
{
    {
        const cc_unit *u = cc_program_unit(t->prog, s->at.unit);
        const cc_func *fn = &u->funcs[s->at.func];
        const cc_op *op = &fn->ops[s->at.op];
        const cc_kb_entry *e = cc_program_kb_find(t->prog, s->api);
        ctx_info c = {.pub = {.entry = entry,
                              .sem = i, .start = s->at, .parent = 0},
                      .handle = CC_NONE, .future = CC_NONE, .loop = op->loop,
                      .percopy = {CC_NONE, CC_NONE, CC_NONE, CC_NONE}, .slot_node = CC_NONE,
                      .self_node = CC_NONE};
        c.pub.pool = s->kind == CC_SEM_SUBMIT;
        c.pub.many = op->loop != CC_NONE || (e && e->iter_pos >= 0);
        /* A Python thread object starts once: there are as many copies as objects made. A
         * start in a loop over a list of distinct objects starts one copy of each. */
        cc_op_id copy_at = s->at;
        uint32_t copy_loop = op->loop;
        if (s->kind == CC_SEM_START && s->handle_known && s->handle.unit == s->at.unit &&
            s->handle.func == s->at.func) {
            copy_at = s->handle;
            copy_loop = fn->ops[s->handle.op].loop;
            c.pub.many = copy_loop != CC_NONE;
        }
        if (copy_loop != CC_NONE) {
            cc_trip tr = cc_loop_trip(t->prog, copy_at.unit, copy_at.func, copy_loop);
            if (tr.kind == CC_TRIP_CONST)
                c.copies = tr.n;
            if (tr.kind == CC_TRIP_CONST && tr.n <= 1)
                c.pub.many = false;
        }
        if (u->lang == CC_LANG_C) {
            c.handle = op->nargs ? cc_pointsto_obj(t->pt, s->at.unit, s->at.func, op->args[0])
                                 : CC_NONE;
            /* &args[i] with the start loop's variable: one element per copy */
            int ap = e ? e->args_pos : -1;
            if (ap >= 0 && (uint32_t)ap < op->nargs) {
                const cc_op *a = &fn->ops[op->args[ap]];
                if (a->kind == CC_OP_UNOP && a->a != CC_NONE &&
                    fn->ops[a->a].kind == CC_OP_INDEX) {
                    cc_place pl;
                    int64_t k;
                    if (cc_pointsto_place(t->pt, s->at.unit, s->at.func, a->a, &pl) &&
                        pl.index == CC_INDEX_LOOP_VAR && pl.index_loop != CC_NONE)
                        c.percopy[0] = pl.node;
                    else if (cc_pointsto_place(t->pt, s->at.unit, s->at.func, a->a, &pl) &&
                             pl.index == CC_INDEX_CONST && fn->ops[a->a].b != CC_NONE &&
                             cc_const_int(t->prog, s->at.unit, s->at.func, fn->ops[a->a].b, &k)) {
                        c.slot_node = pl.node;
                        c.slot_index = k;
                    }
                }
            }
            if (c.percopy[0] != CC_NONE)
                add_percopy_links(t, &c, s->at, fn);
            returned_handle(t, cg, &c, s->at, fn);
        } else if (s->kind == CC_SEM_START) {
            c.handle = cc_pointsto_obj(t->pt, s->at.unit, s->at.func, s->value);
            if (s->kb_flags & CC_KBF_SELF_TARGET) /* a Thread subclass's own run() */
                c.self_node = c.handle;
            if (s->handle_known && s->handle.unit == s->at.unit && s->handle.func == s->at.func)
                py_loop_items(t, &c, s->at, fn, &fn->ops[s->handle.op], fn->ops[s->handle.op].loop);
        } else {
            py_loop_items(t, &c, s->at, fn, op, op->loop);
            uint32_t r = receiver(fn, op);
            c.handle = r == CC_NONE ? CC_NONE : cc_pointsto_obj(t->pt, s->at.unit, s->at.func, r);
            c.future = cc_pointsto_obj(t->pt, s->at.unit, s->at.func, s->at.op);
            /* one worker runs its tasks one after another */
            c.workers = cc_pool_workers(t->prog, s->at.unit, s->at.func, r);
            if (c.workers == 1)
                c.pub.many = false;
        }
        CC_VEC_PUSH(t->ctx, t->nctx, t->capctx, c);
    }
}

/* Functions each context runs: its entry and what calls reach from it. */
static void compute_runs(cc_threads *t, const cc_callgraph *cg)
{
    t->runs = cc_xcalloc((size_t)(t->nfuncs + 1) * t->words, sizeof(uint64_t));
    uint32_t *stack = cc_xmalloc((t->nfuncs + 1) * sizeof(uint32_t));
    for (uint32_t c = 0; c < t->nctx; c++) {
        uint32_t sp = 0;
        if (c == 0) {
            for (uint32_t g = 0; g < t->nfuncs; g++) {
                const cc_func *fn = fn_at(t, g);
                cc_func_id id = cc_pointsto_func(t->pt, g);
                bool is_c = cc_program_unit(t->prog, id.unit)->lang == CC_LANG_C;
                bool entry = fn->kind == CC_FUNC_MODULE || fn->kind == CC_FUNC_CLASS_BODY ||
                             (is_c && !strcmp(cc_str_text(cc_program_interner(t->prog), fn->name),
                                              "main"));
                if (entry) {
                    bit_set(bits(t, t->runs, g), 0);
                    stack[sp++] = g;
                }
            }
        } else {
            uint32_t g = t->ctx[c].pub.entry;
            if (!bit_get(bits(t, t->runs, g), c)) {
                bit_set(bits(t, t->runs, g), c);
                stack[sp++] = g;
            }
        }
        while (sp) {
            uint32_t g = stack[--sp], n;
            const cc_call_edge *e = cc_callgraph_out(cg, g, &n);
            for (uint32_t i = 0; i < n; i++)
                if (!bit_get(bits(t, t->runs, e[i].callee), c)) {
                    bit_set(bits(t, t->runs, e[i].callee), c);
                    stack[sp++] = e[i].callee;
                }
        }
    }
    free(stack);
    /* the context that starts each thread: main if its function runs there */
    for (uint32_t c = 1; c < t->nctx; c++) {
        cc_op_id at = t->ctx[c].pub.start;
        uint32_t g = cc_pointsto_gid(t->pt, at.unit, at.func);
        uint64_t *r = bits(t, t->runs, g);
        t->ctx[c].pub.parent = 0;
        if (!bit_get(r, 0))
            for (uint32_t k = 1; k < t->nctx; k++)
                if (bit_get(r, k) && k != c) {
                    t->ctx[c].pub.parent = k;
                    if (t->ctx[k].pub.many)
                        t->ctx[c].pub.many = true;
                    break;
                }
    }
}

/* ---- joins ---------------------------------------------------------------------------------- */

/* True when a join at `jop` (in a loop or not) ends every copy of context c. */
static bool joins_all(const cc_threads *t, uint32_t c, cc_op_id at, uint32_t jval, bool pool_join)
{
    const ctx_info *ci = &t->ctx[c];
    const cc_func *fn = &cc_program_unit(t->prog, at.unit)->funcs[at.func];
    const cc_op *jop = &fn->ops[at.op];
    if (pool_join || !ci->pub.many)
        return true;
    if (jop->loop == CC_NONE)
        return false;
    cc_trip tj = cc_loop_trip(t->prog, at.unit, at.func, jop->loop);
    /* a loop over the collection of handles joins every handle in it */
    if (tj.kind == CC_TRIP_COLLECTION) {
        uint32_t coll = cc_pointsto_obj(t->pt, at.unit, at.func, tj.op);
        (void)jval;
        if (coll != CC_NONE)
            return true;
    }
    if (ci->loop == CC_NONE)
        return true;
    cc_op_id st = ci->pub.start;
    cc_trip ts = cc_loop_trip(t->prog, st.unit, st.func, ci->loop);
    if (ts.kind != tj.kind)
        return false;
    switch (ts.kind) {
    case CC_TRIP_CONST:
        return ts.n == tj.n;
    case CC_TRIP_PARAM:
        return st.unit == at.unit && st.func == at.func && ts.param == tj.param;
    case CC_TRIP_COLLECTION:
        return cc_pointsto_obj(t->pt, st.unit, st.func, ts.op) ==
               cc_pointsto_obj(t->pt, at.unit, at.func, tj.op);
    default: {
        /* the same bound written twice (i < n with a global n): compare the loop headers'
         * comparison operands by their places */
        return false;
    }
    }
}

static void add_event(cc_threads *t, uint32_t gid, uint32_t op, uint8_t kind, uint32_t arg)
{
    event e = {op, kind, arg, CC_NONE};
    /* A join loop may run zero times as far as the CFG says, so a kill inside it would never
     * reach the code after it: it counts on the loop's exit edge instead. */
    if (kind == EV_KILL)
        e.loop = fn_at(t, gid)->ops[op].loop;
    CC_VEC_PUSH(t->ev, t->nev, t->capev, e);
}

static int event_cmp(const void *a, const void *b)
{
    const event *x = a, *y = b;
    if (x->op != y->op)
        return x->op < y->op ? -1 : 1;
    return x->kind < y->kind ? -1 : x->kind > y->kind;
}

static void collect_events(cc_threads *t, const cc_callgraph *cg)
{
    const cc_interner *in = cc_program_interner(t->prog);
    t->ev_first = cc_xcalloc(t->nfuncs + 2, sizeof(uint32_t));
    t->loop_kill = cc_xcalloc(t->nfuncs + 1, 1);
    for (uint32_t g = 0; g < t->nfuncs; g++) {
        t->ev_first[g] = t->nev;
        cc_func_id id = cc_pointsto_func(t->pt, g);
        const cc_func *fn = fn_at(t, g);
        for (uint32_t c = 1; c < t->nctx; c++)
            if (t->ctx[c].pub.start.unit == id.unit && t->ctx[c].pub.start.func == id.func)
                add_event(t, g, t->ctx[c].pub.start.op, EV_GEN, c);
        uint32_t n;
        const cc_call_edge *e = cc_callgraph_out(cg, g, &n);
        for (uint32_t i = 0; i < n; i++)
            add_event(t, g, e[i].op, EV_CALL, e[i].callee);
        for (uint32_t o = 0; o < fn->nops; o++) {
            const cc_op *op = &fn->ops[o];
            if (op->kind != CC_OP_CALL && op->kind != CC_OP_WITH_EXIT)
                continue;
            uint32_t first, ns = cc_program_sems_at(t->prog, id.unit, id.func, o, &first);
            cc_op_id at = {id.unit, id.func, o};
            for (uint32_t k = 0; k < ns; k++) {
                const cc_sem *s = cc_program_sem(t->prog, first + k);
                if (s->kind != CC_SEM_JOIN)
                    continue;
                uint32_t h = handle_node(t, at, s->value);
                if (h == CC_NONE)
                    continue;
                for (uint32_t c = 1; c < t->nctx; c++) {
                    bool pool = t->ctx[c].pub.pool;
                    if (t->ctx[c].handle != h || !joins_all(t, c, at, s->value, pool))
                        continue;
                    add_event(t, g, o, EV_KILL, c);
                    /* started and joined in one iteration of the same loop: the copy of this
                     * iteration ends here, and no two copies ever overlap */
                    ctx_info *ci = &t->ctx[c];
                    if (ci->loop != CC_NONE && ci->loop == op->loop && ci->pub.start.unit == id.unit &&
                        ci->pub.start.func == id.func && ci->pub.start.op < o) {
                        t->ev[t->nev - 1].loop = CC_NONE;
                        ci->pub.many = false;
                    }
                }
            }
            /* future.result() waits for its task */
            uint32_t r = op->kind == CC_OP_CALL ? receiver(fn, op) : CC_NONE;
            if (r != CC_NONE && ns == 0) {
                const char *m = cc_str_text(in, fn->ops[fn->ops[op->a].a].name);
                if (!strcmp(m, "result") || !strcmp(m, "exception")) {
                    uint32_t h = cc_pointsto_obj(t->pt, id.unit, id.func, r);
                    for (uint32_t c = 1; c < t->nctx; c++)
                        if (h != CC_NONE && t->ctx[c].future == h &&
                            (!t->ctx[c].pub.many || op->loop != CC_NONE))
                            add_event(t, g, o, EV_KILL, c);
                }
            }
        }
        for (uint32_t i = t->ev_first[g]; i < t->nev; i++)
            if (t->ev[i].kind == EV_KILL && t->ev[i].loop != CC_NONE)
                t->loop_kill[g] = 1;
        if (t->nev > t->ev_first[g])
            qsort(t->ev + t->ev_first[g], t->nev - t->ev_first[g], sizeof(event), event_cmp);
    }
    t->ev_first[t->nfuncs] = t->nev;
}

/* ---- liveness ------------------------------------------------------------------------------- */

/* Applies the events of function gid at ops [from, to) to set. */
static void apply(const cc_threads *t, uint32_t gid, uint32_t from, uint32_t to, uint64_t *set)
{
    /* events are sorted by op: start at the first one at or after `from` */
    uint32_t lo = t->ev_first[gid], hi = t->ev_first[gid + 1];
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (t->ev[mid].op < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (uint32_t i = lo; i < t->ev_first[gid + 1] && t->ev[i].op < to; i++) {
        const event *e = &t->ev[i];
        if (e->kind == EV_GEN)
            bit_set(set, e->arg);
        else if (e->kind == EV_KILL && e->loop == CC_NONE)
            bit_clear(set, e->arg);
        else if (t->gen) {
            const uint64_t *k = bits(t, t->kill, e->arg), *gn = bits(t, t->gen, e->arg);
            for (uint32_t w = 0; w < t->words; w++)
                set[w] = (set[w] & ~k[w]) | gn[w];
        }
    }
}

/* Runs the forward may-analysis of gid from `entry`; block entry sets go to `in` (nblocks sets);
 * writes the exit set to `out`. Bounded: each block's set only grows. */
static void flow(cc_threads *t, uint32_t gid, const uint64_t *entry, uint64_t *in,
                 uint64_t *out)
{
    const cc_func *fn = fn_at(t, gid);
    uint32_t nb = fn->nblocks, W = t->words;
    memset(in, 0, (size_t)nb * W * sizeof(uint64_t));
    /* scratch buffers sized for the largest function (compute_liveness) */
    uint8_t *reached = t->s_reached, *queued = t->s_queued;
    memset(reached, 0, nb + 1);
    memset(queued, 0, nb + 1);
    uint32_t *work = t->s_work, nw = 0;
    uint64_t *cur = t->s_cur, *exitset = t->s_exit;
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
        apply(t, gid, blk->first_op, blk->first_op + blk->nops, cur);
        for (uint32_t s = 0; s < blk->nsucc; s++) {
            uint32_t to = blk->succ[s].to;
            uint64_t *edge = cur;
            if (blk->succ[s].kind == CC_EDGE_LOOP_EXIT && blk->loop != CC_NONE &&
                t->loop_kill[gid]) {
                memcpy(exitset, cur, W * sizeof(uint64_t));
                for (uint32_t i = t->ev_first[gid]; i < t->ev_first[gid + 1]; i++)
                    if (t->ev[i].kind == EV_KILL && t->ev[i].loop == blk->loop)
                        bit_clear(exitset, t->ev[i].arg);
                edge = exitset;
            }
            bool ch = bits_or(t, in + (size_t)to * W, edge) || !reached[to];
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
}

static void compute_liveness(cc_threads *t)
{
    uint32_t W = t->words;
    t->bbase = cc_xcalloc(t->nfuncs + 2, sizeof(uint32_t));
    uint32_t maxb = 1;
    for (uint32_t g = 0; g < t->nfuncs; g++) {
        t->bbase[g + 1] = t->bbase[g] + fn_at(t, g)->nblocks;
        if (fn_at(t, g)->nblocks > maxb)
            maxb = fn_at(t, g)->nblocks;
    }
    t->s_reached = cc_xmalloc(maxb + 1);
    t->s_queued = cc_xmalloc(maxb + 1);
    t->s_work = cc_xmalloc((maxb + 1) * sizeof(uint32_t) * 2);
    t->s_cur = cc_xmalloc(W * sizeof(uint64_t));
    t->s_exit = cc_xmalloc(W * sizeof(uint64_t));
    size_t nsets = (size_t)(t->nfuncs + 1) * W;
    uint64_t *gen = cc_xcalloc(nsets, sizeof(uint64_t));
    uint64_t *kill = cc_xcalloc(nsets, sizeof(uint64_t));
    uint64_t *tmp_in = cc_xmalloc((size_t)maxb * W * sizeof(uint64_t));
    uint64_t *zero = cc_xcalloc(W, sizeof(uint64_t)), *ones = cc_xmalloc(W * sizeof(uint64_t));
    uint64_t *out = cc_xmalloc(W * sizeof(uint64_t));
    memset(ones, 0xff, W * sizeof(uint64_t));
    t->gen = gen;
    t->kill = kill;
    /* Only functions with events need summaries; others pass sets through. */
    for (int round = 0; round < 6; round++) {
        bool changed = false;
        for (uint32_t g = 0; g < t->nfuncs; g++) {
            if (t->ev_first[g] == t->ev_first[g + 1])
                continue;
            flow(t, g, zero, tmp_in, out);
            changed |= bits_or(t, bits(t, gen, g), out);
            flow(t, g, ones, tmp_in, out);
            for (uint32_t w = 0; w < W; w++) {
                uint64_t k = ~out[w] & ~bits(t, gen, g)[w];
                if (k != bits(t, kill, g)[w]) {
                    bits(t, kill, g)[w] = k;
                    changed = true;
                }
            }
        }
        if (!changed)
            break;
    }
    /* Entry sets: from call sites into callees, from starts into started functions. */
    t->entry = cc_xcalloc(nsets, sizeof(uint64_t));
    t->block_in = cc_xcalloc((size_t)(t->bbase[t->nfuncs] + 1) * W, sizeof(uint64_t));
    /* A started function does not count itself as live: whether copy c runs is a question
     * about other code (two copies of one context are `many`), and main may call the same
     * function itself after joining c. */
    uint64_t *cur = cc_xmalloc(W * sizeof(uint64_t));
    /* Entry sets only grow, and a function's flow depends on its entry alone: after the first
     * round only functions whose entry grew are flowed again (what the others hand on is
     * already in their callees' entries). */
    uint8_t *dirty = cc_xmalloc(t->nfuncs + 1);
    memset(dirty, 1, t->nfuncs + 1);
    for (int round = 0; round < 6; round++) {
        bool changed = false;
        for (uint32_t g = 0; g < t->nfuncs; g++) {
            if (!dirty[g])
                continue;
            dirty[g] = 0;
            const cc_func *fn = fn_at(t, g);
            uint64_t *in = t->block_in + (size_t)t->bbase[g] * W;
            flow(t, g, bits(t, t->entry, g), in, NULL);
            /* the set just before each event's op, carried forward through its block */
            uint32_t cb = CC_NONE, cop = 0;
            for (uint32_t i = t->ev_first[g]; i < t->ev_first[g + 1]; i++) {
                const event *e = &t->ev[i];
                if (e->kind == EV_KILL)
                    continue;
                uint32_t b = fn->ops[e->op].block;
                if (b != cb) {
                    memcpy(cur, in + (size_t)b * W, W * sizeof(uint64_t));
                    cb = b;
                    cop = fn->blocks[b].first_op;
                }
                if (e->op > cop) {
                    apply(t, g, cop, e->op, cur);
                    cop = e->op;
                }
                uint32_t target = e->kind == EV_CALL ? e->arg : t->ctx[e->arg].pub.entry;
                if (bits_or(t, bits(t, t->entry, target), cur)) {
                    dirty[target] = 1;
                    changed = true;
                }
            }
        }
        if (!changed)
            break;
    }
    free(dirty);
    free(cur);
    free(t->s_reached);
    free(t->s_queued);
    free(t->s_work);
    free(t->s_cur);
    free(t->s_exit);
    t->s_reached = t->s_queued = NULL;
    t->s_work = NULL;
    t->s_cur = t->s_exit = NULL;
    free(tmp_in);
    free(zero);
    free(ones);
    free(out);
}

cc_threads *cc_threads_new(const cc_program *prog, const cc_pointsto *pt, const cc_callgraph *cg)
{
    cc_threads *t = cc_xcalloc(1, sizeof *t);
    t->prog = prog;
    t->pt = pt;
    t->nfuncs = cc_pointsto_func_count(pt);
    add_contexts(t, cg);
    compute_runs(t, cg);
    collect_events(t, cg);
    compute_liveness(t);

    return t;
}

void cc_threads_delete(cc_threads *self)
{
    if (!self)
        return;
    free(self->ctx);
    free(self->runs);
    free(self->ev);
    free(self->ev_first);
    free(self->loop_kill);
    free(self->bbase);
    free(self->block_in);
    free(self->entry);
    free(self->gen);
    free(self->kill);
    free(self);
}

/* ---- queries -------------------------------------------------------------------------------- */

uint32_t cc_threads_count(const cc_threads *self) { return self->nctx; }

const cc_context *cc_threads_context(const cc_threads *self, uint32_t ctx)
{
    return &self->ctx[ctx].pub;
}

bool cc_threads_runs_in(const cc_threads *self, uint32_t gid, uint32_t ctx)
{
    return bit_get(bits(self, self->runs, gid), ctx);
}

bool cc_threads_live_at(const cc_threads *self, uint32_t gid, uint32_t op, uint32_t ctx)
{
    const cc_func *fn = fn_at(self, gid);
    uint32_t W = self->words;
    uint64_t buf[8];
    uint64_t *cur = W <= 8 ? buf : cc_xmalloc(W * sizeof(uint64_t));
    uint32_t b = fn->ops[op].block;
    memcpy(cur, self->block_in + ((size_t)self->bbase[gid] + b) * W, W * sizeof(uint64_t));
    apply(self, gid, fn->blocks[b].first_op, op, cur);
    bool live = false;
    /* a context is live when it, or a thread that started it, is */
    for (uint32_t c = ctx, hops = 0; c != CC_NONE && c != 0 && hops < 64 && !live; hops++) {
        live = bit_get(cur, c);
        c = self->ctx[c].pub.parent;
    }
    if (cur != buf)
        free(cur);
    return live;
}

static bool descends(const cc_threads *t, uint32_t c, uint32_t anc)
{
    for (uint32_t hops = 0; c != CC_NONE && c != 0 && hops < 64; hops++) {
        if (c == anc)
            return true;
        c = t->ctx[c].pub.parent;
    }
    return false;
}

bool cc_threads_concurrent(const cc_threads *self, uint32_t ca, uint32_t ga, uint32_t a,
                           uint32_t cb, uint32_t gb, uint32_t b)
{
    if (ca == cb)
        return ca != 0 && self->ctx[ca].pub.many;
    if (ca == 0)
        return cc_threads_live_at(self, ga, a, cb);
    if (cb == 0)
        return cc_threads_live_at(self, gb, b, ca);
    if (descends(self, ca, cb) || descends(self, cb, ca))
        return true;
    const ctx_info *xa = &self->ctx[ca], *xb = &self->ctx[cb];
    if (xa->pub.pool && xb->pub.pool && xa->workers == 1 && xb->workers == 1 &&
        xa->handle != CC_NONE && xa->handle == xb->handle)
        return false;
    const cc_op_id *sa = &self->ctx[ca].pub.start, *sb = &self->ctx[cb].pub.start;
    return cc_threads_live_at(self, cc_pointsto_gid(self->pt, sb->unit, sb->func), sb->op, ca) ||
           cc_threads_live_at(self, cc_pointsto_gid(self->pt, sa->unit, sa->func), sa->op, cb);
}

bool cc_threads_own_object(const cc_threads *self, uint32_t node, uint32_t ctx)
{
    return ctx != 0 && ctx < self->nctx && node != CC_NONE && self->ctx[ctx].self_node == node;
}

bool cc_threads_per_copy(const cc_threads *self, uint32_t node, uint32_t ctx)
{
    if (ctx == 0 || node == CC_NONE || !self->ctx[ctx].pub.many)
        return false;
    const ctx_info *ci = &self->ctx[ctx];
    for (int k = 0; k < 4; k++)
        if (ci->percopy[k] == node)
            return true;
    uint32_t fl = cc_pointsto_flags(self->pt, node);
    if (!(fl & CC_PTN_ALLOC) || (fl & (CC_PTN_ALLOC_ONCE | CC_PTN_GLOBAL)))
        return false;
    /* every allocation site is in the function that starts the copies, inside a loop */
    cc_op_id sites[8];
    uint32_t n = cc_pointsto_sites(self->pt, node, sites, 8);
    if (n == 0 || n > 8)
        return false;
    for (uint32_t i = 0; i < n; i++)
        if (sites[i].unit != ci->pub.start.unit || sites[i].func != ci->pub.start.func)
            return false;
    return true;
}

bool cc_threads_distinct_slots(const cc_threads *self, uint32_t node, uint32_t ca, uint32_t cb)
{
    if (ca == 0 || cb == 0 || ca == cb || node == CC_NONE)
        return false;
    const ctx_info *x = &self->ctx[ca], *y = &self->ctx[cb];
    return x->slot_node == node && y->slot_node == node && x->slot_index != y->slot_index &&
           !x->pub.many && !y->pub.many;
}

bool cc_threads_copy_quiet(const cc_threads *self, uint32_t ctx, uint32_t gid, uint32_t op,
                           uint32_t loop)
{
    if (ctx == 0 || loop == CC_NONE)
        return false;
    const ctx_info *ci = &self->ctx[ctx];
    cc_op_id st = ci->pub.start;
    if (cc_pointsto_gid(self->pt, st.unit, st.func) == gid && ci->loop == loop && op < st.op)
        return true;
    for (uint32_t i = self->ev_first[gid]; i < self->ev_first[gid + 1]; i++) {
        const event *e = &self->ev[i];
        if (e->kind == EV_KILL && e->arg == ctx && e->loop == loop && e->op < op)
            return true;
    }
    return false;
}

const char *cc_threads_describe(const cc_threads *self, uint32_t ctx, char *buf, size_t cap)
{
    if (ctx == 0) {
        snprintf(buf, cap, "main thread");
        return buf;
    }
    const ctx_info *ci = &self->ctx[ctx];
    const char *what = ci->pub.pool ? "pool worker" : "thread";
    if (ci->pub.many && ci->copies > 1)
        snprintf(buf, cap, "%s, %lld copies", what, (long long)ci->copies);
    else if (ci->pub.many)
        snprintf(buf, cap, "%s, several copies", what);
    else
        snprintf(buf, cap, "%s", what);
    return buf;
}
