/* CC202 lost-update-in-child
 *
 * ## What it does
 * Finds state that a child process changes and the parent reads afterwards as if the change
 * were shared. The children are Python process workers — a `multiprocessing.Process` target (or
 * a `Process` subclass's `run`), a task of a process `Pool` or `ProcessPoolExecutor`, and
 * everything they call — and the code a C `fork()` (or Python `os.fork()`) child runs: the
 * `pid == 0` side of the branch on its result and the functions it calls. The state is what the
 * parent can see: module globals and C globals, objects the parent created and handed over
 * (a list passed in `args=`, the `Process` object itself via `self.x = ...`), C heap blocks
 * allocated before the fork, and the forking function's own locals. It is reported when the
 * parent reads the same place after starting the child: after the `start()`/`map()` call, in
 * the functions called from there, or after the call that led to it.
 *
 * Not reported: children whose writes the parent never reads (per-process caches, the `Pool`
 * `initializer` pattern that sets a worker's global connection); helper functions that the
 * parent and the workers share (a memo table each process fills for itself); objects that
 * really are shared — `multiprocessing.Value`/`Array`, `Manager()` proxies, `shared_memory`,
 * queues and pipes, C memory from `mmap(MAP_SHARED)` or `shmat`; threads, which share memory.
 *
 * ## Why is this bad?
 * A child process has its own copy of the parent's memory: under fork a copy-on-write snapshot,
 * under spawn and forkserver a fresh interpreter that re-imports the module. Whatever the child
 * assigns, appends or increments changes its copy only, and the change is gone when it exits.
 * The parent then reads the value it had before — an empty results list, a zero counter — and
 * nothing fails loudly: the program just computes the wrong answer. Code written for threads
 * and switched to processes for speed breaks this way.
 *
 * ## Example
 * ```python
 * from multiprocessing import Pool
 *
 * seen = []
 *
 * def check(url):
 *     seen.append(url)
 *
 * if __name__ == "__main__":
 *     with Pool() as pool:
 *         pool.map(check, urls)
 *     print(len(seen), "checked")      # always 0
 * ```
 *
 * ## Use instead
 * ```python
 * def check(url):
 *     return url
 *
 * if __name__ == "__main__":
 *     with Pool() as pool:
 *         seen = pool.map(check, urls)
 *     print(len(seen), "checked")
 * ```
 * Return results from the worker (task results, a `Queue`, a `Pipe`), or share the state on
 * purpose (`multiprocessing.Value`, a `Manager`, `shared_memory`). In C, send results back
 * through a pipe, the exit status, or memory mapped with `MAP_SHARED`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "concur/analysis.h"
#include "concur/arena.h"
#include "concur/forks.h"
#include "concur/program.h"
#include "knowledge/kb.h"

static const char *const MUTATORS[] = {
    "append", "extend", "insert", "pop", "remove", "clear", "update", "setdefault", "add",
    "discard", "popitem", "sort", "reverse", "appendleft", "popleft", "extendleft", "rotate",
    "__setitem__", "__delitem__", "difference_update", "intersection_update",
    "symmetric_difference_update",
};

typedef struct wkey {
    uint32_t node;
    const char *verb;        /* "assigned", "updated", "modified", "deleted" */
    cc_str sel;              /* field name, or CC_STR_NONE */
    bool elem;               /* elements of a container / array */
    uint32_t gid, op;        /* the write */
    uint32_t place_op;       /* for the name in the message */
} wkey;

typedef struct worker {
    uint32_t sem;
    cc_op_id at;             /* the START/SUBMIT or fork call */
    bool fork;               /* a fork child (C or os.fork) */
    cc_fork_region *region;  /* fork: who runs what in the forking function */
} worker;

typedef struct state {
    cc_program *prog;
    const cc_analyses *an;
    const cc_pointsto *pt;
    uint32_t nfuncs;
    uint8_t *inw;            /* per gid: runs in the worker */
    uint8_t **after;         /* per gid: per op, 1 when the parent runs it after the start */
    uint8_t *whole;          /* per gid: every op is after the start */
    uint32_t *touched;       /* gids with marks */
    uint32_t ntouched, captouched;
    wkey *keys;
    uint32_t nkeys, capkeys;
    cc_op_id *reported;      /* writes already reported (two starts of one worker) */
    uint32_t nreported, capreported;
} state;

static const cc_func *fn_of(const state *st, uint32_t gid, const cc_unit **u)
{
    cc_func_id id = cc_pointsto_func(st->pt, gid);
    *u = cc_program_unit(st->prog, id.unit);
    return &(*u)->funcs[id.func];
}

static bool is_mutator(const char *m)
{
    for (size_t i = 0; i < sizeof MUTATORS / sizeof *MUTATORS; i++)
        if (!strcmp(m, MUTATORS[i]))
            return true;
    return false;
}

/* ---- which objects are shared on purpose ------------------------------------------------- */

static bool mp_name(const cc_program *prog, cc_aval v)
{
    if (v.kind != CC_V_EXTERN && v.kind != CC_V_INSTANCE)
        return false;
    const char *q = cc_str_text(cc_program_interner(prog), v.qname);
    return !strncmp(q, "multiprocessing", 15) || !strncmp(q, "_multiprocessing", 16);
}

/* True when node is made by multiprocessing (Value, Array, a Manager proxy, shared memory, a
 * queue) or wraps something that is (numpy arrays over `shm.buf`). */
static bool shared_object(const state *st, uint32_t node)
{
    cc_op_id sites[8];
    uint32_t n = cc_pointsto_sites(st->pt, node, sites, 8);
    for (uint32_t i = 0; i < n && i < 8; i++) {
        const cc_unit *u = cc_program_unit(st->prog, sites[i].unit);
        const cc_func *fn = &u->funcs[sites[i].func];
        const cc_op *op = &fn->ops[sites[i].op];
        if (op->kind != CC_OP_CALL)
            continue;
        if (mp_name(st->prog, cc_resolve(st->prog, sites[i].unit, sites[i].func, op->a)))
            return true;
        /* m.dict(), shm.buf: the receiver or an argument comes from multiprocessing */
        const cc_op *c = &fn->ops[op->a];
        if (c->kind == CC_OP_LOAD && c->a != CC_NONE && fn->ops[c->a].kind == CC_OP_FIELD &&
            mp_name(st->prog, cc_resolve(st->prog, sites[i].unit, sites[i].func,
                                         fn->ops[c->a].a)))
            return true;
        for (uint32_t k = 0; k < op->nargs; k++) {
            uint32_t a = op->args[k];
            const cc_op *ao = &fn->ops[a];
            if (ao->kind == CC_OP_LOAD && ao->a != CC_NONE && fn->ops[ao->a].kind == CC_OP_FIELD)
                a = fn->ops[ao->a].a;
            if (mp_name(st->prog, cc_resolve(st->prog, sites[i].unit, sites[i].func, a)))
                return true;
        }
    }
    return false;
}

/* ---- the child's writes ------------------------------------------------------------------ */

/* True when every allocation site of node is in code the worker runs (the object is the
 * child's own). */
static bool made_in_worker(const state *st, const worker *w, uint32_t node)
{
    cc_op_id sites[8];
    uint32_t n = cc_pointsto_sites(st->pt, node, sites, 8);
    if (n == 0 || n > 8)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = cc_pointsto_gid(st->pt, sites[i].unit, sites[i].func);
        bool child = st->inw[g];
        if (!child && w->fork && sites[i].unit == w->at.unit && sites[i].func == w->at.func)
            child = cc_fork_region_who(w->region, sites[i].op) == CC_FORK_CHILD;
        if (!child)
            return false;
    }
    return true;
}

/* True when the forking function stores into place pl before the fork. */
static bool defined_before_fork(const state *st, const worker *w, const cc_place *pl)
{
    const cc_func *fn = &cc_program_unit(st->prog, w->at.unit)->funcs[w->at.func];
    for (uint32_t o = 0; o < fn->nops; o++) {
        const cc_op *op = &fn->ops[o];
        cc_place q;
        if (op->kind == CC_OP_STORE && cc_fork_region_who(w->region, o) == 0 &&
            cc_pointsto_place(st->pt, w->at.unit, w->at.func, op->a, &q) && q.node == pl->node &&
            q.kind == pl->kind && q.sel == pl->sel)
            return true;
    }
    return false;
}

/* Whether a write to place pl, by the worker, changes something the parent can see. */
static bool parent_visible(const state *st, const worker *w, uint32_t gid, const cc_place *pl,
                           bool c)
{
    uint32_t fl = cc_pointsto_flags(st->pt, pl->node);
    if (fl & (CC_PTN_TLS | CC_PTN_FUNC))
        return false;
    uint32_t fork_gid = w->fork ? cc_pointsto_gid(st->pt, w->at.unit, w->at.func) : CC_NONE;
    if (fl & CC_PTN_LOCAL) {
        /* the forking function's own locals live on in the parent: those that hold a value
         * from before the fork (a C loop variable declared again on each side is not one) */
        if (!w->fork || gid != fork_gid || (fl & CC_PTN_GLOBAL))
            return false;
        return defined_before_fork(st, w, pl);
    }
    if ((fl & CC_PTN_ALLOC) && made_in_worker(st, w, pl->node))
        return false;
    if (c)
        return (fl & (CC_PTN_GLOBAL | CC_PTN_ALLOC)) != 0;
    if (!(fl & (CC_PTN_GLOBAL | CC_PTN_ESCAPED | CC_PTN_THREAD_ARG)))
        return false;
    return !shared_object(st, pl->node);
}

static void add_key(state *st, const worker *w, uint32_t gid, uint32_t op, uint32_t place_op,
                    const cc_place *pl, bool c, const char *verb)
{
    if (pl->node == CC_NONE || !parent_visible(st, w, gid, pl, c))
        return;
    wkey k = {pl->node, verb, pl->kind == CC_PLACE_FIELD ? pl->sel : CC_STR_NONE,
              pl->kind == CC_PLACE_ELEM, gid, op, place_op};
    for (uint32_t i = 0; i < st->nkeys; i++)
        if (st->keys[i].node == k.node && st->keys[i].sel == k.sel && st->keys[i].elem == k.elem)
            return;
    CC_VEC_PUSH(st->keys, st->nkeys, st->capkeys, k);
}

/* True when op is a place `self.x` (the first parameter's attribute) in a method that sets up a
 * new object: whoever constructs the object runs it, so in a worker the object is the child's. */
static bool initialises_self(const state *st, const cc_func *fn, uint32_t place_op)
{
    const cc_interner *in = cc_program_interner(st->prog);
    if (fn->class_idx == CC_NONE || fn->nparams == 0)
        return false;
    const char *name = cc_str_text(in, fn->name);
    if (strcmp(name, "__init__") && strcmp(name, "__new__") && strcmp(name, "__post_init__") &&
        strcmp(name, "__setstate__"))
        return false;
    const cc_op *pl = &fn->ops[place_op];
    if (pl->kind != CC_OP_FIELD || pl->a == CC_NONE)
        return false;
    const cc_op *base = &fn->ops[pl->a];
    if (base->kind != CC_OP_LOAD || base->a == CC_NONE)
        return false;
    const cc_op *var = &fn->ops[base->a];
    return var->kind == CC_OP_NAME && var->name == fn->params[0];
}

static void writes_of(state *st, const worker *w, uint32_t gid, bool child_only)
{
    const cc_unit *u;
    const cc_func *fn = fn_of(st, gid, &u);
    cc_func_id id = cc_pointsto_func(st->pt, gid);
    const cc_interner *in = cc_program_interner(st->prog);
    bool c = u->lang == CC_LANG_C;
    for (uint32_t o = 0; o < fn->nops; o++) {
        if (child_only && cc_fork_region_who(w->region, o) != CC_FORK_CHILD)
            continue;
        const cc_op *op = &fn->ops[o];
        cc_place pl;
        if ((op->kind == CC_OP_STORE || (op->kind == CC_OP_DELETE && !c)) &&
            cc_pointsto_place(st->pt, id.unit, id.func, op->a, &pl)) {
            if (!c && initialises_self(st, fn, op->a))
                continue;
            const char *verb = op->kind == CC_OP_DELETE     ? "deleted"
                               : op->sub == CC_STORE_RMW      ? "updated"
                               : pl.kind == CC_PLACE_ELEM && !c ? "modified"
                                                              : "assigned";
            add_key(st, w, gid, o, op->a, &pl, c, verb);
        } else if (!c && op->kind == CC_OP_CALL && op->a != CC_NONE) {
            const cc_op *callee = &fn->ops[op->a];
            if (callee->kind != CC_OP_LOAD || callee->a == CC_NONE ||
                fn->ops[callee->a].kind != CC_OP_FIELD ||
                !is_mutator(cc_str_text(in, fn->ops[callee->a].name)))
                continue;
            uint32_t recv = fn->ops[callee->a].a;
            /* `dict.pop(self, k)`, `list.append(xs, x)`: a class of the library, not a
             * container; `mod.update(...)`: a module */
            cc_aval rv = cc_resolve(st->prog, id.unit, id.func, recv);
            if (rv.kind == CC_V_EXTERN || rv.kind == CC_V_CLASS || rv.kind == CC_V_MODULE)
                continue;
            pl = (cc_place){.node = cc_pointsto_obj(st->pt, id.unit, id.func, recv),
                            .kind = CC_PLACE_ELEM};
            if (pl.node != CC_NONE)
                add_key(st, w, gid, o, recv, &pl, c, "modified");
        }
    }
}

/* ---- what the parent runs after the start -------------------------------------------------- */

static uint8_t *after_ops(state *st, uint32_t gid)
{
    if (!st->after[gid]) {
        const cc_unit *u;
        st->after[gid] = cc_xcalloc(fn_of(st, gid, &u)->nops + 1, 1);
        CC_VEC_PUSH(st->touched, st->ntouched, st->captouched, gid);
    }
    return st->after[gid];
}

/* Marks the ops of gid reachable after op `from` (exclusive). */
static void mark_from(state *st, uint32_t gid, uint32_t from)
{
    const cc_unit *u;
    const cc_func *fn = fn_of(st, gid, &u);
    uint8_t *a = after_ops(st, gid);
    uint32_t nb = fn->nblocks;
    uint8_t *seen = cc_xcalloc(nb + 1, 1);
    uint32_t *work = cc_xmalloc((nb + 1) * sizeof(uint32_t)), nw = 0;
    uint32_t b0 = fn->ops[from].block;
    const cc_block *blk = &fn->blocks[b0];
    for (uint32_t o = from + 1; o < blk->first_op + blk->nops; o++)
        a[o] = 1;
    for (uint32_t s = 0; s < blk->nsucc; s++)
        if (!seen[blk->succ[s].to]) {
            seen[blk->succ[s].to] = 1;
            work[nw++] = blk->succ[s].to;
        }
    while (nw) {
        uint32_t b = work[--nw];
        const cc_block *bb = &fn->blocks[b];
        for (uint32_t o = bb->first_op; o < bb->first_op + bb->nops; o++)
            a[o] = 1;
        for (uint32_t s = 0; s < bb->nsucc; s++)
            if (!seen[bb->succ[s].to]) {
                seen[bb->succ[s].to] = 1;
                work[nw++] = bb->succ[s].to;
            }
    }
    free(seen);
    free(work);
}

/* After the calls into gid return: the callers' code after each call, up to `depth` levels. */
static void mark_callers(state *st, uint32_t gid, int depth)
{
    if (depth <= 0)
        return;
    uint32_t n;
    const cc_call_edge *e = cc_callgraph_in(st->an->cg, gid, &n);
    for (uint32_t i = 0; i < n && i < 32; i++) {
        uint32_t nc;
        const cc_call_edge *out = cc_callgraph_out(st->an->cg, e[i].caller, &nc);
        uint32_t k = 0;
        while (k < nc && out[k].op != e[i].op)
            k++;
        if (st->inw[e[i].caller] || (k < nc && cc_callees_at(out, nc, k) > CC_FORKS_MAX_CALLEES))
            continue;
        mark_from(st, e[i].caller, e[i].op);
        mark_callers(st, e[i].caller, depth - 1);
    }
}

/* Everything called from marked ops runs after the start too (not the worker's own code). */
static void mark_callees(state *st)
{
    for (uint32_t i = 0; i < st->ntouched; i++) {
        uint32_t g = st->touched[i], n;
        const cc_call_edge *e = cc_callgraph_out(st->an->cg, g, &n);
        for (uint32_t k = 0; k < n; k++) {
            uint32_t c = e[k].callee;
            if (st->inw[c] || st->whole[c] || cc_callees_at(e, n, k) > CC_FORKS_MAX_CALLEES)
                continue;
            if (!st->whole[g] && !st->after[g][e[k].op])
                continue;
            st->whole[c] = 1;
            after_ops(st, c);
        }
    }
}

static void clear_marks(state *st)
{
    for (uint32_t i = 0; i < st->ntouched; i++) {
        uint32_t g = st->touched[i];
        free(st->after[g]);
        st->after[g] = NULL;
        st->whole[g] = 0;
    }
    st->ntouched = 0;
}

/* The first parent read of key k among the marked ops; writes its (gid, op). */
static bool find_read(const state *st, const wkey *k, uint32_t *rg, uint32_t *ro)
{
    for (uint32_t i = 0; i < st->ntouched; i++) {
        uint32_t g = st->touched[i];
        if (st->inw[g])
            continue;
        const cc_unit *u;
        const cc_func *fn = fn_of(st, g, &u);
        cc_func_id id = cc_pointsto_func(st->pt, g);
        for (uint32_t o = 0; o < fn->nops; o++) {
            if (!st->whole[g] && !st->after[g][o])
                continue;
            const cc_op *op = &fn->ops[o];
            if (op->kind != CC_OP_LOAD)
                continue;
            cc_place pl;
            bool hit = false;
            if (cc_pointsto_place(st->pt, id.unit, id.func, op->a, &pl) && pl.node == k->node) {
                if (k->elem)
                    hit = pl.kind == CC_PLACE_ELEM;
                else
                    hit = pl.kind != CC_PLACE_ELEM &&
                          (pl.kind == CC_PLACE_FIELD ? pl.sel : CC_STR_NONE) == k->sel;
            }
            /* Python: any use of the container itself (len(xs), print(xs), for x in xs) */
            if (!hit && k->elem && u->lang == CC_LANG_PYTHON &&
                cc_pointsto_obj(st->pt, id.unit, id.func, o) == k->node)
                hit = true;
            if (hit) {
                *rg = g;
                *ro = o;
                return true;
            }
        }
    }
    return false;
}

static void place_text(const cc_unit *u, const cc_op *op, char *buf, size_t cap)
{
    uint32_t len = op->end > op->start ? op->end - op->start : 0;
    if (len > 60 || memchr(u->text + op->start, '\n', len))
        len = 0;
    snprintf(buf, cap, "%.*s", (int)len, u->text + op->start);
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

static void run_worker(state *st, worker *w, const cc_kbindex *kb)
{
    cc_program *prog = st->prog;
    const cc_callgraph *cg = st->an->cg;
    memset(st->inw, 0, st->nfuncs + 1);
    const cc_sem *s = cc_program_sem(prog, w->sem);
    uint32_t fork_gid = cc_pointsto_gid(st->pt, w->at.unit, w->at.func);
    if (w->fork) {
        w->region = cc_fork_region_new(prog, kb, w->at);
        uint32_t n;
        const cc_call_edge *e = cc_callgraph_out(cg, fork_gid, &n);
        for (uint32_t i = 0; i < n; i++)
            if (cc_fork_region_who(w->region, e[i].op) == CC_FORK_CHILD &&
                !st->inw[e[i].callee] && cc_callees_at(e, n, i) <= CC_FORKS_MAX_CALLEES)
                cc_reach_calls(st->an, e[i].callee, st->inw);
    } else {
        cc_reach_calls(st->an, cc_pointsto_gid(st->pt, s->target_unit, s->target_func), st->inw);
    }
    /* the forking function itself is the parent's, whatever its child calls */
    if (w->fork)
        st->inw[fork_gid] = 0;
    st->nkeys = 0;
    if (w->fork)
        writes_of(st, w, fork_gid, true);
    for (uint32_t g = 0; g < st->nfuncs; g++)
        if (st->inw[g])
            writes_of(st, w, g, false);
    if (st->nkeys == 0)
        goto out;
    /* what the parent runs after the start */
    if (w->fork) {
        uint8_t *a = after_ops(st, fork_gid);
        const cc_unit *u;
        const cc_func *fn = fn_of(st, fork_gid, &u);
        for (uint32_t o = 0; o < fn->nops; o++)
            a[o] = (cc_fork_region_who(w->region, o) & CC_FORK_PARENT) != 0;
    } else {
        mark_from(st, fork_gid, w->at.op);
    }
    mark_callers(st, fork_gid, 3);
    mark_callees(st);
    for (uint32_t i = 0; i < st->nkeys; i++) {
        const wkey *k = &st->keys[i];
        uint32_t rg, ro;
        if (!find_read(st, k, &rg, &ro))
            continue;
        cc_func_id wf = cc_pointsto_func(st->pt, k->gid), rf = cc_pointsto_func(st->pt, rg);
        const cc_unit *wu = cc_program_unit(prog, wf.unit), *ru = cc_program_unit(prog, rf.unit);
        const cc_func *wfn = &wu->funcs[wf.func];
        const cc_op *wop = &wfn->ops[k->op];
        /* one finding per write */
        cc_span span = cc_op_span(wu, wop);
        bool dup = false;
        for (uint32_t j = 0; j < st->nreported && !dup; j++)
            dup = st->reported[j].unit == wf.unit && st->reported[j].func == wf.func &&
                  st->reported[j].op == k->op;
        if (dup)
            continue;
        cc_op_id me = {wf.unit, wf.func, k->op};
        CC_VEC_PUSH(st->reported, st->nreported, st->capreported, me);
        char name[80], msg[1400], who[300];
        place_text(wu, &wfn->ops[k->place_op], name, sizeof name);
        const cc_unit *su = cc_program_unit(prog, w->at.unit);
        cc_span ss = cc_op_span(su, &su->funcs[w->at.func].ops[w->at.op]);
        const cc_interner *in = cc_program_interner(prog);
        const char *wname = wfn->kind == CC_FUNC_MODULE ? "module code"
                                                        : cc_str_text(in, wfn->qualname);
        cc_span rs = cc_op_span(ru, &ru->funcs[rf.func].ops[ro]);
        if (w->fork)
            snprintf(who, sizeof who, "in the child of the `%s()` at line %u%s%s%s", s->api,
                     ss.line, wf.unit == w->at.unit && wf.func == w->at.func ? "" : " (in `",
                     wf.unit == w->at.unit && wf.func == w->at.func ? "" : wname,
                     wf.unit == w->at.unit && wf.func == w->at.func ? "" : "()`)");
        else
            snprintf(who, sizeof who,
                     "in `%s()`, which runs in a child process (`%s()` at line %u)", wname,
                     api_short(s->api), ss.line);
        snprintf(msg, sizeof msg,
                 "`%s` is %s %s, but the parent reads it at line %u%s%s as if the change were "
                 "shared: the child changed its own copy, and the parent still sees the old "
                 "value",
                 name[0] ? name : "this", k->verb, who, rs.line,
                 ru != su ? " of " : "", ru != su ? ru->path : "");
        cc_related rel = {rf.unit, rs, "the parent reads it here"};
        const char *help =
            wu->lang == CC_LANG_C
                ? "send the result back through a pipe or the exit status, or use memory "
                  "mapped with MAP_SHARED (mmap, shm_open)"
                : "return the result from the worker (task results, a Queue or Pipe), or share "
                  "it on purpose (multiprocessing.Value/Array, a Manager, shared_memory)";
        cc_program_report_related(prog, "CC202", wf.unit, span, msg, help, &rel, 1);
    }
out:
    clear_marks(st);
    cc_fork_region_delete(w->region);
    w->region = NULL;
}

void cc202_run(cc_program *prog);
void cc202_run(cc_program *prog)
{
    worker *ws = NULL;
    uint32_t nw = 0, capw = 0;
    for (uint32_t i = 0; i < cc_program_sem_count(prog); i++) {
        const cc_sem *s = cc_program_sem(prog, i);
        if (s->model != CC_MODEL_PROCESS)
            continue;
        worker w = {.sem = i, .at = s->at};
        if (s->kind == CC_SEM_START && s->kb_effect == CC_KB_FORK)
            w.fork = true;
        else if ((s->kind == CC_SEM_START || s->kind == CC_SEM_SUBMIT) &&
                 s->target_func != CC_NONE)
            w.fork = false;
        else
            continue;
        CC_VEC_PUSH(ws, nw, capw, w);
    }
    if (!nw)
        return;
    cc_kbindex *kb = cc_kbindex_new(prog, (1ull << CC_KB_EXIT) | (1ull << CC_KB_EXEC));
    const cc_analyses *an = cc_program_analyses(prog);
    state st = {.prog = prog, .an = an, .pt = an->pt};
    st.nfuncs = cc_pointsto_func_count(an->pt);
    st.inw = cc_xcalloc(st.nfuncs + 1, 1);
    st.after = cc_xcalloc(st.nfuncs + 1, sizeof(uint8_t *));
    st.whole = cc_xcalloc(st.nfuncs + 1, 1);
    for (uint32_t i = 0; i < nw; i++)
        run_worker(&st, &ws[i], kb);
    free(st.inw);
    free(st.after);
    free(st.whole);
    free(st.touched);
    free(st.keys);
    free(st.reported);
    free(ws);
    cc_kbindex_delete(kb);
}
