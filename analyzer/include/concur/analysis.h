/* analysis.h - the analyses between semantic lowering and the rules: points-to, call graph,
 * thread model and locksets (DESIGN.md, Analyses 3-6).
 *
 * Each analysis is an opaque object built from a linked, lowered program (cc_program_analyze has
 * lowered it before rules run) and from the analyses before it. They are read-only once built, so
 * rules may query them from any thread. Functions are numbered program-wide ("gid": a unit's
 * functions are consecutive, units in order); cc_pointsto_gid and cc_pointsto_func convert.
 *
 * What the analyses see and do not see is written down in docs/analyses.md. */
#ifndef CONCUR_ANALYSIS_H
#define CONCUR_ANALYSIS_H

#include <stdbool.h>
#include <stdint.h>

#include "concur/ir.h"
#include "concur/program.h"

/* ---- points-to (pointsto.c) ---------------------------------------------------------------
 *
 * Steensgaard-style unification over abstract objects ("nodes"), field-sensitive: a node has one
 * pointee (what a cell holds, or a container's elements) and named fields. C variables, Python
 * module globals and locals are cells; `&x` is x's cell; `*p`, `p[i]` and `p->f` go through the
 * pointee of p; an array and its elements are one node. Python references are pointers: an
 * attribute is a field of the object, `d[k]` is an element of d. Calls (direct, through function
 * pointers, bound methods, functools.partial) bind arguments to parameters and return values to
 * results; thread starts bind their argument to the thread function's parameter. Allocation
 * sites (C malloc-like calls, Python object construction and literals) are nodes of their own. */

typedef struct cc_pointsto cc_pointsto;

enum {
    CC_PTN_GLOBAL = 1u << 0,     /* a global or module-level variable, or a module */
    CC_PTN_LOCAL = 1u << 1,      /* a local variable of some function (a frame cell) */
    CC_PTN_ALLOC = 1u << 2,      /* an allocation site merged into it */
    CC_PTN_ALLOC_LOOP = 1u << 3, /* ... allocated inside a loop */
    CC_PTN_ALLOC_ONCE = 1u << 4, /* ... allocated outside any loop */
    CC_PTN_ESCAPED = 1u << 5,    /* reachable from a global, a closure cell or a thread argument:
                                    more than one thread may see it */
    CC_PTN_TLS = 1u << 6,        /* C thread-local storage */
    CC_PTN_ATOMIC = 1u << 7,     /* C _Atomic object */
    CC_PTN_FUNC = 1u << 8,       /* holds a function */
    CC_PTN_ADDR_TAKEN = 1u << 9, /* C: a local whose address is taken */
    CC_PTN_THREAD_ARG = 1u << 10,/* handed to a thread start (argument, receiver, target) */
};

/* What a place op designates: `var` (the cell itself), a field of an object, or an element. */
typedef enum cc_place_kind {
    CC_PLACE_VAR,
    CC_PLACE_FIELD,
    CC_PLACE_ELEM,               /* a[i], *p: an element (or the whole) of the object */
} cc_place_kind;

typedef struct cc_place {
    uint32_t node;               /* the object (root node) that holds the place */
    cc_str sel;                  /* CC_PLACE_FIELD: the field name; else CC_STR_NONE */
    uint8_t kind;                /* cc_place_kind */
    uint8_t index;               /* CC_PLACE_ELEM: the INDEX's cc_index_kind (UNKNOWN for *p) */
    uint32_t index_loop;         /* CC_INDEX_LOOP_VAR: the loop whose variable indexes it */
} cc_place;

/* Runs the analysis over every unit of prog. Returns NULL only when out of memory (it aborts,
 * like every cc_x* allocation). The program must be analysed (linked and lowered). */
cc_pointsto *cc_pointsto_new(const cc_program *prog);
void cc_pointsto_delete(cc_pointsto *self);

uint32_t cc_pointsto_func_count(const cc_pointsto *self);
uint32_t cc_pointsto_gid(const cc_pointsto *self, uint32_t unit, uint32_t func);
cc_func_id cc_pointsto_func(const cc_pointsto *self, uint32_t gid);

/* The node of the object the value of op refers to, or CC_NONE (constants, unmodelled values).
 * Two values may refer to the same object only if their nodes are equal. */
uint32_t cc_pointsto_obj(const cc_pointsto *self, uint32_t unit, uint32_t func, uint32_t op);
/* The place a place op (NAME, FIELD, INDEX, UNOP "*") designates. False for other ops. */
bool cc_pointsto_place(const cc_pointsto *self, uint32_t unit, uint32_t func, uint32_t op,
                       cc_place *out);
/* The cell node of a place: the node whose pointee is what the place holds. */
uint32_t cc_pointsto_cell(const cc_pointsto *self, uint32_t unit, uint32_t func, uint32_t op);
/* CC_PTN_* flags of a node (0 for CC_NONE). */
uint32_t cc_pointsto_flags(const cc_pointsto *self, uint32_t node);
/* The allocation sites merged into node; writes up to max; returns how many there are, counting
 * at most max + 1 (so `n > max` says "more than max" without walking a huge list). */
uint32_t cc_pointsto_sites(const cc_pointsto *self, uint32_t node, cc_op_id *out, uint32_t max);
/* The codebase functions a CALL op may run: resolved names, function pointers, bound methods,
 * partials, class construction (__init__). Writes up to max; returns the number written. */
uint32_t cc_pointsto_callees(const cc_pointsto *self, uint32_t unit, uint32_t func, uint32_t op,
                             cc_func_id *out, uint32_t max);
/* The codebase functions the value of op may be (a function pointer, a callable passed as a
 * parameter); writes up to max; returns the number written. */
uint32_t cc_pointsto_funcs(const cc_pointsto *self, uint32_t unit, uint32_t func, uint32_t op,
                           cc_func_id *out, uint32_t max);
/* Number of nodes (for tests and figures). */
uint32_t cc_pointsto_node_count(const cc_pointsto *self);

/* ---- call graph (callgraph.c) ------------------------------------------------------------- */

typedef struct cc_callgraph cc_callgraph;

typedef struct cc_call_edge {
    uint32_t caller, callee;     /* gids */
    uint32_t op;                 /* the CALL op in the caller */
} cc_call_edge;

/* Builds the call graph from the points-to callees of every CALL op. Never NULL. */
cc_callgraph *cc_callgraph_new(const cc_program *prog, const cc_pointsto *pt);
void cc_callgraph_delete(cc_callgraph *self);
/* Edges out of / into function gid; *n receives the count. The arrays belong to the graph. */
const cc_call_edge *cc_callgraph_out(const cc_callgraph *self, uint32_t gid, uint32_t *n);
const cc_call_edge *cc_callgraph_in(const cc_callgraph *self, uint32_t gid, uint32_t *n);

/* ---- thread model (threads.c) ---------------------------------------------------------------
 *
 * Contexts: 0 is the main thread (C `main`, every Python module's top level); one per START or
 * SUBMIT of a thread (or thread pool) with a codebase target. Processes share no memory and are
 * not contexts. A context runs its entry function and everything that calls reach from it. At
 * each program point, a may-live set says which contexts may be running: a START makes its
 * context live; a JOIN that joins every copy (same handle; a join loop over the same range or
 * collection as the start loop; pool shutdown, leaving a `with` executor block, future.result())
 * ends it; detached threads never end. Liveness flows into callees and out of them. */

typedef struct cc_threads cc_threads;

typedef struct cc_context {
    uint32_t entry;              /* gid of the function it runs (main: CC_NONE) */
    uint32_t sem;                /* the START/SUBMIT semantic op (main: CC_NONE) */
    cc_op_id start;              /* where it starts */
    uint32_t parent;             /* the context that starts it */
    bool many;                   /* more than one copy runs at once (a loop, a pool map) */
    bool pool;                   /* a pool worker */
} cc_context;

cc_threads *cc_threads_new(const cc_program *prog, const cc_pointsto *pt, const cc_callgraph *cg);
void cc_threads_delete(cc_threads *self);
uint32_t cc_threads_count(const cc_threads *self);
const cc_context *cc_threads_context(const cc_threads *self, uint32_t ctx);
/* True when function gid may run in context ctx. */
bool cc_threads_runs_in(const cc_threads *self, uint32_t gid, uint32_t ctx);
/* True when context ctx may be live just before op of function gid. */
bool cc_threads_live_at(const cc_threads *self, uint32_t gid, uint32_t op, uint32_t ctx);
/* True when an access at op a (function ga, in context ca) and one at op b (gb, cb) may run at
 * the same time. */
bool cc_threads_concurrent(const cc_threads *self, uint32_t ca, uint32_t ga, uint32_t a,
                           uint32_t cb, uint32_t gb, uint32_t b);
/* True when a place on node is private to each copy of context ctx: allocated in the loop that
 * starts the copies and handed to each, or an array handed out element by element by the start
 * loop's variable. */
bool cc_threads_per_copy(const cc_threads *self, uint32_t node, uint32_t ctx);
/* True when node is the thread object whose own run() context ctx runs (a `Thread` subclass
 * started with `.start()`). A thread object starts once, so two such contexts, or two copies of
 * one, never run on the same object: places on that node are each thread's own. */
bool cc_threads_own_object(const cc_threads *self, uint32_t node, uint32_t ctx);
/* The loop whose variable indexes the element that place op of gid designates (`a[i]`,
 * `a[i].f`), or CC_NONE. */
uint32_t cc_threads_elem_loop(const cc_threads *self, uint32_t gid, uint32_t op);
/* True when, at op of gid, the copy of ctx that the variable of `loop` selects is not running:
 * op comes before the start in the start loop's iteration, or after its join in the join loop's
 * iteration. */
/* True when two thread contexts were each handed a different constant element of the array
 * node (`pthread_create(&a, 0, f, &v[0])` and `... &v[1]`): accesses through it do not meet. */
bool cc_threads_distinct_slots(const cc_threads *self, uint32_t node, uint32_t ca,
                                uint32_t cb);
bool cc_threads_copy_quiet(const cc_threads *self, uint32_t ctx, uint32_t gid, uint32_t op,
                           uint32_t loop);
/* "thread", "pool worker", "main thread", with the copy count when known ("4 copies"). Written
 * into buf; returns buf. */
const char *cc_threads_describe(const cc_threads *self, uint32_t ctx, char *buf, size_t cap);

/* ---- locksets (locksets.c) ------------------------------------------------------------------
 *
 * Locks are places (node, field): `s->mu` and `s->count` share the node of *s. Must-locksets
 * (intersection where paths meet) before every op; trylock acquires only on its success edge;
 * cond_wait releases and re-acquires; rwlock read locks are held in shared mode. Per-function
 * summaries: a function's entry lockset is what every caller holds at the call; a call adds the
 * locks the callee returns holding and removes those it releases. */

typedef struct cc_locksets cc_locksets;

typedef struct cc_lock {
    uint32_t node;
    cc_str sel;
    uint32_t unit, func, op;     /* an op naming it (for messages) */
} cc_lock;

typedef struct cc_held {
    uint32_t lock;               /* index into the lock table */
    bool shared;                 /* held in shared (read) mode only */
} cc_held;

/* An acquisition while another lock is held: `second` is taken at (gid, op) with `first` held
 * (first taken at first_gid/first_op). May-lockset based: for lock-order inversion. */
typedef struct cc_lock_order {
    uint32_t first, second;
    uint32_t gid, op;
    uint32_t first_gid, first_op;
} cc_lock_order;

cc_locksets *cc_locksets_new(const cc_program *prog, const cc_pointsto *pt,
                             const cc_callgraph *cg);
void cc_locksets_delete(cc_locksets *self);
uint32_t cc_locksets_lock_count(const cc_locksets *self);
const cc_lock *cc_locksets_lock(const cc_locksets *self, uint32_t i);
/* The must-lockset just before op of function gid: writes up to max locks to out and returns
 * how many are held. An unreachable op holds nothing. */
uint32_t cc_locksets_held(const cc_locksets *self, uint32_t gid, uint32_t op, cc_held *out,
                          uint32_t max);
/* The acquisition-order pairs found; *n receives the count. */
const cc_lock_order *cc_locksets_orders(const cc_locksets *self, uint32_t *n);
/* Writes a readable name of lock i ("`s->mu`", "`self.lock`") into buf; returns buf. */
const char *cc_locksets_describe(const cc_locksets *self, const cc_program *prog, uint32_t i,
                                 char *buf, size_t cap);

/* ---- shared analyses (cc_program_analyses) ---------------------------------------------------
 *
 * Built once per program. ls is NULL when the thread model has a single context (no rule needs
 * locksets then). */
typedef struct cc_analyses {
    cc_pointsto *pt;
    cc_callgraph *cg;
    cc_threads *th;
    cc_locksets *ls;
} cc_analyses;

#endif
