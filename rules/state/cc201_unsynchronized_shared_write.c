/* CC201 unsynchronized-shared-write
 *
 * ## What it does
 * Finds data that two threads may touch at the same time with no lock in common. In C: two
 * accesses to the same place (a global, a field of a shared struct, an element of a shared
 * array, a heap block reached through a pointer), at least one of them a write, from contexts
 * that may run at once — two copies of the same thread function, two different threads, or a
 * thread and the main thread between its start and its join. `_Atomic` objects, atomic builtins
 * (`atomic_*`, `__atomic_*`, `__sync_*`), `__VERIFIER_atomic_*` sections, thread-local storage,
 * per-thread objects (a `malloc` in the spawn loop, `&args[i]`), and accesses before the first
 * thread starts or after every thread is joined are not races. A write under a read lock
 * (`pthread_rwlock_rdlock`) is not protected. In Python, where the GIL makes single reads and
 * writes atomic, it finds the patterns the GIL does not make atomic: a read-modify-write
 * (`x += 1`, `x = x + 1`), a check-then-act (`if k not in d: d[k] = v`), and a mutation of a
 * container while another thread iterates it. A plain store, or a lone `list.append`, is not
 * reported.
 *
 * ## Why is this bad?
 * Unsynchronized conflicting accesses are a data race: in C the behaviour is undefined, and in
 * practice updates are lost, readers see torn or stale values, and the bug shows up once in a
 * thousand runs. In Python, `counter += 1` is a load, an add and a store; a thread switch between
 * them loses an update, and free-threaded builds (3.13t and later) make it far more likely.
 *
 * ## Example
 * ```c
 * static long served;
 *
 * static void *serve(void *arg)
 * {
 *     for (int i = 0; i < 1000; i++)
 *         served++;
 *     return NULL;
 * }
 * ```
 *
 * ## Use instead
 * ```c
 * static long served;
 * static pthread_mutex_t served_mu = PTHREAD_MUTEX_INITIALIZER;
 *
 * static void *serve(void *arg)
 * {
 *     for (int i = 0; i < 1000; i++) {
 *         pthread_mutex_lock(&served_mu);
 *         served++;
 *         pthread_mutex_unlock(&served_mu);
 *     }
 *     return NULL;
 * }
 * ```
 * In Python, take a `threading.Lock` around the whole read-modify-write or check-then-act
 * (`with lock: counter += 1`), or hand the data over through a `queue.Queue`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "concur/analysis.h"
#include "concur/arena.h"
#include "concur/program.h"
#include "knowledge/kb.h"

enum {
    ACC_READ,        /* C read */
    ACC_WRITE,       /* C write, Python plain store */
    ACC_RMW,         /* read-modify-write */
    ACC_CHECK_ACT,   /* Python: a store acting on a test of the same place */
    ACC_ITER,        /* Python: iteration over a container */
    ACC_MUTATE,      /* Python: a mutating method or an element store */
    ACC_ATOMIC_READ, /* C: an atomic builtin that only loads the object */
    ACC_ATOMIC,      /* C: an atomic builtin that stores or updates it */
};

typedef struct access {
    uint32_t node;
    cc_str sel;
    uint8_t place_kind;
    uint8_t kind;
    uint32_t gid, op, ctx;
    uint32_t place_op;   /* the place op, for the name in messages */
    bool c;
    bool frame_local;    /* Python: a local variable of its own function (each call has its own) */
    bool call_cell;      /* Python: a variable of a function frame (its own or an enclosing one)
                            that no thread of another frame can see: each call has its own */
} access;

typedef struct rule_state {
    cc_program *prog;
    const cc_pointsto *pt;
    const cc_threads *th;
    const cc_locksets *ls;
    access *acc;
    uint32_t nacc, capacc;
    uint8_t *shared_frame; /* per gid: see shared_frames() */
} rule_state;

static const char *const MUTATORS[] = {
    "append", "extend", "insert", "pop", "remove", "clear", "update", "setdefault", "add",
    "discard", "popitem", "sort", "reverse", "appendleft", "popleft", "extendleft", "rotate",
    "__setitem__", "__delitem__",
};

static bool is_write(uint8_t k)
{
    return k != ACC_READ && k != ACC_ITER && k != ACC_ATOMIC_READ;
}

static bool is_atomic(uint8_t k)
{
    return k == ACC_ATOMIC || k == ACC_ATOMIC_READ;
}

static const cc_func *fn_of(const rule_state *s, uint32_t gid, const cc_unit **u)
{
    cc_func_id id = cc_pointsto_func(s->pt, gid);
    *u = cc_program_unit(s->prog, id.unit);
    return &(*u)->funcs[id.func];
}

static bool fresh_unpublished(const rule_state *s, uint32_t gid, uint32_t place_op,
                              uint32_t access_op);

/* Python: the function (index in the unit) whose frame holds the variable that NAME op `po` of
 * function f names — f itself for a local, the binding enclosing function for a closure
 * reference — or CC_NONE for globals, class attributes and names no frame binds. */
static uint32_t frame_owner(const cc_program *prog, uint32_t u, uint32_t f, const cc_op *po)
{
    const cc_func *fn = &cc_program_unit(prog, u)->funcs[f];
    if (po->kind != CC_OP_NAME || fn->kind == CC_FUNC_MODULE)
        return CC_NONE;
    if (po->sub == CC_SCOPE_LOCAL)
        return f;
    return po->sub == CC_SCOPE_ENCLOSING ? cc_closure_binder(prog, u, f, po->name) : CC_NONE;
}

/* Marks (per gid) every function with a nested function a thread or pool task may run: one
 * started by name, or one whose value reaches a thread start (points-to marks it a thread
 * argument). Only a frame of a marked function can have a cell that a thread other than the
 * one running the frame sees (the classic closure handed to threads). */
/* Marks function f of unit u and every function enclosing it. */
static void mark_enclosing(const rule_state *s, uint8_t *mark, uint32_t u, uint32_t f)
{
    const cc_unit *un = cc_program_unit(s->prog, u);
    for (uint32_t d = 0; f != CC_NONE && d < 64; f = un->funcs[f].parent, d++)
        mark[cc_pointsto_gid(s->pt, u, f)] = 1;
}

static uint8_t *shared_frames(const rule_state *s)
{
    const cc_program *prog = s->prog;
    uint8_t *mark = cc_xcalloc(cc_pointsto_func_count(s->pt) + 1, 1);
    for (uint32_t i = 0; i < cc_program_sem_count(prog); i++) {
        const cc_sem *sem = cc_program_sem(prog, i);
        if ((sem->kind == CC_SEM_START || sem->kind == CC_SEM_SUBMIT) &&
            sem->model == CC_MODEL_THREAD && sem->target_func != CC_NONE)
            mark_enclosing(s, mark, sem->target_unit,
                           cc_program_unit(prog, sem->target_unit)->funcs[sem->target_func].parent);
    }
    /* a function made by f (a def or a lambda) is nested in f and in f's enclosing functions */
    for (uint32_t gid = 0; gid < cc_pointsto_func_count(s->pt); gid++) {
        cc_func_id id = cc_pointsto_func(s->pt, gid);
        const cc_func *fn = &cc_program_unit(prog, id.unit)->funcs[id.func];
        for (uint32_t o = 0; o < fn->nops; o++) {
            const cc_op *op = &fn->ops[o];
            if (op->kind != CC_OP_FUNC && !(op->kind == CC_OP_ALLOC && op->sub == CC_ALLOC_LAMBDA))
                continue;
            uint32_t n = cc_pointsto_obj(s->pt, id.unit, id.func, o);
            if (n != CC_NONE && (cc_pointsto_flags(s->pt, n) & CC_PTN_THREAD_ARG)) {
                mark_enclosing(s, mark, id.unit, id.func);
                break; /* f and its enclosing functions are marked */
            }
        }
    }
    return mark;
}

static void add(rule_state *s, uint32_t gid, uint32_t op, uint32_t place_op, uint8_t kind,
                const cc_place *pl, bool c)
{
    uint32_t fl = cc_pointsto_flags(s->pt, pl->node);
    if (!(fl & CC_PTN_ESCAPED) || (fl & (CC_PTN_TLS | CC_PTN_ATOMIC | CC_PTN_FUNC)))
        return;
    if (pl->kind != CC_PLACE_VAR && fresh_unpublished(s, gid, place_op, op))
        return;
    bool frame_local = false, call_cell = false, known = false;
    for (uint32_t ctx = 0; ctx < cc_threads_count(s->th); ctx++) {
        if (!cc_threads_runs_in(s->th, gid, ctx))
            continue;
        if (!known && !c && pl->kind == CC_PLACE_VAR) {
            const cc_unit *u;
            const cc_op *po = &fn_of(s, gid, &u)->ops[place_op];
            frame_local = po->kind == CC_OP_NAME && po->sub == CC_SCOPE_LOCAL;
            cc_func_id id = cc_pointsto_func(s->pt, gid);
            uint32_t owner = frame_owner(s->prog, id.unit, id.func, po);
            call_cell = owner != CC_NONE &&
                        !s->shared_frame[cc_pointsto_gid(s->pt, id.unit, owner)];
        }
        known = true;
        access a = {pl->node, pl->kind == CC_PLACE_FIELD ? pl->sel : CC_STR_NONE, pl->kind, kind,
                    gid, op, ctx, place_op, c, frame_local, call_cell};
        CC_VEC_PUSH(s->acc, s->nacc, s->capacc, a);
    }
}

/* True when op loads local variable `name` of fn. */
static bool loads_local(const cc_func *fn, uint32_t o, cc_str name)
{
    if (o == CC_NONE || fn->ops[o].kind != CC_OP_LOAD || fn->ops[o].a == CC_NONE)
        return false;
    const cc_op *pl = &fn->ops[fn->ops[o].a];
    return pl->kind == CC_OP_NAME && pl->sub == CC_SCOPE_LOCAL && pl->name == name;
}

typedef struct fresh_walk {
    const rule_state *s;
    uint32_t before;     /* the access op: origins must come before it */
    uint32_t last;       /* the latest origin */
    bool ok, any;
    bool literal;        /* every origin is a list, dict, set or tuple display */
} fresh_walk;

static void fresh_origin(const cc_program *p, uint32_t u, uint32_t f, uint32_t o, void *ctx)
{
    fresh_walk *w = ctx;
    const cc_func *fn = &cc_program_unit(p, u)->funcs[f];
    const cc_op *op = &fn->ops[o];
    bool alloc = false;
    if (op->kind == CC_OP_ALLOC && op->sub != CC_ALLOC_FSTRING) {
        alloc = true;
    } else if (op->kind == CC_OP_CALL) {
        cc_aval v = cc_resolve(p, u, f, o);
        cc_aval callee = cc_resolve(p, u, f, op->a);
        const char *name = callee.kind == CC_V_EXTERN
                               ? cc_str_text(cc_program_interner(p), callee.qname)
                               : "";
        alloc = v.kind == CC_V_OBJECT || !strcmp(name, "malloc") || !strcmp(name, "calloc") ||
                !strcmp(name, "aligned_alloc");
    }
    if (!alloc || o >= w->before)
        w->ok = false;
    if (op->kind != CC_OP_ALLOC)
        w->literal = false;
    w->any = true;
    if (o > w->last || w->last == CC_NONE)
        w->last = o;
}

/* True when the object that place op designates was allocated in this function by this call
 * (`n = malloc(...)`, `item = Item()`) and the access comes before the object is handed to
 * anything else: no other thread can see it yet, whatever the points-to sets say. */
static bool fresh_unpublished(const rule_state *s, uint32_t gid, uint32_t place_op,
                              uint32_t access_op)
{
    const cc_unit *u;
    const cc_func *fn = fn_of(s, gid, &u);
    uint32_t o = place_op;
    for (int depth = 0; depth < 8 && o != CC_NONE; depth++) {
        const cc_op *op = &fn->ops[o];
        if (op->kind == CC_OP_FIELD || op->kind == CC_OP_INDEX || op->kind == CC_OP_UNOP) {
            o = op->a;
            continue;
        }
        break;
    }
    if (o == CC_NONE || o == place_op || fn->ops[o].kind != CC_OP_LOAD || fn->ops[o].a == CC_NONE)
        return false;
    const cc_op *var = &fn->ops[fn->ops[o].a];
    if (var->kind != CC_OP_NAME || var->sub != CC_SCOPE_LOCAL)
        return false;
    cc_func_id id = cc_pointsto_func(s->pt, gid);
    /* `self.x = ...` in __init__: the object is not shared until the constructor returns,
     * unless the constructor hands `self` out first */
    uint32_t from = CC_NONE;
    if (u->lang == CC_LANG_PYTHON && fn->class_idx != CC_NONE && fn->nparams > 0 &&
        !strcmp(cc_str_text(cc_program_interner(s->prog), fn->name), "__init__") &&
        fn->params[0] == var->name)
        from = 0;
    if (from != CC_NONE) {
        for (uint32_t q = 0; q < access_op; q++) {
            const cc_op *op = &fn->ops[q];
            if (op->kind == CC_OP_STORE && loads_local(fn, op->b, var->name))
                return false;
            if (op->kind == CC_OP_CALL)
                for (uint32_t i = 0; i < op->nargs; i++)
                    if (loads_local(fn, op->args[i], var->name))
                        return false;
        }
        return true;
    }
    fresh_walk w = {s, access_op, CC_NONE, true, false, true};
    cc_value_origins(s->prog, id.unit, id.func, o, fresh_origin, &w);
    if (!w.ok || !w.any)
        return false;
    /* a loop around the access but not the allocation may publish it in an earlier turn: then
     * the whole of that loop is searched too */
    uint32_t lo = fn->ops[w.last].loop, outer = CC_NONE;
    for (uint32_t l = fn->ops[access_op].loop, guard = 0; l != CC_NONE && l != lo && guard < 64;
         l = fn->loops[l].parent, guard++)
        outer = l;
    if (outer != CC_NONE) {
        /* the allocation's loop must enclose the access's */
        uint32_t l = outer;
        if (fn->loops[l].parent != lo)
            return false;
    }
    for (uint32_t q = w.last + 1; q < fn->nops; q++) {
        if (q >= access_op) {
            if (outer == CC_NONE)
                break;
            bool inside = false;
            for (uint32_t l = fn->ops[q].loop, guard = 0; l != CC_NONE && guard < 64 && !inside;
                 l = fn->loops[l].parent, guard++)
                inside = l == outer;
            if (!inside)
                continue;
        }
        if (q == access_op)
            continue;
        const cc_op *op = &fn->ops[q];
        if (op->kind == CC_OP_STORE && loads_local(fn, op->b, var->name))
            return false;
        if (op->kind == CC_OP_RETURN && loads_local(fn, op->a, var->name))
            return false;
        if (op->kind == CC_OP_CALL) {
            for (uint32_t i = 0; i < op->nargs; i++)
                if (loads_local(fn, op->args[i], var->name))
                    return false;
            /* a method of the object may hand `self` out; a built-in container's cannot */
            if (!w.literal && op->a != CC_NONE && fn->ops[op->a].kind == CC_OP_LOAD &&
                fn->ops[op->a].a != CC_NONE && fn->ops[fn->ops[op->a].a].kind == CC_OP_FIELD &&
                loads_local(fn, fn->ops[fn->ops[op->a].a].a, var->name))
                return false;
        }
        if (op->kind == CC_OP_UNOP && op->a == fn->ops[o].a)
            return false;
    }
    return true;
}

static bool place_of(rule_state *s, uint32_t gid, uint32_t op, cc_place *pl)
{
    cc_func_id id = cc_pointsto_func(s->pt, gid);
    return op != CC_NONE && cc_pointsto_place(s->pt, id.unit, id.func, op, pl) &&
           pl->node != CC_NONE;
}

/* The container a Python condition tests: `k in d`, `d.get(k)`, `len(d)`, `x.attr is None`,
 * `not d`; writes the place and returns true when found. */
static bool tested_place(rule_state *s, uint32_t gid, uint32_t cond, cc_place *pl, bool *elem)
{
    const cc_unit *u;
    const cc_func *fn = fn_of(s, gid, &u);
    const cc_interner *in = cc_program_interner(s->prog);
    cc_func_id id = cc_pointsto_func(s->pt, gid);
    for (int depth = 0; depth < 6 && cond != CC_NONE; depth++) {
        const cc_op *c = &fn->ops[cond];
        if (c->kind == CC_OP_UNOP) {
            cond = c->a;
            continue;
        }
        if (c->kind == CC_OP_COMPARE) {
            const char *o = cc_str_text(in, c->name);
            if (!strcmp(o, "in") || !strcmp(o, "not in")) {
                *elem = true;
                uint32_t v = c->b;
                pl->node = cc_pointsto_obj(s->pt, id.unit, id.func, v);
                pl->kind = CC_PLACE_ELEM;
                pl->sel = CC_STR_NONE;
                return pl->node != CC_NONE;
            }
            cond = c->a;
            continue;
        }
        if (c->kind == CC_OP_CALL) {
            const cc_op *callee = c->a != CC_NONE ? &fn->ops[c->a] : NULL;
            if (callee && callee->kind == CC_OP_LOAD && callee->a != CC_NONE &&
                fn->ops[callee->a].kind == CC_OP_FIELD) {
                *elem = true;
                pl->node = cc_pointsto_obj(s->pt, id.unit, id.func, fn->ops[callee->a].a);
                pl->kind = CC_PLACE_ELEM;
                pl->sel = CC_STR_NONE;
                return pl->node != CC_NONE;
            }
            if (c->nargs == 1) {
                cond = c->args[0];
                continue;
            }
            return false;
        }
        if (c->kind == CC_OP_LOAD) {
            *elem = false;
            return place_of(s, gid, c->a, pl);
        }
        return false;
    }
    return false;
}

static bool same_place(const cc_place *a, const access *b)
{
    return a->node == b->node && (a->kind == CC_PLACE_FIELD ? a->sel : CC_STR_NONE) == b->sel;
}

static void collect_python(rule_state *s, uint32_t gid)
{
    const cc_unit *u;
    const cc_func *fn = fn_of(s, gid, &u);
    const cc_interner *in = cc_program_interner(s->prog);
    cc_func_id id = cc_pointsto_func(s->pt, gid);
    uint32_t first_new = s->nacc;
    for (uint32_t o = 0; o < fn->nops; o++) {
        const cc_op *op = &fn->ops[o];
        cc_place pl;
        if (op->kind == CC_OP_STORE && place_of(s, gid, op->a, &pl)) {
            uint8_t k = op->sub == CC_STORE_RMW ? ACC_RMW
                        : pl.kind == CC_PLACE_ELEM ? ACC_MUTATE
                                                  : ACC_WRITE;
            if (k == ACC_MUTATE && op->sub != CC_STORE_RMW)
                add(s, gid, o, op->a, ACC_WRITE, &pl, false);
            add(s, gid, o, op->a, k, &pl, false);
        } else if (op->kind == CC_OP_DELETE && place_of(s, gid, op->a, &pl) &&
                   pl.kind == CC_PLACE_ELEM) {
            add(s, gid, o, op->a, ACC_MUTATE, &pl, false);
        } else if (op->kind == CC_OP_ITER && op->a != CC_NONE && op->loop == CC_NONE) {
            pl = (cc_place){.node = cc_pointsto_obj(s->pt, id.unit, id.func, op->a),
                            .kind = CC_PLACE_ELEM};
            if (pl.node != CC_NONE && fn->ops[op->a].kind == CC_OP_LOAD)
                add(s, gid, o, op->a, ACC_ITER, &pl, false);
        } else if (op->kind == CC_OP_ITER && op->a != CC_NONE) {
            /* `for k, v in d.items():` iterates d (a live view; so do keys() and values()) */
            uint32_t it = op->a;
            const cc_op *io = &fn->ops[it];
            if (io->kind == CC_OP_CALL && io->nargs == 0 && io->a != CC_NONE &&
                fn->ops[io->a].kind == CC_OP_LOAD && fn->ops[io->a].a != CC_NONE &&
                fn->ops[fn->ops[io->a].a].kind == CC_OP_FIELD) {
                const cc_op *fld = &fn->ops[fn->ops[io->a].a];
                const char *m = cc_str_text(in, fld->name);
                if (!strcmp(m, "items") || !strcmp(m, "keys") || !strcmp(m, "values"))
                    it = fld->a;
            }
            pl = (cc_place){.node = cc_pointsto_obj(s->pt, id.unit, id.func, it),
                            .kind = CC_PLACE_ELEM};
            if (pl.node != CC_NONE && it != CC_NONE && fn->ops[it].kind == CC_OP_LOAD)
                add(s, gid, o, it, ACC_ITER, &pl, false);
        } else if (op->kind == CC_OP_CALL && op->a != CC_NONE) {
            const cc_op *callee = &fn->ops[op->a];
            if (callee->kind != CC_OP_LOAD || callee->a == CC_NONE ||
                fn->ops[callee->a].kind != CC_OP_FIELD)
                continue;
            const char *m = cc_str_text(in, fn->ops[callee->a].name);
            for (size_t i = 0; i < sizeof MUTATORS / sizeof *MUTATORS; i++)
                if (!strcmp(m, MUTATORS[i])) {
                    pl = (cc_place){.node = cc_pointsto_obj(s->pt, id.unit, id.func,
                                                            fn->ops[callee->a].a),
                                    .kind = CC_PLACE_ELEM};
                    if (pl.node != CC_NONE)
                        add(s, gid, o, fn->ops[callee->a].a, ACC_MUTATE, &pl, false);
                    break;
                }
        }
    }
    /* check-then-act: a store after a branch that tests the same place */
    for (uint32_t o = 0; o < fn->nops; o++) {
        const cc_op *br = &fn->ops[o];
        if (br->kind != CC_OP_BRANCH)
            continue;
        cc_place pl;
        bool elem = false;
        if (!tested_place(s, gid, br->a, &pl, &elem))
            continue;
        /* blocks reached from the branch's successors through a few forward edges */
        const cc_block *blk = &fn->blocks[br->block];
        uint32_t stack[16], sp = 0, seen[16], nseen = 0;
        for (uint32_t k = 0; k < blk->nsucc && sp < 16; k++)
            stack[sp++] = blk->succ[k].to;
        while (sp) {
            uint32_t b = stack[--sp];
            bool dup = false;
            for (uint32_t k = 0; k < nseen; k++)
                dup |= seen[k] == b;
            if (dup || nseen == 16 || b <= br->block)
                continue;
            seen[nseen++] = b;
            const cc_block *cb = &fn->blocks[b];
            for (uint32_t k = 0; k < nseen; k++)
                (void)k;
            for (uint32_t q = s->nacc, i = first_new; i < q; i++) {
                access *a = &s->acc[i];
                if (a->gid != gid || fn->ops[a->op].block != b || !same_place(&pl, a))
                    continue;
                if (a->kind == ACC_WRITE || a->kind == ACC_MUTATE) {
                    access c = *a;
                    c.kind = ACC_CHECK_ACT;
                    CC_VEC_PUSH(s->acc, s->nacc, s->capacc, c);
                    a = &s->acc[i];
                }
            }
            for (uint32_t k = 0; k < cb->nsucc && sp < 16; k++)
                if (cb->succ[k].kind == CC_EDGE_NEXT || cb->succ[k].kind == CC_EDGE_TRUE ||
                    cb->succ[k].kind == CC_EDGE_FALSE)
                    stack[sp++] = cb->succ[k].to;
        }
    }
}

static void collect_c(rule_state *s, uint32_t gid)
{
    const cc_unit *u;
    const cc_func *fn = fn_of(s, gid, &u);
    for (uint32_t o = 0; o < fn->nops; o++) {
        const cc_op *op = &fn->ops[o];
        cc_place pl;
        if ((op->kind == CC_OP_LOAD || op->kind == CC_OP_STORE) && place_of(s, gid, op->a, &pl)) {
            uint8_t k = op->kind == CC_OP_LOAD       ? ACC_READ
                        : op->sub == CC_STORE_RMW     ? ACC_RMW
                                                      : ACC_WRITE;
            /* the load half of x++ is the same access as its store */
            if (k == ACC_READ && o + 2 < fn->nops) {
                bool rmw_next = false;
                for (uint32_t q = o + 1; q < fn->nops && q < o + 4; q++)
                    if (fn->ops[q].kind == CC_OP_STORE && fn->ops[q].a == op->a &&
                        fn->ops[q].sub == CC_STORE_RMW)
                        rmw_next = true;
                if (rmw_next)
                    continue;
            }
            add(s, gid, o, op->a, k, &pl, true);
        } else if (op->kind == CC_OP_CALL && op->nargs > 0) {
            /* an atomic builtin accesses the object at argument 0 atomically: it races only
             * with plain accesses */
            cc_func_id id = cc_pointsto_func(s->pt, gid);
            uint32_t first, ns = cc_program_sems_at(s->prog, id.unit, id.func, o, &first);
            (void)first;
            cc_aval callee = cc_resolve(s->prog, id.unit, id.func, op->a);
            const char *name = callee.kind == CC_V_EXTERN
                                   ? cc_str_text(cc_program_interner(s->prog), callee.qname)
                                   : NULL;
            const struct cc_kb_entry *e = name && ns == 0 ? cc_program_kb_find(s->prog, name)
                                                          : NULL;
            const cc_op *a0 = &fn->ops[op->args[0]];
            if (e && e->effect == CC_KB_ATOMIC && a0->kind == CC_OP_UNOP && a0->a != CC_NONE &&
                place_of(s, gid, a0->a, &pl))
                add(s, gid, o, a0->a, strstr(name, "load") ? ACC_ATOMIC_READ : ACC_ATOMIC, &pl,
                    true);
        }
    }
}

static int access_cmp(const void *x, const void *y)
{
    const access *a = x, *b = y;
    if (a->node != b->node)
        return a->node < b->node ? -1 : 1;
    if (a->sel != b->sel)
        return a->sel < b->sel ? -1 : 1;
    if (a->gid != b->gid)
        return a->gid < b->gid ? -1 : 1;
    if (a->op != b->op)
        return a->op < b->op ? -1 : 1;
    return a->kind < b->kind ? -1 : a->kind > b->kind;
}

/* True when a and b hold a lock in common that protects them: a writer must hold it
 * exclusively. */
static bool protected_by_common(const rule_state *s, const access *a, const access *b)
{
    cc_held ha[32], hb[32];
    uint32_t na = cc_locksets_held(s->ls, a->gid, a->op, ha, 32);
    uint32_t nb = cc_locksets_held(s->ls, b->gid, b->op, hb, 32);
    na = na > 32 ? 32 : na;
    nb = nb > 32 ? 32 : nb;
    for (uint32_t i = 0; i < na; i++)
        for (uint32_t j = 0; j < nb; j++)
            if (ha[i].lock == hb[j].lock && !(is_write(a->kind) && ha[i].shared) &&
                !(is_write(b->kind) && hb[j].shared))
                return true;
    return false;
}

static bool conflicting_kinds(const access *a, const access *b)
{
    if (a->c)
        return !(is_atomic(a->kind) && is_atomic(b->kind)) &&
               (is_write(a->kind) || is_write(b->kind));
    /* Python: the patterns the GIL does not make atomic */
    bool wa = a->kind == ACC_WRITE || a->kind == ACC_RMW || a->kind == ACC_CHECK_ACT;
    bool wb = b->kind == ACC_WRITE || b->kind == ACC_RMW || b->kind == ACC_CHECK_ACT;
    if ((a->kind == ACC_RMW || a->kind == ACC_CHECK_ACT) && wb)
        return true;
    if ((b->kind == ACC_RMW || b->kind == ACC_CHECK_ACT) && wa)
        return true;
    if (a->kind == ACC_CHECK_ACT && b->kind == ACC_MUTATE)
        return true;
    if (b->kind == ACC_CHECK_ACT && a->kind == ACC_MUTATE)
        return true;
    return (a->kind == ACC_ITER && b->kind == ACC_MUTATE) ||
           (b->kind == ACC_ITER && a->kind == ACC_MUTATE);
}

static bool races(const rule_state *s, const access *a, const access *b)
{
    if (!conflicting_kinds(a, b))
        return false;
    /* two calls of one function have two frames: its locals meet only a closure's accesses */
    if (a->frame_local && b->frame_local && a->gid == b->gid)
        return false;
    /* a cell of a frame whose nested functions no thread runs: each call has its own, seen only
     * by the thread that made the call (`re._compiler.dis`'s `level`, read by its helper) */
    if (a->call_cell && b->call_cell)
        return false;
    if (a->ctx == b->ctx && cc_threads_per_copy(s->th, a->node, a->ctx))
        return false;
    if (cc_threads_own_object(s->th, a->node, a->ctx) &&
        cc_threads_own_object(s->th, b->node, b->ctx))
        return false;
    if (cc_threads_distinct_slots(s->th, a->node, a->ctx, b->ctx))
        return false;
    /* main touching element i of a per-copy array while copy i is not running */
    for (int k = 0; k < 2; k++) {
        const access *x = k ? b : a, *y = k ? a : b;
        if (x->ctx != y->ctx && cc_threads_per_copy(s->th, x->node, x->ctx) &&
            cc_threads_copy_quiet(s->th, x->ctx, y->gid, y->op,
                                  cc_threads_elem_loop(s->th, y->gid, y->place_op)))
            return false;
    }
    if (!cc_threads_concurrent(s->th, a->ctx, a->gid, a->op, b->ctx, b->gid, b->op))
        return false;
    return !protected_by_common(s, a, b);
}

/* Which access of a racing pair carries the finding: one in a thread rather than main, one with
 * no lock held, then the later one in the program. */
static bool better(const rule_state *s, const access *a, const access *b)
{
    if ((a->ctx != 0) != (b->ctx != 0))
        return a->ctx != 0;
    cc_held h[1];
    uint32_t la = cc_locksets_held(s->ls, a->gid, a->op, h, 0);
    uint32_t lb = cc_locksets_held(s->ls, b->gid, b->op, h, 0);
    if ((la == 0) != (lb == 0))
        return la == 0;
    /* the later access in the program: usually the one that breaks the earlier discipline */
    if (a->gid != b->gid)
        return a->gid > b->gid;
    return a->op > b->op;
}

static const char *verb(const access *a)
{
    switch (a->kind) {
    case ACC_READ:
        return "read";
    case ACC_RMW:
        return "updated (read-modify-write)";
    case ACC_CHECK_ACT:
        return "tested and then set (check-then-act)";
    case ACC_ITER:
        return "iterated";
    case ACC_MUTATE:
        return "mutated";
    case ACC_ATOMIC_READ:
        return "read atomically";
    case ACC_ATOMIC:
        return "written atomically";
    default:
        return "written";
    }
}

static void describe_locks(const rule_state *s, const access *a, char *buf, size_t cap)
{
    cc_held h[8];
    uint32_t n = cc_locksets_held(s->ls, a->gid, a->op, h, 8);
    if (n == 0) {
        snprintf(buf, cap, "with no lock held");
        return;
    }
    size_t len = (size_t)snprintf(buf, cap, "holding ");
    for (uint32_t i = 0; i < n && i < 8 && len + 1 < cap; i++) {
        char name[96];
        cc_locksets_describe(s->ls, s->prog, h[i].lock, name, sizeof name);
        len += (size_t)snprintf(buf + len, cap - len, "%s%s%s", i ? ", " : "", name,
                                h[i].shared ? " (read mode)" : "");
    }
}

static void report(rule_state *s, const access *a, const access *b)
{
    const cc_unit *ua, *ub;
    const cc_func *fa = fn_of(s, a->gid, &ua);
    const cc_func *fb = fn_of(s, b->gid, &ub);
    const cc_interner *in = cc_program_interner(s->prog);
    const cc_op *pa = &fa->ops[a->place_op];
    uint32_t len = pa->end > pa->start ? pa->end - pa->start : 0;
    len = len > 60 ? 60 : len;
    char ctxa[64], ctxb[64], la[256], lb[256], msg[1024], other[512];
    cc_threads_describe(s->th, a->ctx, ctxa, sizeof ctxa);
    cc_threads_describe(s->th, b->ctx, ctxb, sizeof ctxb);
    describe_locks(s, a, la, sizeof la);
    describe_locks(s, b, lb, sizeof lb);
    const char *na = fa->kind == CC_FUNC_MODULE ? "module code" : cc_str_text(in, fa->name);
    const char *nb = fb->kind == CC_FUNC_MODULE ? "module code" : cc_str_text(in, fb->name);
    if ((a == b || (a->gid == b->gid && a->op == b->op)) && a->ctx == b->ctx)
        snprintf(other, sizeof other, "the other access is the same one in another copy");
    else if (a == b || (a->gid == b->gid && a->op == b->op))
        snprintf(other, sizeof other,
                 "the other access is the same one, also run by the %s", ctxb);
    else if (a->ctx == b->ctx)
        snprintf(other, sizeof other, "the other access (%s) is in %s%s in another copy, %s",
                 verb(b), nb, fb->kind == CC_FUNC_MODULE ? "" : "()", lb);
    else
        snprintf(other, sizeof other, "the other access (%s) is in %s%s (%s), %s", verb(b), nb,
                 fb->kind == CC_FUNC_MODULE ? "" : "()", ctxb, lb);
    snprintf(msg, sizeof msg, "`%.*s` is %s in %s%s (%s) %s; %s", (int)len, ua->text + pa->start,
             verb(a), na, fa->kind == CC_FUNC_MODULE ? "" : "()", ctxa, la, other);
    cc_func_id ida = cc_pointsto_func(s->pt, a->gid), idb = cc_pointsto_func(s->pt, b->gid);
    cc_related rel = {idb.unit, cc_op_span(ub, &fb->ops[b->op]), "the other access"};
    cc_program_report_related(s->prog, "CC201", ida.unit, cc_op_span(ua, &fa->ops[a->op]), msg,
                              ua->lang == CC_LANG_C
                                  ? "hold the same mutex around both accesses, or make the "
                                    "object atomic or thread-local"
                                  : "hold one threading.Lock around the whole operation in "
                                    "every thread",
                              &rel, 1);
}

void cc201_run(cc_program *prog);
void cc201_run(cc_program *prog)
{
    const cc_analyses *an = cc_program_analyses(prog);
    const cc_pointsto *pt = an->pt;
    const cc_threads *th = an->th;
    const cc_locksets *ls = an->ls;
    if (!ls || cc_threads_count(th) < 2)
        return;
    rule_state s = {.prog = prog, .pt = pt, .th = th, .ls = ls};
    s.shared_frame = shared_frames(&s);
    for (uint32_t g = 0; g < cc_pointsto_func_count(pt); g++) {
        bool any = false;
        for (uint32_t c = 0; c < cc_threads_count(th) && !any; c++)
            any = cc_threads_runs_in(th, g, c);
        if (!any)
            continue;
        const cc_unit *u;
        fn_of(&s, g, &u);
        if (u->lang == CC_LANG_C)
            collect_c(&s, g);
        else
            collect_python(&s, g);
    }
    if (s.nacc > 1)
        qsort(s.acc, s.nacc, sizeof(access), access_cmp);
    for (uint32_t i = 0; i < s.nacc;) {
        uint32_t j = i;
        while (j < s.nacc && s.acc[j].node == s.acc[i].node && s.acc[j].sel == s.acc[i].sel)
            j++;
        /* one finding per place: the best access of any racing pair */
        const access *best = NULL, *partner = NULL;
        uint32_t n = j - i > 400 ? 400 : j - i;
        for (uint32_t x = i; x < i + n; x++)
            for (uint32_t y = x; y < i + n; y++) {
                const access *a = &s.acc[x], *b = &s.acc[y];
                if (!races(&s, a, b))
                    continue;
                const access *pick = better(&s, b, a) ? b : a, *oth = pick == a ? b : a;
                if (!best || better(&s, pick, best)) {
                    best = pick;
                    partner = oth;
                }
            }
        if (best)
            report(&s, best, partner);
        i = j;
    }
    free(s.acc);
    free(s.shared_frame);
}
