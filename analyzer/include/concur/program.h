/* program.h - a linked program: every unit of a run, module resolution, semantic lowering with
 * the knowledge base, and the findings of the rules.
 *
 * Building a program takes ownership of the units. Everything derived (resolutions, semantic
 * operations, findings) is owned by the program and freed with it. A program is read-only once
 * cc_program_analyze returns, so rules and reports may read it from any thread. */
#ifndef CONCUR_PROGRAM_H
#define CONCUR_PROGRAM_H

#include <stdbool.h>
#include <stdint.h>

#include "concur/diag.h"
#include "concur/intern.h"
#include "concur/ir.h"

typedef enum cc_model {
    CC_MODEL_UNKNOWN,
    CC_MODEL_THREAD,
    CC_MODEL_PROCESS,
} cc_model;

typedef enum cc_start_method {
    CC_SM_UNKNOWN,     /* not set anywhere: the platform's default applies */
    CC_SM_FORK,
    CC_SM_SPAWN,
    CC_SM_FORKSERVER,
} cc_start_method;

/* Returns "fork", "spawn", "forkserver" or "the platform default". */
const char *cc_start_method_name(cc_start_method sm);

/* When a payload is pickled. */
typedef enum cc_pickling {
    CC_PICKLE_NEVER,
    CC_PICKLE_ALWAYS,        /* pool tasks, queue puts */
    CC_PICKLE_UNLESS_FORK,   /* Process arguments: only under spawn and forkserver */
} cc_pickling;

/* A semantic operation: what lowering with the knowledge base made of a call. */
typedef struct cc_sem {
    uint8_t kind;            /* cc_sem_kind */
    uint8_t model;           /* cc_model of the thread/process/pool involved */
    uint8_t start_method;    /* cc_start_method in force for it */
    uint8_t pickling;        /* SEND: cc_pickling */
    bool sm_explicit;        /* the start method was chosen in the code (not the default) */
    unsigned kb_flags;       /* the knowledge-base entry's CC_KBF_* flags (START: SELF_TARGET
                                only when the object's own run() is the target) */
    uint8_t kb_effect;       /* its cc_kb_effect (a trylock is an ACQUIRE of effect TRYLOCK) */
    cc_op_id at;             /* the CALL / WITH op it comes from */
    uint32_t value;          /* SEND: the payload op; START/SUBMIT: the target callable op, or
                                CC_NONE; ACQUIRE/RELEASE/JOIN: the lock/handle op */
    const char *api;         /* the knowledge-base name, e.g. "multiprocessing.pool.Pool.map" */
    const char *role;        /* SEND: "function", "argument", "initializer", "item" */
    uint32_t target_unit, target_func; /* START/SUBMIT: the codebase function run, or CC_NONE */
    cc_op_id handle;         /* Python START: the call that made the thread or process object */
    bool handle_known;       /* ... when it is known */
} cc_sem;

typedef struct cc_program cc_program;

/* Seconds spent in each phase of the last cc_program_analyze (monotonic clock): linking and
 * lowering; the analyses (points-to, call graph, threads, locksets: built once, on first use by
 * a rule or the advice); the rules without the analyses; the effects and the advice (without
 * analyses they built). */
typedef struct cc_phase_times {
    double link_lower, analyses, rules, advice;
    /* the parts of `analyses` */
    double pointsto, callgraph, threads, locksets;
} cc_phase_times;

struct cc_kb_entry;

/* A fold of set_start_method calls: how many, the method of the last, and whether two differ. */
typedef struct cc_sm_calls {
    uint32_t n;
    uint8_t method; /* cc_start_method */
    bool conflict;
} cc_sm_calls;

/* Both folds as one (the order of calls does not matter to the result's use). */
cc_sm_calls cc_sm_calls_join(cc_sm_calls a, cc_sm_calls b);
/* The process-wide method the calls set: the one they all agree on, else CC_SM_UNKNOWN. */
cc_start_method cc_sm_calls_method(cc_sm_calls c);

typedef struct cc_program_options {
    int target_major, target_minor; /* 0 when unknown */
    bool target_free_threaded;
    /* Folders that are on sys.path (`src/`): a file under one is named by its path from it
     * (src/pkg/mod.py is pkg.mod, also without __init__.py files). Absolute, no trailing '/'. */
    const char *const *source_roots;
    size_t nsource_roots;
    /* The user's own knowledge-base entries (configuration); they win over built-in ones of the
     * same name. Borrowed: they must outlive the program. */
    const struct cc_kb_entry *user_kb;
    size_t nuser_kb;
    /* The caller keeps the units and their array, which must outlive the program (the language
     * server keeps the units of unchanged files from one program to the next). Linking still
     * writes each unit's id and module name, so a unit belongs to one live program at a time. */
    bool borrow_units;
    /* Seconds per unit of cost for the effects and the advice (effects.h); NULL: the shipped
     * defaults. Borrowed: it must outlive the program. */
    const struct cc_cost_constants *costs;
    bool no_advice;          /* make no advice (`--no-advice`): cc_program_advice is empty */
    /* The set_start_method calls of units analysed as other programs (the language server
     * analyses each group of units cc_program_components finds as a program of its own): the
     * method they set is the default of every unit here that no program sets one for, as it
     * is when all the units are one program. Zero: none. See cc_program_sm_calls. */
    cc_sm_calls outside_sm;
    /* Non-zero: how each unit's file is named (real path, folder, module name) is taken from the
     * unit when it was named under this same epoch, without asking the file system again. The
     * language server keeps units across links and starts a new epoch when files appear or go
     * (an __init__.py renames modules) or the configuration changes. 0: always asked. */
    uint64_t naming_epoch;
    /* Polled between the phases of cc_program_analyze and during points-to (NULL: never).
     * When it answers true the run stops early: cc_program_cancelled is then true and the
     * program's findings are incomplete; delete it. The language server stops an analysis
     * this way when an edit makes it stale. */
    bool (*cancelled)(void *ctx);
    void *cancel_ctx;
} cc_program_options;

/* Creates a program over units[0..n); takes ownership of the units (and of the array) unless
 * opts->borrow_units. Unit ids are set to their index. Returns NULL when out of memory. */
cc_program *cc_program_new(cc_interner *in, cc_unit **units, uint32_t n,
                           const cc_program_options *opts);
void cc_program_delete(cc_program *self);

/* Splits units[0..n) into groups that cannot change each other's findings: a group is closed
 * under everything linking and the analyses follow between units (imports, with a package and
 * its submodules, which attribute chains reach; units of one module name; C translation units,
 * which share one namespace). Only set_start_method's process-wide default crosses groups (see
 * cc_program_options.outside_sm). Writes each unit's group to comp[i] (groups numbered by their
 * first unit) and returns the number of groups. The units' ids are left as they were. */
uint32_t cc_program_components(cc_interner *in, cc_unit **units, uint32_t n,
                               const cc_program_options *opts, uint32_t *comp);

/* True when opts.cancelled stopped cc_program_analyze (its results are incomplete). */
bool cc_program_cancelled(const cc_program *self);
/* Asks opts.cancelled (false without one); for long analyses to poll now and then. */
bool cc_program_should_stop(const cc_program *self);

/* The set_start_method calls of this program's units (after cc_program_analyze), not counting
 * opts.outside_sm. */
cc_sm_calls cc_program_sm_calls(const cc_program *self);

/* Links modules, lowers calls with the knowledge base and runs the selected rules.
 * selected(code) decides which rules run. This function can't fail. */
void cc_program_analyze(cc_program *self, bool (*selected)(const char *code, void *ctx),
                        void *ctx);

cc_interner *cc_program_interner(const cc_program *self);
uint32_t cc_program_unit_count(const cc_program *self);
const cc_unit *cc_program_unit(const cc_program *self, uint32_t id);

/* The semantic operations found, in program order (unit, function, op). */
uint32_t cc_program_sem_count(const cc_program *self);
const cc_sem *cc_program_sem(const cc_program *self, uint32_t i);

/* Findings and per-file problems, sorted by unit, line, column, code. */
uint32_t cc_program_finding_count(const cc_program *self);
const cc_diag *cc_program_finding(const cc_program *self, uint32_t i);

/* ---- resolution (for analyses and rules) --------------------------------------------------- */

typedef enum cc_vkind {
    CC_V_UNKNOWN,
    CC_V_CONST,      /* a literal (op gives it) */
    CC_V_EXTERN,     /* something outside the codebase named qname: a module, function, class */
    CC_V_INSTANCE,   /* an object made by calling qname (an instance or a call's result) */
    CC_V_FUNC,       /* a function of the codebase (unit, idx) */
    CC_V_CLASS,      /* a class of the codebase (unit, idx) */
    CC_V_OBJECT,     /* an instance of a codebase class (unit, idx) */
    CC_V_MODULE,     /* a module of the codebase (unit) */
} cc_vkind;

typedef struct cc_aval {
    uint8_t kind;            /* cc_vkind */
    uint8_t start_method;    /* for multiprocessing contexts and what they make */
    uint8_t model;           /* INSTANCE of a pool or handle: cc_model of its workers */
    bool sm_explicit;
    cc_str qname;            /* EXTERN/INSTANCE: the qualified name (canonical type for INSTANCE) */
    uint32_t unit, idx;      /* FUNC/CLASS/OBJECT/MODULE */
    cc_op_id origin;         /* the op the value was found at (CALL for INSTANCE/OBJECT) */
} cc_aval;

/* Resolves what the value of op in (unit, func) is, across assignments, imports and modules.
 * Best effort and bounded; CC_V_UNKNOWN when it cannot tell. This function can't fail. */
cc_aval cc_resolve(const cc_program *self, uint32_t unit, uint32_t func, uint32_t op);

/* Calls fn for every op that may define the value of op: it follows loads of variables to every
 * store into them (in the function, enclosing functions or the module) and stops at ops that are
 * not loads. Bounded. */
void cc_value_origins(const cc_program *self, uint32_t unit, uint32_t func, uint32_t op,
                      void (*fn)(const cc_program *prog, uint32_t unit, uint32_t func,
                                 uint32_t op, void *ctx),
                      void *ctx);

/* Python: the function of `unit` (an index) whose frame holds the variable a closure reference
 * `name` in function `func` names — the nearest enclosing function that binds it as a parameter or
 * a local — or CC_NONE when none does (a global). This function can't fail. */
uint32_t cc_closure_binder(const cc_program *self, uint32_t unit, uint32_t func, cc_str name);

/* The one op that may define the value of op (as cc_value_origins finds them): writes it to *out
 * and returns true when there is exactly one, else returns false. This function can't fail. */
bool cc_value_origin_one(const cc_program *self, uint32_t unit, uint32_t func, uint32_t op,
                         cc_op_id *out);

/* The program-wide start method set by multiprocessing.set_start_method, or the target's
 * default; *explicit tells whether the code chose it. */
cc_start_method cc_program_start_method(const cc_program *self, bool *explicit_);

/* Codebase functions that a call op may run (direct calls, methods, class construction).
 * Writes up to max ids; returns the number found. */
uint32_t cc_call_targets(const cc_program *self, uint32_t unit, uint32_t func, uint32_t op,
                         cc_func_id *out, uint32_t max);

/* A loop's trip count as the analyses see it: the front end's (syntactic) record refined with
 * what the program knows — `range(...)` of constants (folded: 10**7, N = 1000 at module level),
 * a parameter, a literal list. kind is a cc_trip_kind. */
typedef struct cc_trip {
    uint8_t kind;
    int64_t n;               /* CC_TRIP_CONST: iterations (saturating at INT64_MAX) */
    uint32_t param;          /* CC_TRIP_PARAM: parameter index */
    uint32_t op;             /* CC_TRIP_COLLECTION: the iterated value */
} cc_trip;

cc_trip cc_loop_trip(const cc_program *self, uint32_t unit, uint32_t func, uint32_t loop);

/* Folds op to an integer constant through literals, arithmetic and variables with one value.
 * Returns false when it is not a known integer. */
bool cc_const_int(const cc_program *self, uint32_t unit, uint32_t func, uint32_t op,
                  int64_t *out);

/* Reports a finding. Called by rules. message and help are copied. */
void cc_program_report(cc_program *self, const char *code, uint32_t unit, cc_span span,
                       const char *message, const char *help);
/* Reports a finding with related locations (the other access of a race, the other order of a
 * lock pair). message, help and the related messages are copied. */
void cc_program_report_related(cc_program *self, const char *code, uint32_t unit, cc_span span,
                               const char *message, const char *help, const cc_related *rel,
                               uint32_t nrel);

/* The semantic operations lowered from op (unit, func, op): writes the index of the first to
 * *first and returns how many there are (0 when none). This function can't fail. */
uint32_t cc_program_sems_at(const cc_program *self, uint32_t unit, uint32_t func, uint32_t op,
                            uint32_t *first);

/* The argument of CALL op by keyword kw or positional index pos (counting positional arguments
 * only), or CC_NONE. */
uint32_t cc_call_arg(const cc_program *self, uint32_t unit, uint32_t func, uint32_t op, int pos,
                     const char *kw);

/* The attribute `name` of codebase class (unit, cls), looked up as Python does (the class, then
 * its bases in the codebase); CC_V_FUNC for a method. CC_V_UNKNOWN when not found. */
cc_aval cc_class_attr(const cc_program *self, uint32_t unit, uint32_t cls, cc_str name);

/* The number of workers of the pool that value op (in unit, func) refers to, when the pool is
 * made in the codebase with a constant count (`ThreadPoolExecutor(max_workers=4)`, `Pool(2)`);
 * 0 when unknown or left to the library's default. This function can't fail. */
int64_t cc_pool_workers(const cc_program *self, uint32_t unit, uint32_t func, uint32_t op);

/* The knowledge-base entry (built-in or the user's) of a callable's qualified name, also by
 * prefix for C entries such as __VERIFIER_atomic_; NULL when none. */
const struct cc_kb_entry *cc_program_kb_find(const cc_program *self, const char *name);

/* ---- the gate's view: editing findings after the rules ran -------------------------------- */

/* The i-th finding, writable (to set fingerprints and severities). */
cc_diag *cc_program_finding_mut(cc_program *self, uint32_t i);
/* Keeps the findings for which keep() is true, in order. */
void cc_program_filter_findings(cc_program *self, bool (*keep)(const cc_diag *d, void *ctx),
                                void *ctx);
/* Sorts the findings by unit, line, column, code (after adding some). */
void cc_program_sort_findings(cc_program *self);
/* True when `unit`, or a unit it imports (transitively), is marked. Valid after analyze. */
bool cc_program_imports_any(const cc_program *self, uint32_t unit, const bool *marked);
/* The "module.qualname" of the innermost function or class body around a byte offset of a
 * unit (the module's name at top level). Owned by the program's interner. */
const char *cc_program_func_at(const cc_program *self, uint32_t unit, uint32_t offset);

/* Returns the qualified name of unit's function in "module.qualname" form (owned by the
 * program). */
const char *cc_program_func_name(const cc_program *self, uint32_t unit, uint32_t func);

/* The whole-program analyses (points-to, call graph, thread model, locksets; analysis.h), built
 * on first use and kept until the program is deleted, so rules share one copy. The program must
 * be analysed (linked and lowered). Not thread-safe on first use: rules run one after another. */
struct cc_analyses;
const struct cc_analyses *cc_program_analyses(cc_program *self);

/* ---- effects and advice (effects.h, advice.h) ------------------------------------------------ */

/* The options the program was made with. */
const cc_program_options *cc_program_options_get(const cc_program *self);

/* The effect and cost summaries and the sites (effects.h), built on first use and kept until the
 * program is deleted. The program must be analysed (linked and lowered). Not thread-safe on first
 * use: rules run one after another. */
struct cc_effects;
struct cc_effects *cc_program_effects(cc_program *self);

/* The advice records (advice.h), made by cc_program_analyze after the rules; NULL before. */
struct cc_advice_set;
const struct cc_advice_set *cc_program_advice(const cc_program *self);

/* The phase times of the last analysis. This function can't fail. */
const cc_phase_times *cc_program_phase_times(const cc_program *self);

#endif
