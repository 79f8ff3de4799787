/* pointsto.c - Steensgaard-style, field-sensitive points-to over every unit; see analysis.h.
 *
 * Nodes are joined with union-find; a node has one pointee and a list of named fields. Unifying
 * two nodes unifies their pointees and their same-named fields, through a worklist (never by
 * recursion). Every op is visited once per round; calls are bound to their targets when a round
 * finds them, and rounds repeat while function-pointer values keep revealing new targets (a
 * small bound: each round only adds bindings, and three rounds settle every case we know). */
#include <stdlib.h>
#include <string.h>

#include "concur/analysis.h"
#include "concur/arena.h"
#include "knowledge/kb.h"

/* ---- a small hash map: 64-bit key -> 32-bit value ---------------------------------------- */

typedef struct map {
    uint64_t *keys;
    uint32_t *vals;
    uint32_t cap, n;
} map;

static uint64_t map__mix(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return k;
}

static uint32_t map__get(const map *m, uint64_t key)
{
    if (!m->cap)
        return CC_NONE;
    for (uint32_t i = (uint32_t)map__mix(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (m->vals[i] == CC_NONE)
            return CC_NONE;
        if (m->keys[i] == key)
            return m->vals[i];
    }
}

static void map__put(map *m, uint64_t key, uint32_t val)
{
    if ((m->n + 1) * 2 > m->cap) {
        map old = *m;
        m->cap = m->cap ? m->cap * 2 : 64;
        m->keys = cc_xmalloc(m->cap * sizeof(uint64_t));
        m->vals = cc_xmalloc(m->cap * sizeof(uint32_t));
        memset(m->vals, 0xff, m->cap * sizeof(uint32_t));
        m->n = 0;
        for (uint32_t i = 0; i < old.cap; i++)
            if (old.vals[i] != CC_NONE)
                map__put(m, old.keys[i], old.vals[i]);
        free(old.keys);
        free(old.vals);
    }
    uint32_t i = (uint32_t)map__mix(key) & (m->cap - 1);
    while (m->vals[i] != CC_NONE && m->keys[i] != key)
        i = (i + 1) & (m->cap - 1);
    if (m->vals[i] == CC_NONE)
        m->n++;
    m->keys[i] = key;
    m->vals[i] = val;
}

static void map__free(map *m)
{
    free(m->keys);
    free(m->vals);
}

#define KEY(a, b) (((uint64_t)(a) << 32) | (uint32_t)(b))

/* ---- nodes ---------------------------------------------------------------------------------- */

/* The lists a node keeps besides its fields; unification concatenates each. */
enum {
    PT_SITES, /* allocation sites (val: index in sites) */
    PT_FUNCS, /* functions (val: gid) */
    PT_PARTS, /* functools.partial objects (val: index in partials) */
    PT_NLISTS
};

typedef struct pt_node {
    uint32_t parent;
    uint32_t pts;        /* pointee, or CC_NONE */
    uint32_t fields;     /* first link of the field list */
    uint32_t head[PT_NLISTS], tail[PT_NLISTS]; /* first and last links of each list */
    uint32_t flags;      /* CC_PTN_* */
    uint32_t nfields;    /* length of the field list */
} pt_node;

typedef struct link {
    uint32_t next;
    uint32_t val;        /* field: node; site: index in sites; func: gid */
    cc_str name;         /* field name */
} link;

typedef struct partial {
    uint32_t node;       /* the partial object */
    uint32_t unit, func, op; /* the functools.partial call */
} partial;

struct cc_pointsto {
    const cc_program *prog;
    cc_interner *in;
    uint32_t nunits;
    uint32_t *fbase;     /* per unit: first gid */
    uint32_t nfuncs;
    cc_func_id *funcs;   /* gid -> (unit, func) */
    uint32_t *obase;     /* per gid: first op slot */
    uint32_t *objn;      /* per op slot: node of the value, or CC_NONE */
    pt_node *nodes;
    uint32_t nnodes, capnodes;
    link *links;
    uint32_t nlinks, caplinks;
    cc_op_id *sites;
    uint32_t nsites, capsites;
    map fieldmap;        /* (root, name) -> field cell */
    map named;           /* (kind tag, key) -> node: params, returns, frames, classes, ... */
    uint32_t *bound_first; /* per call slot: first link of its bindings done (val: gid, name:
                              partial + 1) */
    uint32_t *callee_first; /* per call slot: first link of its callee list */
    partial *partials;
    uint32_t npartials, cappartials;
    uint32_t cglobals;   /* the one namespace of C globals */
    uint32_t *modnode;   /* per unit: the module object (Python) */
    uint32_t *work;      /* unification worklist (pairs) */
    uint32_t nwork, capwork;
    bool changed;        /* a round added a binding */
    uint8_t *dynamic;    /* per call slot, a bit: its callees may change between rounds */
};

static uint32_t node_new(cc_pointsto *s, uint32_t flags)
{
    pt_node n = {.parent = s->nnodes, .pts = CC_NONE, .fields = CC_NONE, .flags = flags};
    for (int k = 0; k < PT_NLISTS; k++)
        n.head[k] = n.tail[k] = CC_NONE;
    CC_VEC_PUSH(s->nodes, s->nnodes, s->capnodes, n);
    return s->nnodes - 1;
}

static uint32_t find(cc_pointsto *s, uint32_t n)
{
    uint32_t r = n;
    while (s->nodes[r].parent != r)
        r = s->nodes[r].parent;
    while (s->nodes[n].parent != r) {
        uint32_t next = s->nodes[n].parent;
        s->nodes[n].parent = r;
        n = next;
    }
    return r;
}

static uint32_t link_new(cc_pointsto *s, uint32_t next, uint32_t val, cc_str name)
{
    link l = {next, val, name};
    CC_VEC_PUSH(s->links, s->nlinks, s->caplinks, l);
    return s->nlinks - 1;
}

/* Appends val to list k of node n (a root). */
static void list_push(cc_pointsto *s, uint32_t n, int k, uint32_t val)
{
    uint32_t l = link_new(s, CC_NONE, val, 0);
    if (s->nodes[n].head[k] == CC_NONE)
        s->nodes[n].head[k] = l;
    else
        s->links[s->nodes[n].tail[k]].next = l;
    s->nodes[n].tail[k] = l;
}

static void push_pair(cc_pointsto *s, uint32_t a, uint32_t b)
{
    CC_VEC_PUSH(s->work, s->nwork, s->capwork, a);
    CC_VEC_PUSH(s->work, s->nwork, s->capwork, b);
}

/* Joins b's root into a's root: pointees and same-named fields are joined through the
 * worklist. */
static void unify(cc_pointsto *s, uint32_t a, uint32_t b)
{
    if (a == CC_NONE || b == CC_NONE)
        return;
    push_pair(s, a, b);
    while (s->nwork) {
        uint32_t y = find(s, s->work[--s->nwork]);
        uint32_t x = find(s, s->work[--s->nwork]);
        if (x == y)
            continue;
        /* The root with more fields stays root (its fields need not move), so unifying into a
         * large object costs the smaller side only. Site and function lists keep the order they
         * had before: y's entries, then x's. */
        uint32_t ylist[PT_NLISTS], ytail[PT_NLISTS];
        memcpy(ylist, s->nodes[y].head, sizeof ylist);
        memcpy(ytail, s->nodes[y].tail, sizeof ytail);
        bool swapped = s->nodes[y].nfields > s->nodes[x].nfields;
        if (swapped) {
            uint32_t t = x;
            x = y;
            y = t;
        }
        pt_node *nx = &s->nodes[x], *ny = &s->nodes[y];
        ny->parent = x;
        nx->flags |= ny->flags;
        if (nx->pts == CC_NONE)
            nx->pts = ny->pts;
        else if (ny->pts != CC_NONE)
            push_pair(s, nx->pts, ny->pts);
        /* fields of y move to x unless x has the same name */
        for (uint32_t l = ny->fields; l != CC_NONE;) {
            uint32_t next = s->links[l].next;
            uint32_t have = map__get(&s->fieldmap, KEY(x, s->links[l].name));
            if (have != CC_NONE) {
                push_pair(s, have, s->links[l].val);
            } else {
                map__put(&s->fieldmap, KEY(x, s->links[l].name), s->links[l].val);
                s->links[l].next = s->nodes[x].fields;
                s->nodes[x].fields = l;
                s->nodes[x].nfields++;
            }
            l = next;
        }
        s->nodes[y].fields = CC_NONE;
        s->nodes[y].nfields = 0;
        /* the lists are concatenated: the old y list (which may now be x's) in front of the
         * old x list */
        pt_node *px = &s->nodes[x], *py = &s->nodes[y];
        for (int k = 0; k < PT_NLISTS; k++) {
            uint32_t yl = ylist[k], yt = ytail[k];
            /* the other list: whichever of the two is not the old y list */
            uint32_t ol = swapped ? py->head[k] : px->head[k];
            uint32_t ot = swapped ? py->tail[k] : px->tail[k];
            if (yl == CC_NONE) {
                px->head[k] = ol;
                px->tail[k] = ot;
            } else {
                s->links[yt].next = ol;
                px->head[k] = yl;
                px->tail[k] = ol == CC_NONE ? yt : ot;
            }
            py->head[k] = py->tail[k] = CC_NONE;
        }
    }
}

static uint32_t pts(cc_pointsto *s, uint32_t n)
{
    n = find(s, n);
    if (s->nodes[n].pts == CC_NONE) {
        uint32_t p = node_new(s, 0);
        s->nodes[n].pts = p;
    }
    return find(s, s->nodes[n].pts);
}

static uint32_t field(cc_pointsto *s, uint32_t n, cc_str name, uint32_t flags)
{
    n = find(s, n);
    uint32_t f = map__get(&s->fieldmap, KEY(n, name));
    if (f == CC_NONE) {
        f = node_new(s, flags);
        map__put(&s->fieldmap, KEY(n, name), f);
        s->nodes[n].fields = link_new(s, s->nodes[n].fields, f, name);
        s->nodes[n].nfields++;
    } else if (flags) {
        s->nodes[find(s, f)].flags |= flags;
    }
    return find(s, f);
}

enum { TAG_PARAM = 1, TAG_RET, TAG_FRAME, TAG_CLASS, TAG_FUNC, TAG_INST, TAG_PARTIAL };

/* The key of the named map for (tag, a, b). */
static uint64_t named_key(uint32_t tag, uint32_t a, uint32_t b)
{
    return map__mix(KEY(tag, a)) ^ b;
}

static uint32_t named(cc_pointsto *s, uint32_t tag, uint32_t a, uint32_t b, uint32_t flags)
{
    uint64_t k = named_key(tag, a, b);
    uint32_t n = map__get(&s->named, k);
    if (n == CC_NONE) {
        n = node_new(s, flags);
        map__put(&s->named, k, n);
    }
    return find(s, n);
}

static uint32_t func_node(cc_pointsto *s, uint32_t gid)
{
    uint64_t k = named_key(TAG_FUNC, gid, 0);
    uint32_t n = map__get(&s->named, k);
    if (n == CC_NONE) {
        n = node_new(s, CC_PTN_FUNC);
        list_push(s, n, PT_FUNCS, gid);
        map__put(&s->named, k, n);
    }
    return find(s, n);
}

static const cc_func *fn_of(const cc_pointsto *s, uint32_t gid)
{
    const cc_unit *u = cc_program_unit(s->prog, s->funcs[gid].unit);
    return &u->funcs[s->funcs[gid].func];
}

static const cc_op *op_of(const cc_pointsto *s, uint32_t gid, uint32_t o)
{
    return &fn_of(s, gid)->ops[o];
}

static uint32_t gid_of(const cc_pointsto *s, uint32_t u, uint32_t f)
{
    return s->fbase[u] + f;
}

static bool is_c(const cc_pointsto *s, uint32_t gid)
{
    return cc_program_unit(s->prog, s->funcs[gid].unit)->lang == CC_LANG_C;
}

static uint32_t site_node(cc_pointsto *s, uint32_t gid, uint32_t o)
{
    const cc_op *op = op_of(s, gid, o);
    uint32_t n = node_new(s, CC_PTN_ALLOC |
                                 (op->loop != CC_NONE ? CC_PTN_ALLOC_LOOP : CC_PTN_ALLOC_ONCE));
    cc_op_id id = {s->funcs[gid].unit, s->funcs[gid].func, o};
    CC_VEC_PUSH(s->sites, s->nsites, s->capsites, id);
    list_push(s, n, PT_SITES, s->nsites - 1);
    return n;
}

/* The node of the value of op o (created when missing); CC_NONE for constants. */
static uint32_t obj(cc_pointsto *s, uint32_t gid, uint32_t o)
{
    if (o == CC_NONE)
        return CC_NONE;
    uint32_t slot = s->obase[gid] + o;
    if (s->objn[slot] != CC_NONE)
        return find(s, s->objn[slot]);
    const cc_op *op = op_of(s, gid, o);
    if (op->kind == CC_OP_CONST)
        return CC_NONE;
    uint32_t n = op->kind == CC_OP_ALLOC ? site_node(s, gid, o) : node_new(s, 0);
    s->objn[slot] = n;
    return n;
}

/* The function (gid) that binds `name` for an enclosing reference from gid, or CC_NONE. */
static uint32_t enclosing_binder(const cc_pointsto *s, uint32_t gid, cc_str name)
{
    uint32_t f = cc_closure_binder(s->prog, s->funcs[gid].unit, s->funcs[gid].func, name);
    return f == CC_NONE ? CC_NONE : gid_of(s, s->funcs[gid].unit, f);
}

/* The cell of a place op: the node whose pointee is what the place holds. */
static uint32_t cell(cc_pointsto *s, uint32_t gid, uint32_t o)
{
    const cc_op *op = op_of(s, gid, o);
    const cc_func *fn = fn_of(s, gid);
    uint32_t unit = s->funcs[gid].unit;
    switch (op->kind) {
    case CC_OP_NAME: {
        uint32_t extra = 0;
        if (is_c(s, gid)) {
            extra |= (op->ival & 1) ? CC_PTN_TLS : 0;   /* CC_C_NAME_TLS */
            extra |= (op->ival & 2) ? CC_PTN_ATOMIC : 0; /* CC_C_NAME_ATOMIC */
        }
        bool global = op->sub == CC_SCOPE_GLOBAL ||
                      (op->sub == CC_SCOPE_LOCAL && fn->kind == CC_FUNC_MODULE);
        if (global) {
            uint32_t base = is_c(s, gid) ? s->cglobals : s->modnode[unit];
            return field(s, base, op->name, CC_PTN_GLOBAL | extra);
        }
        if (op->sub == CC_SCOPE_CLASS && fn->class_idx != CC_NONE)
            return field(s, named(s, TAG_CLASS, unit, (uint32_t)fn->class_idx, 0), op->name, 0);
        if (op->sub == CC_SCOPE_ENCLOSING) {
            uint32_t b = enclosing_binder(s, gid, op->name);
            if (b != CC_NONE) /* a closure cell: threads running the closure share it */
                return field(s, named(s, TAG_FRAME, b, 0, 0), op->name,
                             CC_PTN_LOCAL | CC_PTN_ESCAPED);
        }
        return field(s, named(s, TAG_FRAME, gid, 0, 0), op->name, CC_PTN_LOCAL | extra);
    }
    case CC_OP_FIELD: {
        uint32_t b = obj(s, gid, op->a);
        if (b == CC_NONE)
            b = s->objn[s->obase[gid] + op->a] = node_new(s, 0);
        return field(s, b, op->name, 0);
    }
    case CC_OP_INDEX:
    case CC_OP_UNOP: {
        uint32_t b = obj(s, gid, op->a);
        if (b == CC_NONE)
            b = s->objn[s->obase[gid] + op->a] = node_new(s, 0);
        return b;
    }
    default:
        return obj(s, gid, o);
    }
}

/* ---- calls ---------------------------------------------------------------------------------- */

static bool name_is(const cc_pointsto *s, cc_str n, const char *text)
{
    return n && !strcmp(cc_str_text(s->in, n), text);
}

/* Binds a call of function `callee`: recv (or CC_NONE) to parameter 0, positional argument
 * nodes after it, keyword arguments by name; the return value to result. */
static void bind(cc_pointsto *s, uint32_t callee, uint32_t recv, const uint32_t *pos,
                 uint32_t npos, const cc_str *kwn, const uint32_t *kwv, uint32_t nkw,
                 uint32_t result)
{
    const cc_func *fn = fn_of(s, callee);
    uint32_t k = 0;
    if (recv != CC_NONE && fn->nparams > 0)
        unify(s, named(s, TAG_PARAM, callee, k++, 0), recv);
    for (uint32_t i = 0; i < npos && k < fn->nparams; i++, k++)
        unify(s, named(s, TAG_PARAM, callee, k, 0), pos[i]);
    for (uint32_t i = 0; i < nkw; i++)
        for (uint32_t p = 0; p < fn->nparams; p++)
            if (fn->params[p] == kwn[i])
                unify(s, named(s, TAG_PARAM, callee, p, 0), kwv[i]);
    if (result != CC_NONE)
        unify(s, result, named(s, TAG_RET, callee, 0, 0));
}

static void callee_add(cc_pointsto *s, uint32_t slot, uint32_t gid)
{
    uint32_t h = s->callee_first[slot];
    for (uint32_t l = h; l != CC_NONE; l = s->links[l].next)
        if (s->links[l].val == gid)
            return;
    s->callee_first[slot] = link_new(s, h, gid, 0);
}

/* A callable value: every function it may be, with the receiver of a bound method and the
 * arguments a partial binds first. */
typedef struct callable {
    uint32_t gid;
    uint32_t recv;
    uint32_t partial;    /* index in partials, or CC_NONE */
    bool construct;      /* a class: gid is its __init__, recv the new instance */
} callable;

enum { MAX_CALLABLES = 16 };

/* True when the link list from head has more than max entries (counts max + 1 at most). */
static bool list_longer(const cc_pointsto *s, uint32_t head, uint32_t max)
{
    uint32_t n = 0;
    for (uint32_t l = head; l != CC_NONE && n <= max; l = s->links[l].next)
        n++;
    return n > max;
}

static uint32_t callables(cc_pointsto *s, uint32_t gid, uint32_t v, uint32_t result,
                          callable *out, int depth)
{
    uint32_t n = 0;
    if (v == CC_NONE || depth > 4)
        return 0;
    cc_func_id me = s->funcs[gid];
    const cc_func *fn = fn_of(s, gid);
    const cc_op *vop = &fn->ops[v];
    uint32_t recv = CC_NONE;
    if (vop->kind == CC_OP_LOAD && vop->a != CC_NONE && fn->ops[vop->a].kind == CC_OP_FIELD)
        recv = fn->ops[vop->a].a;
    cc_aval av = cc_resolve(s->prog, me.unit, me.func, v);
    if (av.kind == CC_V_FUNC) {
        uint32_t t = gid_of(s, av.unit, av.idx);
        const cc_func *tf = fn_of(s, t);
        uint32_t r = CC_NONE;
        if (recv != CC_NONE && tf->class_idx != CC_NONE && tf->kind == CC_FUNC_FUNCTION) {
            cc_aval rv = cc_resolve(s->prog, me.unit, me.func, recv);
            if (rv.kind != CC_V_CLASS && rv.kind != CC_V_MODULE)
                r = obj(s, gid, recv);
        }
        out[n++] = (callable){t, r, CC_NONE, false};
    } else if (av.kind == CC_V_CLASS) {
        const cc_unit *cu = cc_program_unit(s->prog, av.unit);
        const cc_class *cl = &cu->classes[av.idx];
        /* __init__ of the class itself (inherited ones are the resolver's) */
        for (uint32_t f = 0; f < cu->nfuncs; f++)
            if (cu->funcs[f].class_idx == av.idx && cu->funcs[f].parent == cl->body &&
                name_is(s, cu->funcs[f].name, "__init__")) {
                out[n++] = (callable){gid_of(s, av.unit, f), result, CC_NONE, true};
                break;
            }
    }
    cc_aval recv_av = {0};
    if (av.kind == CC_V_UNKNOWN && recv != CC_NONE && !is_c(s, gid))
        recv_av = cc_resolve(s->prog, me.unit, me.func, recv);
    /* `os._exit()` on a module (or a class) whose attribute resolution could not follow
     * (`from posix import *`) is not a method of whatever objects unification put in the
     * module's node */
    if (av.kind == CC_V_UNKNOWN && recv != CC_NONE && n == 0 && !is_c(s, gid) &&
        recv_av.kind != CC_V_MODULE && recv_av.kind != CC_V_CLASS) {
        /* a method of an object whose class points-to knows: `wallet.pay()` on a parameter
         * bound to `Wallet(...)` objects */
        uint32_t ro = obj(s, gid, recv);
        cc_op_id sites[4];
        uint32_t ns = 0;
        /* a few sites only: a node that unification merged into a blob names no class */
        for (uint32_t l = ro == CC_NONE ? CC_NONE : s->nodes[find(s, ro)].head[PT_SITES];
             l != CC_NONE && ns <= 4; l = s->links[l].next) {
            if (ns < 4)
                sites[ns] = s->sites[s->links[l].val];
            ns++;
        }
        if (ns > 4)
            ns = 0;
        for (uint32_t i = 0; i < ns && i < 4 && n < MAX_CALLABLES; i++) {
            cc_aval sv = cc_resolve(s->prog, sites[i].unit, sites[i].func, sites[i].op);
            if (sv.kind != CC_V_OBJECT)
                continue;
            cc_aval m = cc_class_attr(s->prog, sv.unit, sv.idx, fn->ops[vop->a].name);
            if (m.kind != CC_V_FUNC)
                continue;
            uint32_t t = gid_of(s, m.unit, m.idx);
            bool dup = false;
            for (uint32_t k = 0; k < n; k++)
                dup |= out[k].gid == t;
            if (!dup)
                out[n++] = (callable){t, ro, CC_NONE, false};
        }
    }
    /* What name resolution found is the callee: it follows the variable's reaching
     * definitions, where points-to has merged every value that ever met it; a library function
     * (`os._exit`) is not a codebase function either. An attribute of a
     * codebase module that resolution could not follow is no better served by the module's
     * node, which unification shares with whatever was passed where modules are. */
    uint32_t o = av.kind == CC_V_FUNC || av.kind == CC_V_CLASS || av.kind == CC_V_EXTERN ||
                         recv_av.kind == CC_V_MODULE
                     ? CC_NONE
                     : obj(s, gid, v);
    if (o != CC_NONE) {
        /* A value that may be more than MAX_CALLABLES functions is a blob unification made of
         * unrelated callables (every `x.run` of a large codebase); binding a call to all of
         * them would merge their parameters too, and binding to some is arbitrary. Such a
         * call is left unresolved, like a call of an unknown library function. */
        for (uint32_t l = list_longer(s, s->nodes[o].head[PT_FUNCS], MAX_CALLABLES)
                              ? CC_NONE
                              : s->nodes[o].head[PT_FUNCS];
             l != CC_NONE && n < MAX_CALLABLES; l = s->links[l].next) {
            bool dup = false;
            for (uint32_t i = 0; i < n; i++)
                dup |= out[i].gid == s->links[l].val;
            if (!dup)
                out[n++] = (callable){s->links[l].val, CC_NONE, CC_NONE, false};
        }
        /* the functools.partial objects unified into the node, when they are few */
        for (uint32_t l = list_longer(s, s->nodes[o].head[PT_PARTS], MAX_CALLABLES)
                              ? CC_NONE
                              : s->nodes[o].head[PT_PARTS];
             l != CC_NONE && n < MAX_CALLABLES; l = s->links[l].next) {
            uint32_t i = s->links[l].val;
            const partial *pa = &s->partials[i];
            uint32_t pg = gid_of(s, pa->unit, pa->func);
            uint32_t fnv = cc_call_arg(s->prog, pa->unit, pa->func, pa->op, 0, "func");
            callable inner[MAX_CALLABLES];
            uint32_t ni = fnv == CC_NONE || (pg == gid && fnv == v)
                              ? 0
                              : callables(s, pg, fnv, CC_NONE, inner, depth + 1);
            for (uint32_t k = 0; k < ni && n < MAX_CALLABLES; k++) {
                inner[k].partial = i;
                out[n++] = inner[k];
            }
        }
    }
    return n;
}

/* Binds one call to every function it may run. Positional arguments of a partial come first. */
static void bind_call(cc_pointsto *s, uint32_t gid, uint32_t o, const callable *c,
                      const uint32_t *args, uint32_t nargs, const cc_str *kwnames, uint32_t result)
{
    /* Binding again would unify the same (cached) nodes again: a no-op. */
    uint32_t key = s->obase[gid] + o;
    bool seen = false;
    for (uint32_t l = s->bound_first[key]; l != CC_NONE && !seen; l = s->links[l].next)
        seen = s->links[l].val == c->gid && s->links[l].name == c->partial + 1;
    if (seen)
        return;
    uint32_t pos[64], kwv[32];
    cc_str kwn[32];
    uint32_t npos = 0, nkw = 0;
    if (c->partial != CC_NONE) {
        const partial *pa = &s->partials[c->partial];
        const cc_op *pc = &cc_program_unit(s->prog, pa->unit)->funcs[pa->func].ops[pa->op];
        uint32_t pg = gid_of(s, pa->unit, pa->func);
        for (uint32_t i = 1; i < pc->nargs && npos < 64; i++) {
            cc_str kw = pc->kwnames ? pc->kwnames[i] : CC_STR_NONE;
            if (kw && nkw < 32 && !name_is(s, kw, "*") && !name_is(s, kw, "**")) {
                kwn[nkw] = kw;
                kwv[nkw++] = obj(s, pg, pc->args[i]);
            } else if (!kw) {
                pos[npos++] = obj(s, pg, pc->args[i]);
            }
        }
    }
    for (uint32_t i = 0; i < nargs && npos < 64; i++) {
        cc_str kw = kwnames ? kwnames[i] : CC_STR_NONE;
        if (kw) {
            if (nkw < 32 && !name_is(s, kw, "*") && !name_is(s, kw, "**")) {
                kwn[nkw] = kw;
                kwv[nkw++] = obj(s, gid, args[i]);
            }
            continue;
        }
        pos[npos++] = obj(s, gid, args[i]);
    }
    s->bound_first[key] = link_new(s, s->bound_first[key], c->gid, c->partial + 1);
    s->changed = true;
    bind(s, c->gid, c->recv, pos, npos, kwn, kwv, nkw, c->construct ? CC_NONE : result);
}

static const char *const C_ALLOCATORS[] = {
    "malloc", "calloc", "realloc", "reallocarray", "strdup", "strndup", "aligned_alloc",
    "valloc", "memalign", "pvalloc", "xmalloc", "xcalloc", "xrealloc", "g_malloc", "g_new",
};

/* A knowledge-base START/SUBMIT/HANDLE_NEW call hands its arguments to the thread function. */
static void bind_thread_call(cc_pointsto *s, uint32_t gid, uint32_t o, const cc_kb_entry *e)
{
    cc_func_id me = s->funcs[gid];
    const cc_op *op = op_of(s, gid, o);
    uint32_t fnv = e->fn_pos >= 0 || e->fn_kw
                       ? cc_call_arg(s->prog, me.unit, me.func, o, e->fn_pos, e->fn_kw)
                       : CC_NONE;
    if (fnv == CC_NONE)
        return;
    uint32_t fo = obj(s, gid, fnv);
    if (fo != CC_NONE)
        s->nodes[fo].flags |= CC_PTN_THREAD_ARG;
    uint32_t pos[16], npos = 0;
    uint32_t tup = e->args_pos >= 0 || e->args_kw
                       ? cc_call_arg(s->prog, me.unit, me.func, o, e->args_pos, e->args_kw)
                       : CC_NONE;
    if (tup != CC_NONE) {
        const cc_op *t = op_of(s, gid, tup);
        if (!is_c(s, gid) && t->kind == CC_OP_ALLOC &&
            (t->sub == CC_ALLOC_TUPLE || t->sub == CC_ALLOC_LIST)) {
            for (uint32_t i = 0; i < t->nargs && npos < 16; i++)
                pos[npos++] = obj(s, gid, t->args[i]);
        } else {
            pos[npos++] = obj(s, gid, tup);
        }
    }
    if (e->rest_pos >= 0)
        for (uint32_t i = 0, k = 0; i < op->nargs && npos < 16; i++) {
            cc_str kw = op->kwnames ? op->kwnames[i] : CC_STR_NONE;
            if (!kw && k++ >= (uint32_t)e->rest_pos)
                pos[npos++] = obj(s, gid, op->args[i]);
        }
    if (e->iter_pos >= 0) {
        uint32_t it = cc_call_arg(s->prog, me.unit, me.func, o, e->iter_pos, "iterable");
        uint32_t io = obj(s, gid, it);
        if (io != CC_NONE) {
            uint32_t el = pts(s, io);
            if (e->flags & CC_KBF_STARMAP)
                el = pts(s, el);
            pos[npos++] = el;
        }
    }
    for (uint32_t i = 0; i < npos; i++)
        if (pos[i] != CC_NONE)
            s->nodes[find(s, pos[i])].flags |= CC_PTN_THREAD_ARG;
    callable cs[MAX_CALLABLES];
    uint32_t nc = callables(s, gid, fnv, CC_NONE, cs, 0);
    for (uint32_t i = 0; i < nc; i++) {
        if (cs[i].recv != CC_NONE)
            s->nodes[find(s, cs[i].recv)].flags |= CC_PTN_THREAD_ARG;
        if (cs[i].partial != CC_NONE) {
            /* functools.partial(f, a, b) as the target: a and b reach the thread too */
            const partial *pa = &s->partials[cs[i].partial];
            const cc_op *pc = &cc_program_unit(s->prog, pa->unit)->funcs[pa->func].ops[pa->op];
            uint32_t pg = gid_of(s, pa->unit, pa->func);
            uint32_t ppos[32], np = 0;
            for (uint32_t k = 1; k < pc->nargs && np < 16; k++) {
                if (pc->kwnames && pc->kwnames[k])
                    continue;
                uint32_t an = obj(s, pg, pc->args[k]);
                if (an != CC_NONE)
                    s->nodes[find(s, an)].flags |= CC_PTN_THREAD_ARG;
                ppos[np++] = an;
            }
            for (uint32_t k = 0; k < npos && np < 32; k++)
                ppos[np++] = pos[k];
            bind(s, cs[i].gid, cs[i].recv, ppos, np, NULL, NULL, 0, CC_NONE);
            continue;
        }
        if ((e->flags & CC_KBF_STARMAP) && npos) {
            /* each item is an argument tuple: every parameter may be any of its elements */
            const cc_func *tf = fn_of(s, cs[i].gid);
            for (uint32_t p = cs[i].recv != CC_NONE ? 1 : 0; p < tf->nparams; p++)
                unify(s, named(s, TAG_PARAM, cs[i].gid, p, 0), pos[npos - 1]);
            if (cs[i].recv != CC_NONE)
                unify(s, named(s, TAG_PARAM, cs[i].gid, 0, 0), cs[i].recv);
            continue;
        }
        bind(s, cs[i].gid, cs[i].recv, pos, npos, NULL, NULL, 0, CC_NONE);
    }
}

static void visit_call(cc_pointsto *s, uint32_t gid, uint32_t o, const cc_op *op)
{
    cc_func_id me = s->funcs[gid];
    uint32_t result = obj(s, gid, o);
    cc_aval cv = cc_resolve(s->prog, me.unit, me.func, op->a);
    /* A call whose callee resolution names (a codebase function or class, a library function
     * that starts nothing) binds the same way in every round: later rounds skip it. */
    const char *name = cv.kind == CC_V_EXTERN ? cc_str_text(s->in, cv.qname) : NULL;
    const cc_kb_entry *e = name ? cc_program_kb_find(s->prog, name) : NULL;
    bool dyn = name ? e && (e->effect == CC_KB_ONCE || e->effect == CC_KB_START ||
                            e->effect == CC_KB_SUBMIT || e->effect == CC_KB_HANDLE_NEW)
                    : cv.kind != CC_V_FUNC && cv.kind != CC_V_CLASS;
    uint32_t slot = s->obase[gid] + o;
    if (dyn)
        s->dynamic[slot / 8] |= (uint8_t)(1u << (slot % 8));
    if (name) {
        if (e && e->effect == CC_KB_ONCE && e->fn_pos >= 0 && (uint32_t)e->fn_pos < op->nargs) {
            /* the init function runs in the caller's thread: a call edge */
            callable cs[MAX_CALLABLES];
            uint32_t nc = callables(s, gid, op->args[e->fn_pos], CC_NONE, cs, 0);
            for (uint32_t i = 0; i < nc; i++)
                callee_add(s, s->obase[gid] + o, cs[i].gid);
        } else if (e && (e->effect == CC_KB_START || e->effect == CC_KB_SUBMIT ||
                         e->effect == CC_KB_HANDLE_NEW)) {
            bind_thread_call(s, gid, o, e);
        } else if (e && e->effect == CC_KB_PARTIAL) {
            partial pa = {result, me.unit, me.func, o};
            uint64_t pk = named_key(TAG_PARTIAL, gid, o);
            if (map__get(&s->named, pk) != CC_NONE)
                return;
            map__put(&s->named, pk, s->npartials);
            CC_VEC_PUSH(s->partials, s->npartials, s->cappartials, pa);
            list_push(s, find(s, result), PT_PARTS, s->npartials - 1);
            s->changed = true;
            return;
        }
        if (is_c(s, gid)) {
            for (size_t i = 0; i < sizeof C_ALLOCATORS / sizeof *C_ALLOCATORS; i++)
                if (!strcmp(name, C_ALLOCATORS[i])) {
                    if (!(s->nodes[result].flags & CC_PTN_ALLOC))
                        unify(s, result, site_node(s, gid, o));
                    if (!strncmp(name, "realloc", 7) && op->nargs)
                        unify(s, result, obj(s, gid, op->args[0]));
                    return;
                }
        } else if (!(s->nodes[result].flags & CC_PTN_ALLOC)) {
            /* an object made by the library: one per call site */
            unify(s, result, site_node(s, gid, o));
            /* threading.local(): every thread sees its own attributes */
            if (!strcmp(name, "threading.local") || !strcmp(name, "_threading_local.local"))
                s->nodes[find(s, result)].flags |= CC_PTN_TLS;
        }
        if (is_c(s, gid))
            return;
    }
    callable cs[MAX_CALLABLES];
    uint32_t nc = callables(s, gid, op->a, result, cs, 0);
    for (uint32_t i = 0; i < nc; i++) {
        if (cs[i].construct && !(s->nodes[find(s, result)].flags & CC_PTN_ALLOC))
            unify(s, result, site_node(s, gid, o));
        if (cs[i].construct)
            cs[i].recv = obj(s, gid, o);
        /* already bound here: callee_add ran then, and binding again is a no-op */
        bool seen = false;
        for (uint32_t l = s->bound_first[s->obase[gid] + o]; l != CC_NONE && !seen;
             l = s->links[l].next)
            seen = s->links[l].val == cs[i].gid && s->links[l].name == cs[i].partial + 1;
        if (seen)
            continue;
        callee_add(s, s->obase[gid] + o, cs[i].gid);
        bind_call(s, gid, o, &cs[i], op->args, op->nargs, op->kwnames, result);
    }
    /* `Thread` subclasses and objects whose own run() a START runs: self is the receiver */
    uint32_t first, ns = cc_program_sems_at(s->prog, me.unit, me.func, o, &first);
    for (uint32_t i = 0; i < ns; i++) {
        const cc_sem *sem = cc_program_sem(s->prog, first + i);
        if (sem->kind == CC_SEM_START && (sem->kb_flags & CC_KBF_SELF_TARGET) &&
            sem->target_func != CC_NONE && sem->value != CC_NONE) {
            uint32_t t = gid_of(s, sem->target_unit, sem->target_func);
            uint32_t r = obj(s, gid, sem->value);
            s->nodes[r].flags |= CC_PTN_THREAD_ARG;
            if (fn_of(s, t)->class_idx != CC_NONE)
                bind(s, t, r, NULL, 0, NULL, NULL, 0, CC_NONE);
        }
    }
}

static void visit(cc_pointsto *s, uint32_t gid, uint32_t o, bool calls_only)
{
    const cc_func *fn = fn_of(s, gid);
    const cc_op *op = &fn->ops[o];
    uint32_t unit = s->funcs[gid].unit;
    if (calls_only && op->kind != CC_OP_CALL)
        return;
    switch (op->kind) {
    case CC_OP_ALLOC:
        if (op->sub == CC_ALLOC_LAMBDA && op->ival >= 0 && (uint64_t)op->ival < 1u << 30)
            unify(s, obj(s, gid, o), func_node(s, gid_of(s, unit, (uint32_t)op->ival)));
        for (uint32_t i = 0; i < op->nargs; i++) {
            if (op->sub == CC_ALLOC_DICT && (i % 2) == 0)
                continue;
            uint32_t e = obj(s, gid, op->args[i]);
            if (e != CC_NONE)
                unify(s, pts(s, obj(s, gid, o)), e);
        }
        break;
    case CC_OP_PARAM:
        unify(s, obj(s, gid, o), named(s, TAG_PARAM, gid, (uint32_t)op->ival, 0));
        break;
    case CC_OP_FUNC:
        unify(s, obj(s, gid, o), func_node(s, gid_of(s, unit, (uint32_t)op->ival)));
        break;
    case CC_OP_CLASS:
        unify(s, obj(s, gid, o), named(s, TAG_CLASS, unit, (uint32_t)op->ival, 0));
        break;
    case CC_OP_IMPORT: {
        cc_aval v = cc_resolve(s->prog, unit, s->funcs[gid].func, o);
        if (v.kind == CC_V_MODULE)
            unify(s, obj(s, gid, o), s->modnode[v.unit]);
        else if (v.kind == CC_V_FUNC)
            unify(s, obj(s, gid, o), func_node(s, gid_of(s, v.unit, v.idx)));
        else if (v.kind == CC_V_CLASS)
            unify(s, obj(s, gid, o), named(s, TAG_CLASS, v.unit, v.idx, 0));
        else if (op->ival) {
            /* `from m import x` of a codebase module: x's value there */
            for (uint32_t u = 0; u < s->nunits; u++) {
                const cc_unit *un = cc_program_unit(s->prog, u);
                if (un->module && un->module == op->name) {
                    uint32_t c = field(s, s->modnode[u], (cc_str)op->ival, CC_PTN_GLOBAL);
                    unify(s, obj(s, gid, o), pts(s, c));
                    break;
                }
            }
        }
        break;
    }
    case CC_OP_LOAD:
        if (op->a != CC_NONE)
            unify(s, obj(s, gid, o), pts(s, cell(s, gid, op->a)));
        break;
    case CC_OP_STORE:
        if (op->a != CC_NONE && op->b != CC_NONE) {
            uint32_t v = obj(s, gid, op->b);
            if (v != CC_NONE)
                unify(s, pts(s, cell(s, gid, op->a)), v);
        }
        break;
    case CC_OP_UNOP:
        if (op->name && name_is(s, op->name, "&") && op->a != CC_NONE) {
            uint32_t c = cell(s, gid, op->a);
            if (s->nodes[c].flags & CC_PTN_LOCAL)
                s->nodes[c].flags |= CC_PTN_ADDR_TAKEN;
            unify(s, obj(s, gid, o), c);
        }
        break;
    case CC_OP_BINOP:
        if (is_c(s, gid) && (name_is(s, op->name, "+") || name_is(s, op->name, "-"))) {
            unify(s, obj(s, gid, o), obj(s, gid, op->a));
        }
        break;
    case CC_OP_UNKNOWN:
        if (op->a != CC_NONE)
            unify(s, obj(s, gid, o), obj(s, gid, op->a));
        for (uint32_t i = 0; i < op->nargs; i++)
            if (!(is_c(s, gid) && i == 0 && op->nargs == 3)) /* ?: condition */
                unify(s, obj(s, gid, o), obj(s, gid, op->args[i]));
        break;
    case CC_OP_ITER:
    case CC_OP_WITH_ENTER:
    case CC_OP_AWAIT:
        unify(s, obj(s, gid, o), obj(s, gid, op->a));
        break;
    case CC_OP_NEXT:
        if (op->a != CC_NONE)
            unify(s, obj(s, gid, o), pts(s, obj(s, gid, op->a)));
        break;
    case CC_OP_RETURN:
        if (op->a != CC_NONE && obj(s, gid, op->a) != CC_NONE)
            unify(s, named(s, TAG_RET, gid, 0, 0), obj(s, gid, op->a));
        break;
    case CC_OP_CALL:
        visit_call(s, gid, o, op);
        break;
    default:
        break;
    }
}

/* Marks everything reachable from globals, closure cells and thread arguments as escaped. */
static void mark_escaped(cc_pointsto *s)
{
    uint32_t *stack = NULL, sp = 0, cap = 0;
    uint8_t *seen = cc_xcalloc(s->nnodes + 1, 1);
    for (uint32_t i = 0; i < s->nnodes; i++) {
        uint32_t r = find(s, i);
        if (!seen[r] && (s->nodes[r].flags & (CC_PTN_GLOBAL | CC_PTN_ESCAPED |
                                             CC_PTN_THREAD_ARG))) {
            seen[r] = 1;
            CC_VEC_PUSH(stack, sp, cap, r);
        }
    }
    for (uint32_t u = 0; u < s->nunits; u++) {
        uint32_t r = find(s, s->modnode[u]);
        if (!seen[r]) {
            seen[r] = 1;
            CC_VEC_PUSH(stack, sp, cap, r);
        }
    }
    while (sp) {
        uint32_t r = stack[--sp];
        s->nodes[r].flags |= CC_PTN_ESCAPED;
        uint32_t next[2] = {s->nodes[r].pts, CC_NONE};
        for (int k = 0; k < 1; k++)
            if (next[k] != CC_NONE) {
                uint32_t t = find(s, next[k]);
                if (!seen[t]) {
                    seen[t] = 1;
                    CC_VEC_PUSH(stack, sp, cap, t);
                }
            }
        for (uint32_t l = s->nodes[r].fields; l != CC_NONE; l = s->links[l].next) {
            uint32_t t = find(s, s->links[l].val);
            if (!seen[t]) {
                seen[t] = 1;
                CC_VEC_PUSH(stack, sp, cap, t);
            }
        }
    }
    free(stack);
    free(seen);
}

cc_pointsto *cc_pointsto_new(const cc_program *prog)
{
    cc_pointsto *s = cc_xcalloc(1, sizeof *s);
    s->prog = prog;
    s->in = cc_program_interner(prog);
    s->nunits = cc_program_unit_count(prog);
    s->fbase = cc_xcalloc(s->nunits + 1, sizeof(uint32_t));
    for (uint32_t u = 0; u < s->nunits; u++)
        s->fbase[u + 1] = s->fbase[u] + cc_program_unit(prog, u)->nfuncs;
    s->nfuncs = s->fbase[s->nunits];
    s->funcs = cc_xmalloc((s->nfuncs + 1) * sizeof(cc_func_id));
    s->obase = cc_xcalloc(s->nfuncs + 1, sizeof(uint32_t));
    for (uint32_t u = 0, g = 0; u < s->nunits; u++) {
        const cc_unit *un = cc_program_unit(prog, u);
        for (uint32_t f = 0; f < un->nfuncs; f++, g++) {
            s->funcs[g] = (cc_func_id){u, f};
            s->obase[g + 1] = s->obase[g] + un->funcs[f].nops;
        }
    }
    uint32_t nslots = s->obase[s->nfuncs];
    s->objn = cc_xmalloc((nslots + 1) * sizeof(uint32_t));
    memset(s->objn, 0xff, (nslots + 1) * sizeof(uint32_t));
    s->bound_first = cc_xmalloc((nslots + 1) * sizeof(uint32_t));
    memset(s->bound_first, 0xff, (nslots + 1) * sizeof(uint32_t));
    s->callee_first = cc_xmalloc((nslots + 1) * sizeof(uint32_t));
    memset(s->callee_first, 0xff, (nslots + 1) * sizeof(uint32_t));
    s->dynamic = cc_xcalloc(nslots / 8 + 1, 1);
    s->cglobals = node_new(s, CC_PTN_GLOBAL);
    s->modnode = cc_xmalloc((s->nunits + 1) * sizeof(uint32_t));
    for (uint32_t u = 0; u < s->nunits; u++)
        s->modnode[u] = node_new(s, CC_PTN_GLOBAL);
    /* A cancelled run (cc_program_should_stop) stops visiting: what is built stays consistent,
     * and the program is thrown away. */
    bool stop = false;
    for (uint32_t g = 0; g < s->nfuncs && !stop; g++) {
        if (g % 512 == 511)
            stop = cc_program_should_stop(prog);
        for (uint32_t o = 0; o < fn_of(s, g)->nops; o++)
            visit(s, g, o, false);
    }
    /* Function pointers stored after their calls, partials and bound methods: repeat the calls
     * while they find new targets. */
    for (int round = 0; round < 4 && !stop && !(stop = cc_program_should_stop(prog)); round++) {
        s->changed = false;
        for (uint32_t g = 0; g < s->nfuncs; g++)
            for (uint32_t o = 0; o < fn_of(s, g)->nops; o++) {
                uint32_t slot = s->obase[g] + o;
                if (s->dynamic[slot / 8] & (1u << (slot % 8)))
                    visit(s, g, o, true);
            }
        if (!s->changed)
            break;
    }
    mark_escaped(s);
    /* Every node points straight at its root: queries never write. */
    for (uint32_t i = 0; i < s->nnodes; i++)
        s->nodes[i].parent = find(s, i);
    return s;
}

void cc_pointsto_delete(cc_pointsto *self)
{
    if (!self)
        return;
    free(self->fbase);
    free(self->funcs);
    free(self->obase);
    free(self->objn);
    free(self->nodes);
    free(self->links);
    free(self->sites);
    free(self->partials);
    free(self->modnode);
    free(self->work);
    map__free(&self->fieldmap);
    map__free(&self->named);
    free(self->bound_first);
    free(self->callee_first);
    free(self->dynamic);
    free(self);
}

/* ---- queries -------------------------------------------------------------------------------- */

static uint32_t root(const cc_pointsto *s, uint32_t n)
{
    return n == CC_NONE ? CC_NONE : s->nodes[n].parent;
}

uint32_t cc_pointsto_func_count(const cc_pointsto *self) { return self->nfuncs; }
uint32_t cc_pointsto_node_count(const cc_pointsto *self) { return self->nnodes; }

uint32_t cc_pointsto_gid(const cc_pointsto *self, uint32_t unit, uint32_t func)
{
    return self->fbase[unit] + func;
}

cc_func_id cc_pointsto_func(const cc_pointsto *self, uint32_t gid) { return self->funcs[gid]; }

uint32_t cc_pointsto_obj(const cc_pointsto *self, uint32_t unit, uint32_t func, uint32_t op)
{
    if (op == CC_NONE)
        return CC_NONE;
    return root(self, self->objn[self->obase[gid_of(self, unit, func)] + op]);
}

uint32_t cc_pointsto_cell(const cc_pointsto *self, uint32_t unit, uint32_t func, uint32_t op)
{
    uint32_t gid = gid_of(self, unit, func);
    const cc_op *o = op_of(self, gid, op);
    switch (o->kind) {
    case CC_OP_NAME: {
        /* the cell was made while visiting; find it again by its parent object */
        cc_place p;
        if (!cc_pointsto_place(self, unit, func, op, &p))
            return CC_NONE;
        return p.node;
    }
    case CC_OP_FIELD: {
        uint32_t b = cc_pointsto_obj(self, unit, func, o->a);
        uint32_t f = b == CC_NONE ? CC_NONE : map__get(&self->fieldmap, KEY(b, o->name));
        return root(self, f);
    }
    case CC_OP_INDEX:
    case CC_OP_UNOP:
        return cc_pointsto_obj(self, unit, func, o->a);
    default:
        return cc_pointsto_obj(self, unit, func, op);
    }
}

static uint32_t frame_field(const cc_pointsto *s, uint32_t tag, uint32_t a, uint32_t b,
                            cc_str name)
{
    uint32_t n = map__get(&s->named, named_key(tag, a, b));
    if (n == CC_NONE)
        return CC_NONE;
    return root(s, map__get(&s->fieldmap, KEY(root(s, n), name)));
}

bool cc_pointsto_place(const cc_pointsto *self, uint32_t unit, uint32_t func, uint32_t op,
                       cc_place *out)
{
    uint32_t gid = gid_of(self, unit, func);
    const cc_func *fn = fn_of(self, gid);
    const cc_op *o = &fn->ops[op];
    *out = (cc_place){.node = CC_NONE, .index_loop = CC_NONE};
    switch (o->kind) {
    case CC_OP_NAME: {
        out->kind = CC_PLACE_VAR;
        bool global = o->sub == CC_SCOPE_GLOBAL ||
                      (o->sub == CC_SCOPE_LOCAL && fn->kind == CC_FUNC_MODULE);
        uint32_t n = CC_NONE;
        if (global)
            n = root(self, map__get(&self->fieldmap,
                                    KEY(root(self, is_c(self, gid) ? self->cglobals
                                                                   : self->modnode[unit]),
                                        o->name)));
        else if (o->sub == CC_SCOPE_CLASS && fn->class_idx != CC_NONE)
            n = frame_field(self, TAG_CLASS, unit, fn->class_idx, o->name);
        else if (o->sub == CC_SCOPE_ENCLOSING) {
            uint32_t b = enclosing_binder(self, gid, o->name);
            n = frame_field(self, TAG_FRAME, b == CC_NONE ? gid : b, 0, o->name);
        } else
            n = frame_field(self, TAG_FRAME, gid, 0, o->name);
        out->node = n;
        return n != CC_NONE;
    }
    case CC_OP_FIELD:
        out->kind = CC_PLACE_FIELD;
        out->sel = o->name;
        out->node = cc_pointsto_obj(self, unit, func, o->a);
        return out->node != CC_NONE;
    case CC_OP_INDEX:
        out->kind = CC_PLACE_ELEM;
        out->index = o->sub;
        out->node = cc_pointsto_obj(self, unit, func, o->a);
        if (o->sub == CC_INDEX_LOOP_VAR && o->b != CC_NONE) {
            const cc_op *ix = &fn->ops[o->b];
            cc_str var = ix->kind == CC_OP_LOAD && ix->a != CC_NONE ? fn->ops[ix->a].name : 0;
            for (uint32_t l = o->loop; l != CC_NONE; l = fn->loops[l].parent)
                if (fn->loops[l].var == var) {
                    out->index_loop = l;
                    break;
                }
        }
        return out->node != CC_NONE;
    case CC_OP_UNOP:
        if (!o->name || strcmp(cc_str_text(self->in, o->name), "*"))
            return false;
        out->kind = CC_PLACE_ELEM;
        out->index = CC_INDEX_UNKNOWN;
        out->node = cc_pointsto_obj(self, unit, func, o->a);
        return out->node != CC_NONE;
    default:
        return false;
    }
}

uint32_t cc_pointsto_flags(const cc_pointsto *self, uint32_t node)
{
    return node == CC_NONE ? 0 : self->nodes[root(self, node)].flags;
}

uint32_t cc_pointsto_sites(const cc_pointsto *self, uint32_t node, cc_op_id *out, uint32_t max)
{
    uint32_t n = 0;
    if (node == CC_NONE)
        return 0;
    for (uint32_t l = self->nodes[root(self, node)].head[PT_SITES]; l != CC_NONE && n <= max;
         l = self->links[l].next) {
        if (n < max)
            out[n] = self->sites[self->links[l].val];
        n++;
    }
    return n;
}

uint32_t cc_pointsto_callees(const cc_pointsto *self, uint32_t unit, uint32_t func, uint32_t op,
                             cc_func_id *out, uint32_t max)
{
    uint32_t slot = self->obase[gid_of(self, unit, func)] + op;
    uint32_t n = 0;
    for (uint32_t l = self->callee_first[slot]; l != CC_NONE && n < max;
         l = self->links[l].next)
        out[n++] = self->funcs[self->links[l].val];
    return n;
}

uint32_t cc_pointsto_funcs(const cc_pointsto *self, uint32_t unit, uint32_t func, uint32_t op,
                           cc_func_id *out, uint32_t max)
{
    uint32_t o = cc_pointsto_obj(self, unit, func, op);
    uint32_t n = 0;
    if (o == CC_NONE)
        return 0;
    for (uint32_t l = self->nodes[o].head[PT_FUNCS]; l != CC_NONE && n < max; l = self->links[l].next)
        out[n++] = self->funcs[self->links[l].val];
    return n;
}
