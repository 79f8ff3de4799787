/* program.c - linking, resolution, semantic lowering and findings; see program.h. */
#include "concur/program.h"
#include "concur/advice.h"
#include "concur/analysis.h"
#include "concur/effects.h"

#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "concur/arena.h"
#include "concur/rule.h"
#include "knowledge/kb.h"

enum { RESOLVE_DEPTH = 24, ORIGIN_LIMIT = 64 };

/* ---- small hash map: 64-bit key -> 32-bit value ------------------------------------------- */

typedef struct map {
    uint64_t *keys;
    uint32_t *vals;
    uint32_t cap, n;
} map;

static uint64_t mix(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return k;
}

static uint32_t map_get(const map *m, uint64_t key)
{
    if (!m->cap)
        return CC_NONE;
    for (uint32_t i = (uint32_t)mix(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (m->vals[i] == CC_NONE)
            return CC_NONE;
        if (m->keys[i] == key)
            return m->vals[i];
    }
}

static void map_put(map *m, uint64_t key, uint32_t val)
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
                map_put(m, old.keys[i], old.vals[i]);
        free(old.keys);
        free(old.vals);
    }
    uint32_t i = (uint32_t)mix(key) & (m->cap - 1);
    while (m->vals[i] != CC_NONE && m->keys[i] != key)
        i = (i + 1) & (m->cap - 1);
    if (m->vals[i] == CC_NONE)
        m->n++;
    m->keys[i] = key;
    m->vals[i] = val;
}

static void map_free(map *m)
{
    free(m->keys);
    free(m->vals);
}

#define KEY2(a, b) (((uint64_t)(a) << 32) | (uint32_t)(b))

static uint64_t key3(uint32_t u, uint32_t f, cc_str name)
{
    return mix(mix(KEY2(u, f)) ^ name);
}

/* ---- program ------------------------------------------------------------------------------- */

typedef struct store_ref {
    uint32_t func, op;
    uint32_t next;       /* next store of the same (unit, name), or CC_NONE */
} store_ref;

struct cc_program {
    cc_interner *in;
    cc_arena *arena;
    cc_unit **units;
    uint32_t nunits;
    cc_program_options opts;
    char **unit_dirs;        /* real directory of each unit */
    char **unit_real;        /* real path of each unit */
    uint32_t *same_module_next; /* next unit with the same module name (the map holds the first) */
    map modules;             /* module name -> unit */
    map globals;             /* (unit, name) -> first store_ref index */
    map c_defs;              /* C: global name -> the unit that defines it */
    map locals;              /* hash(unit, func, name) -> first store_ref index (chains are
                                checked: a hash collision only adds entries to skip) */
    store_ref *stores;
    uint32_t nstores, capstores;
    map kb;                  /* name -> entry index */
    const cc_kb_entry *kb_entries;
    uint32_t nkb;
    cc_sem *sems;
    uint32_t nsems, capsems;
    cc_diag *findings;
    uint32_t nfindings, capfindings;
    cc_start_method sm;      /* program-wide: all set_start_method calls agree */
    bool sm_explicit;
    cc_sm_calls own_sm;      /* the set_start_method calls of this program's units */
    bool cancelled;          /* opts.cancelled stopped cc_program_analyze */
    uint8_t *unit_sm;        /* per unit: the start method of the programs that include it, */
    bool *unit_sm_explicit;  /* computed on first use (unit_sm_done) from the import graph */
    bool *unit_sm_done;
    struct smstate *smstate;
    struct graph *imports;   /* the import graph between units, kept for later queries */
    char **func_names;       /* lazily made, per unit: array of names */
    map reaching;            /* (unit, func) -> index in rds: reaching definitions, on demand */
    struct rdefs **rds;
    uint32_t nrds, caprds;
    map memo;                /* (unit, func, op) -> index in memo_vals: resolved values */
    cc_aval *memo_vals;
    uint32_t nmemo, capmemo;
    pthread_mutex_t mu;
    struct cc_analyses *analyses; /* cc_program_analyses: built on first use */
    cc_phase_times times;         /* seconds spent in each phase of cc_program_analyze */
    struct cc_effects *effects;   /* cc_program_effects: built on first use */
    struct cc_advice_set *advice; /* built by cc_program_analyze after the rules */
};

const char *cc_start_method_name(cc_start_method sm)
{
    switch (sm) {
    case CC_SM_FORK: return "fork";
    case CC_SM_SPAWN: return "spawn";
    case CC_SM_FORKSERVER: return "forkserver";
    default: return "the platform default";
    }
}

cc_interner *cc_program_interner(const cc_program *self) { return self->in; }
uint32_t cc_program_unit_count(const cc_program *self) { return self->nunits; }
const cc_unit *cc_program_unit(const cc_program *self, uint32_t id) { return self->units[id]; }
uint32_t cc_program_sem_count(const cc_program *self) { return self->nsems; }
const cc_sem *cc_program_sem(const cc_program *self, uint32_t i) { return &self->sems[i]; }
uint32_t cc_program_finding_count(const cc_program *self) { return self->nfindings; }
const cc_diag *cc_program_finding(const cc_program *self, uint32_t i)
{
    return &self->findings[i];
}

cc_start_method cc_program_start_method(const cc_program *self, bool *explicit_)
{
    if (explicit_)
        *explicit_ = self->sm_explicit;
    return self->sm;
}

static const cc_op *op_at(const cc_program *p, uint32_t u, uint32_t f, uint32_t o)
{
    const cc_unit *un = p->units[u];
    if (f >= un->nfuncs || o >= un->funcs[f].nops)
        return NULL;
    return &un->funcs[f].ops[o];
}

static const char *T(const cc_program *p, cc_str s)
{
    return cc_str_text(p->in, s);
}

static const cc_kb_entry *kb_lookup(const cc_program *p, cc_str name)
{
    if (!name)
        return NULL;
    uint32_t i = map_get(&p->kb, name);
    return i == CC_NONE ? NULL : &p->kb_entries[i];
}

static const cc_kb_entry *kb_lookup_text(const cc_program *p, const char *s)
{
    return kb_lookup(p, cc_intern_cstr(p->in, s));
}

/* True for an entry of the built-in tables (not the user's configuration). */
static bool kb_is_builtin(const cc_program *p, const cc_kb_entry *e)
{
    return e && e >= p->kb_entries && e < p->kb_entries + (p->nkb - p->opts.nuser_kb);
}

/* ---- module names -------------------------------------------------------------------------- */

static bool file_exists(const char *dir, const char *name)
{
    char buf[PATH_MAX + 32];
    if (snprintf(buf, sizeof buf, "%s/%s", dir, name) >= (int)sizeof buf)
        return false;
    FILE *f = fopen(buf, "r");
    if (f)
        fclose(f);
    return f != NULL;
}

/* Module name from the file's place among packages: walk up while __init__.py exists. */
static void module_name_of(cc_program *p, cc_unit *u, uint32_t id)
{
    if (p->opts.naming_epoch && u->naming_epoch == p->opts.naming_epoch) {
        p->unit_dirs[id] = strdup(u->dir);
        p->unit_real[id] = strdup(u->real_path);
        return;
    }
    char real[PATH_MAX];
    if (!realpath(u->path, real))
        snprintf(real, sizeof real, "%s", u->path);
    char dir[PATH_MAX], base[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", real);
    snprintf(base, sizeof base, "%s", real);
    char *d = dirname(dir);
    char *b = basename(base);
    p->unit_dirs[id] = strdup(d);
    p->unit_real[id] = strdup(real);
    size_t bl = strlen(b);
    if (bl > 3 && !strcmp(b + bl - 3, ".py"))
        b[bl - 3] = 0;
    for (char *c = b; *c; c++)
        if (*c == '.' || *c == '-')
            *c = '_';
    u->is_package_init = !strcmp(b, "__init__");
    char name[PATH_MAX] = "";
    if (!u->is_package_init)
        snprintf(name, sizeof name, "%s", b);
    char cur[PATH_MAX];
    snprintf(cur, sizeof cur, "%s", d);
    for (int depth = 0; depth < 64 && file_exists(cur, "__init__.py"); depth++) {
        char tmp[PATH_MAX], tmp2[PATH_MAX];
        snprintf(tmp, sizeof tmp, "%s", cur);
        char *pkg = basename(tmp);
        snprintf(tmp2, sizeof tmp2, "%s%s%s", pkg, name[0] ? "." : "", name);
        snprintf(name, sizeof name, "%s", tmp2);
        char up[PATH_MAX];
        snprintf(up, sizeof up, "%s", cur);
        char *parent = dirname(up); /* dirname writes into its argument: compare with a copy */
        if (!strcmp(parent, cur))
            break;
        memmove(cur, parent, strlen(parent) + 1);
    }
    if (!name[0])
        snprintf(name, sizeof name, "%s", b);
    /* Under a configured source root, the path from the root names the module (namespace
     * packages need no __init__.py). The deepest root containing the file wins. */
    size_t best = 0;
    for (size_t r = 0; r < p->opts.nsource_roots; r++) {
        const char *root = p->opts.source_roots[r];
        size_t rl = strlen(root);
        if (rl > best && !strncmp(real, root, rl) && real[rl] == '/') {
            best = rl;
            char rel[PATH_MAX];
            snprintf(rel, sizeof rel, "%s", real + rl + 1);
            size_t n = strlen(rel);
            if (n > 3 && !strcmp(rel + n - 3, ".py"))
                rel[n -= 3] = 0;
            if (n >= 9 && !strcmp(rel + n - 9, "/__init__"))
                rel[n - 9] = 0;
            else if (!strcmp(rel, "__init__"))
                rel[0] = 0;
            for (char *c = rel; *c; c++)
                if (*c == '/')
                    *c = '.';
            if (rel[0])
                snprintf(name, sizeof name, "%s", rel);
        }
    }
    u->module = cc_intern_cstr(p->in, name);
    u->is_dunder_main = !strcmp(b, "__main__") && file_exists(d, "__init__.py");
    if (p->opts.naming_epoch) {
        u->real_path = cc_arena_strndup(u->arena, real, strlen(real));
        u->dir = cc_arena_strndup(u->arena, d, strlen(d));
        u->naming_epoch = p->opts.naming_epoch;
    }
}

/* Resolves a module name as written in unit u (relative names start with dots) to an absolute
 * dotted name; writes it to out. */
static void absolute_module(const cc_program *p, const cc_unit *u, const char *written, char *out,
                            size_t cap)
{
    if (written[0] != '.') {
        snprintf(out, cap, "%s", written);
        return;
    }
    int dots = 0;
    while (written[dots] == '.')
        dots++;
    char pkg[PATH_MAX];
    snprintf(pkg, sizeof pkg, "%s", T(p, u->module));
    /* A module's package is its name minus the last part; a package __init__ is its own. */
    int strip = u->is_package_init ? dots - 1 : dots;
    for (int i = 0; i < strip; i++) {
        char *dot = strrchr(pkg, '.');
        if (dot)
            *dot = 0;
        else
            pkg[0] = 0;
    }
    const char *rest = written + dots;
    if (pkg[0] && rest[0])
        snprintf(out, cap, "%s.%s", pkg, rest);
    else
        snprintf(out, cap, "%s", pkg[0] ? pkg : rest);
}

static uint32_t find_module(const cc_program *p, const char *name)
{
    return map_get(&p->modules, cc_intern_cstr(p->in, name));
}

/* A module as seen from unit `from`: Python puts a script's own folder first on sys.path, so
 * a module of that name next to the importer wins over one elsewhere in the codebase. */
static uint32_t find_module_from(const cc_program *p, uint32_t from, const char *name)
{
    uint32_t u = find_module(p, name);
    if (u == CC_NONE || from == CC_NONE || !p->unit_dirs[from] || !p->unit_dirs[u] ||
        !strcmp(p->unit_dirs[u], p->unit_dirs[from]))
        return u;
    /* Same dotted name, rooted at the importer's folder. */
    char path[PATH_MAX];
    size_t n = (size_t)snprintf(path, sizeof path, "%s/", p->unit_dirs[from]);
    for (const char *c = name; *c && n + 1 < sizeof path; c++)
        path[n++] = *c == '.' ? '/' : *c;
    path[n < sizeof path ? n : sizeof path - 1] = 0;
    char file[PATH_MAX + 16], init[PATH_MAX + 16];
    snprintf(file, sizeof file, "%s.py", path);
    snprintf(init, sizeof init, "%s/__init__.py", path);
    for (uint32_t i = u; i != CC_NONE; i = p->same_module_next[i]) {
        if (!p->unit_real[i])
            continue;
        if (!strcmp(p->unit_real[i], file) || !strcmp(p->unit_real[i], init))
            return i;
    }
    return u;
}

struct graph;
static void graph_free(struct graph *g, uint32_t n);
struct rdefs;
static void rdefs_free(struct rdefs *r);

/* ---- construction -------------------------------------------------------------------------- */

cc_program *cc_program_new(cc_interner *in, cc_unit **units, uint32_t n,
                           const cc_program_options *opts)
{
    cc_program *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    p->in = in;
    p->arena = cc_arena_new();
    p->units = units;
    p->nunits = n;
    if (opts)
        p->opts = *opts;
    p->unit_dirs = cc_xcalloc(n ? n : 1, sizeof(char *));
    p->unit_real = cc_xcalloc(n ? n : 1, sizeof(char *));
    p->same_module_next = cc_xmalloc((n ? n : 1) * sizeof(uint32_t));
    memset(p->same_module_next, 0xff, (n ? n : 1) * sizeof(uint32_t));
    p->func_names = cc_xcalloc(n ? n : 1, sizeof(char *));
    pthread_mutex_init(&p->mu, NULL);
    for (uint32_t i = 0; i < n; i++)
        units[i]->id = i;
    return p;
}

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const cc_phase_times *cc_program_phase_times(const cc_program *self)
{
    return &self->times;
}

bool cc_program_cancelled(const cc_program *self) { return self->cancelled; }

bool cc_program_should_stop(const cc_program *self)
{
    return self->opts.cancelled && self->opts.cancelled(self->opts.cancel_ctx);
}

/* Polls opts.cancelled; once it answered true, stays true. */
static bool stop_now(cc_program *p)
{
    if (!p->cancelled && cc_program_should_stop(p))
        p->cancelled = true;
    return p->cancelled;
}

const struct cc_analyses *cc_program_analyses(cc_program *self)
{
    if (!self->analyses) {
        double t0 = mono_s();
        cc_analyses *a = cc_xcalloc(1, sizeof *a);
        self->analyses = a;
        /* Stopped early (cancelled), the later analyses stay NULL: no rule runs on them. */
        a->pt = cc_pointsto_new(self);
        double t1 = mono_s();
        if (!stop_now(self))
            a->cg = cc_callgraph_new(self, a->pt);
        double t2 = mono_s();
        if (!stop_now(self))
            a->th = cc_threads_new(self, a->pt, a->cg);
        double t3 = mono_s();
        if (!stop_now(self) && cc_threads_count(a->th) > 1)
            a->ls = cc_locksets_new(self, a->pt, a->cg);
        double t4 = mono_s();
        self->times.pointsto += t1 - t0;
        self->times.callgraph += t2 - t1;
        self->times.threads += t3 - t2;
        self->times.locksets += t4 - t3;
        self->times.analyses += t4 - t0;
    }
    return self->analyses;
}

static void analyses_free(cc_analyses *a)
{
    if (!a)
        return;
    cc_locksets_delete(a->ls);
    cc_threads_delete(a->th);
    cc_callgraph_delete(a->cg);
    cc_pointsto_delete(a->pt);
    free(a);
}

void cc_program_delete(cc_program *self)
{
    if (!self)
        return;
    cc_advice_set_delete(self->advice);
    cc_effects_delete(self->effects);
    analyses_free(self->analyses);
    for (uint32_t i = 0; i < self->nunits; i++) {
        if (!self->opts.borrow_units)
            cc_unit_delete(self->units[i]);
        free(self->unit_dirs[i]);
        free(self->unit_real[i]);
        free(self->func_names[i]);
    }
    if (!self->opts.borrow_units)
        free(self->units);
    free(self->unit_dirs);
    free(self->unit_real);
    free(self->same_module_next);
    free(self->func_names);
    map_free(&self->modules);
    map_free(&self->globals);
    map_free(&self->locals);
    map_free(&self->c_defs);
    map_free(&self->kb);
    free(self->stores);
    map_free(&self->memo);
    map_free(&self->reaching);
    for (uint32_t i = 0; i < self->nrds; i++)
        rdefs_free(self->rds[i]);
    free(self->rds);
    if (self->imports) {
        graph_free(self->imports, self->nunits);
        free(self->imports);
    }
    free(self->memo_vals);
    free(self->sems);
    free(self->unit_sm);
    free(self->unit_sm_explicit);
    free(self->unit_sm_done);
    free(self->findings);
    cc_arena_delete(self->arena);
    pthread_mutex_destroy(&self->mu);
    free(self);
}

cc_sm_calls cc_sm_calls_join(cc_sm_calls a, cc_sm_calls b)
{
    if (!a.n)
        return b;
    if (!b.n)
        return a;
    return (cc_sm_calls){a.n + b.n, b.method, a.conflict || b.conflict || a.method != b.method};
}

cc_start_method cc_sm_calls_method(cc_sm_calls c)
{
    return c.n && !c.conflict ? (cc_start_method)c.method : CC_SM_UNKNOWN;
}

cc_sm_calls cc_program_sm_calls(const cc_program *self) { return self->own_sm; }

/* Names the Python units' modules and indexes them by name. */
static void link_modules(cc_program *p)
{
    for (uint32_t i = 0; i < p->nunits; i++) {
        cc_unit *u = p->units[i];
        if (u->lang != CC_LANG_PYTHON)
            continue;
        module_name_of(p, u, i);
        uint32_t first = map_get(&p->modules, u->module);
        if (first == CC_NONE) {
            map_put(&p->modules, u->module, i);
        } else {
            /* chain after the first, in unit order */
            uint32_t last = first;
            while (p->same_module_next[last] != CC_NONE)
                last = p->same_module_next[last];
            p->same_module_next[last] = i;
        }
    }
}

static void link_units(cc_program *p)
{
    link_modules(p);
    for (uint32_t i = 0; i < p->nunits; i++) {
        cc_unit *u = p->units[i];
        /* Index module-level (global) stores by name. */
        for (uint32_t f = 0; f < u->nfuncs; f++) {
            const cc_func *fn = &u->funcs[f];
            for (uint32_t o = 0; o < fn->nops; o++) {
                const cc_op *op = &fn->ops[o];
                if (op->kind != CC_OP_STORE || op->a == CC_NONE)
                    continue;
                const cc_op *pl = &fn->ops[op->a];
                if (pl->kind != CC_OP_NAME)
                    continue;
                if (pl->sub != CC_SCOPE_GLOBAL) {
                    uint64_t lk = key3(i, f, pl->name);
                    store_ref r = {f, o, map_get(&p->locals, lk)};
                    uint32_t idx = p->nstores;
                    CC_VEC_PUSH(p->stores, p->nstores, p->capstores, r);
                    map_put(&p->locals, lk, idx);
                    continue;
                }
                /* C: the translation units of a program share one global namespace; the
                 * first unit defining a name answers for it (functions, globals). */
                if (u->lang == CC_LANG_C && f == 0 && map_get(&p->c_defs, pl->name) == CC_NONE)
                    map_put(&p->c_defs, pl->name, i);
                uint64_t key = KEY2(i, pl->name);
                store_ref r = {f, o, map_get(&p->globals, key)};
                uint32_t idx = p->nstores;
                CC_VEC_PUSH(p->stores, p->nstores, p->capstores, r);
                map_put(&p->globals, key, idx);
            }
        }
    }
    uint32_t nkb;
    const cc_kb_entry *builtin = cc_kb_builtin(&nkb);
    size_t total = nkb + p->opts.nuser_kb;
    cc_kb_entry *all = cc_arena_alloc(p->arena, (total + 1) * sizeof(cc_kb_entry));
    memcpy(all, builtin, nkb * sizeof(cc_kb_entry));
    if (p->opts.nuser_kb)
        memcpy(all + nkb, p->opts.user_kb, p->opts.nuser_kb * sizeof(cc_kb_entry));
    p->kb_entries = all;
    p->nkb = (uint32_t)total;
    /* Later entries win: the user's over the built-in ones. */
    for (uint32_t i = 0; i < p->nkb; i++)
        map_put(&p->kb, cc_intern_cstr(p->in, p->kb_entries[i].name), i);
}

/* ---- resolution ---------------------------------------------------------------------------- */

static cc_aval unknown(void)
{
    cc_aval v = {0};
    v.kind = CC_V_UNKNOWN;
    return v;
}

static cc_aval resolve_at(const cc_program *p, uint32_t u, uint32_t f, uint32_t o, int depth);

/* The single value all stores agree on, or unknown. */
static cc_aval merge(cc_aval a, cc_aval b, bool first)
{
    if (first)
        return a;
    /* A thread pool and a process pool share their canonical type: the model tells them
     * apart. */
    if (a.kind != b.kind || a.qname != b.qname || a.unit != b.unit || a.idx != b.idx ||
        a.model != b.model)
        return unknown();
    return a;
}

static cc_aval resolve_global(const cc_program *p, uint32_t u, cc_str name, int depth)
{
    if (depth > RESOLVE_DEPTH)
        return unknown();
    uint32_t r = map_get(&p->globals, KEY2(u, name));
    if (r == CC_NONE && p->units[u]->lang == CC_LANG_C) {
        /* Defined in another translation unit, else a library function (pthread_create). */
        uint32_t def = map_get(&p->c_defs, name);
        if (def != CC_NONE && def != u)
            return resolve_global(p, def, name, depth + 1);
        cc_aval v = {.kind = CC_V_EXTERN, .qname = name};
        return v;
    }
    if (r == CC_NONE) {
        /* Not bound in the module: a builtin (star imports are not followed yet). */
        char buf[256];
        snprintf(buf, sizeof buf, "builtins.%s", T(p, name));
        cc_aval v = {.kind = CC_V_EXTERN, .qname = cc_intern_cstr(p->in, buf)};
        return v;
    }
    cc_aval acc = unknown();
    bool first = true;
    /* `_pool = None` at module level and `_pool = Pool()` in a function: the placeholder says
     * nothing about what the variable holds where it is used */
    bool placeholder_only = true;
    for (uint32_t q = r; q != CC_NONE && placeholder_only; q = p->stores[q].next) {
        const cc_op *st = op_at(p, u, p->stores[q].func, p->stores[q].op);
        const cc_op *v = st && st->b != CC_NONE ? op_at(p, u, p->stores[q].func, st->b) : NULL;
        placeholder_only = v && v->kind == CC_OP_CONST && v->sub == CC_CONST_NONE;
    }
    for (int n = 0; r != CC_NONE && n < 16; r = p->stores[r].next, n++) {
        const cc_op *st = op_at(p, u, p->stores[r].func, p->stores[r].op);
        const cc_op *sv = st->b != CC_NONE ? op_at(p, u, p->stores[r].func, st->b) : NULL;
        if (!placeholder_only && sv && sv->kind == CC_OP_CONST && sv->sub == CC_CONST_NONE)
            continue;
        cc_aval v = resolve_at(p, u, p->stores[r].func, st->b, depth + 1);
        acc = merge(v, acc, first);
        first = false;
        if (acc.kind == CC_V_UNKNOWN)
            break;
    }
    return acc;
}

static cc_aval resolve_module_attr(const cc_program *p, uint32_t from, const char *modname,
                                   cc_str attr, int depth)
{
    uint32_t mu = find_module_from(p, from, modname);
    char full[512];
    if (attr)
        snprintf(full, sizeof full, "%s.%s", modname, T(p, attr));
    else
        snprintf(full, sizeof full, "%s", modname);
    const cc_kb_entry *ke = attr && mu != CC_NONE ? kb_lookup(p, cc_intern_cstr(p->in, full))
                                                   : NULL;
    if (kb_is_builtin(p, ke)) {
        /* The built-in knowledge describes the standard library's API: a codebase module of
         * the same name (the standard library itself, analysed as a codebase) does not hide
         * it. (The user's entries do not win over the codebase's own definitions.) */
        cc_aval v = {.kind = CC_V_EXTERN, .qname = cc_intern_cstr(p->in, full)};
        return v;
    }
    if (attr) {
        uint32_t sub = find_module_from(p, from, full);
        if (sub != CC_NONE) {
            cc_aval v = {.kind = CC_V_MODULE, .unit = sub};
            return v;
        }
    }
    if (mu != CC_NONE) {
        if (!attr) {
            cc_aval v = {.kind = CC_V_MODULE, .unit = mu};
            return v;
        }
        if (map_get(&p->globals, KEY2(mu, attr)) != CC_NONE)
            return resolve_global(p, mu, attr, depth + 1);
        return unknown();
    }
    cc_aval v = {.kind = CC_V_EXTERN, .qname = cc_intern_cstr(p->in, full)};
    return v;
}

/* Finds the stores to a variable `name` of `scope` visible from function f. */
typedef struct store_iter {
    uint32_t func;       /* function whose ops hold the stores, or CC_NONE for globals */
} store_iter;

/* Writes the stores into variable `name` (of scope `scope`) in function f, newest first. */
static uint32_t local_stores(const cc_program *p, uint32_t u, uint32_t f, cc_str name,
                             uint8_t scope, uint32_t *out, uint32_t max)
{
    uint32_t n = 0;
    const cc_func *fn = &p->units[u]->funcs[f];
    for (uint32_t r = map_get(&p->locals, key3(u, f, name)); r != CC_NONE && n < max;
         r = p->stores[r].next) {
        if (p->stores[r].func != f)
            continue;
        const cc_op *st = &fn->ops[p->stores[r].op];
        const cc_op *pl = &fn->ops[st->a];
        if (pl->name == name && pl->sub == scope)
            out[n++] = p->stores[r].op;
    }
    return n;
}

/* ---- reaching definitions of local variables --------------------------------------------
 * Flow-sensitive where it matters: a variable stored more than once (`fn = lambda x: x` then
 * `fn = work`) resolves, at a load, to the stores that reach that load along the CFG. Computed
 * per function on first need, as bit sets over the function's local stores. */

typedef struct rdefs {
    uint32_t ndefs, words;
    uint32_t *def_op;        /* store op of each definition */
    uint64_t *in;            /* per block: definitions reaching its start (words each) */
} rdefs;

static void rdefs_free(struct rdefs *r)
{
    if (!r)
        return;
    free(r->def_op);
    free(r->in);
    free(r);
}

static bool is_local_def(const cc_func *fn, const cc_op *op)
{
    return (op->kind == CC_OP_STORE || op->kind == CC_OP_DELETE) && op->a != CC_NONE &&
           fn->ops[op->a].kind == CC_OP_NAME &&
           (fn->ops[op->a].sub == CC_SCOPE_LOCAL || fn->ops[op->a].sub == CC_SCOPE_CLASS);
}

static rdefs *rdefs_compute(const cc_func *fn)
{
    rdefs *r = cc_xcalloc(1, sizeof(*r));
    uint32_t *def_of_op = cc_xmalloc((fn->nops + 1) * sizeof(uint32_t));
    for (uint32_t o = 0; o < fn->nops; o++) {
        def_of_op[o] = CC_NONE;
        if (is_local_def(fn, &fn->ops[o])) {
            def_of_op[o] = r->ndefs;
            uint32_t cap = r->ndefs; /* grows by one: fine for the sizes here */
            r->def_op = cc_xrealloc(r->def_op, (cap + 1) * sizeof(uint32_t));
            r->def_op[r->ndefs++] = o;
        }
    }
    r->words = (r->ndefs + 63) / 64;
    uint32_t nb = fn->nblocks, w = r->words ? r->words : 1;
    r->in = cc_xcalloc((size_t)nb * w, sizeof(uint64_t));
    uint64_t *out = cc_xcalloc((size_t)nb * w, sizeof(uint64_t));
    uint64_t *gen = cc_xcalloc((size_t)nb * w, sizeof(uint64_t));
    uint64_t *kill = cc_xcalloc((size_t)nb * w, sizeof(uint64_t));
    /* kill: every definition of a name defined in the block; gen: the block's last ones */
    for (uint32_t b = 0; b < nb; b++) {
        const cc_block *blk = &fn->blocks[b];
        for (uint32_t o = blk->first_op; o < blk->first_op + blk->nops; o++) {
            if (def_of_op[o] == CC_NONE)
                continue;
            cc_str name = fn->ops[fn->ops[o].a].name;
            for (uint32_t d = 0; d < r->ndefs; d++)
                if (fn->ops[fn->ops[r->def_op[d]].a].name == name) {
                    kill[b * w + d / 64] |= 1ULL << (d % 64);
                    gen[b * w + d / 64] &= ~(1ULL << (d % 64));
                }
            if (fn->ops[o].kind == CC_OP_STORE)
                gen[b * w + def_of_op[o] / 64] |= 1ULL << (def_of_op[o] % 64);
        }
    }
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t b = 0; b < nb; b++) {
            uint64_t *ob = &out[b * w], *ib = &r->in[b * w];
            for (uint32_t k = 0; k < w; k++) {
                uint64_t v = gen[b * w + k] | (ib[k] & ~kill[b * w + k]);
                if (v != ob[k]) {
                    ob[k] = v;
                    changed = true;
                }
            }
            const cc_block *blk = &fn->blocks[b];
            for (uint32_t e = 0; e < blk->nsucc; e++) {
                uint64_t *it = &r->in[blk->succ[e].to * w];
                for (uint32_t k = 0; k < w; k++)
                    if ((ob[k] | it[k]) != it[k]) {
                        it[k] |= ob[k];
                        changed = true;
                    }
            }
        }
    }
    free(out);
    free(gen);
    free(kill);
    free(def_of_op);
    return r;
}

/* The stores of `name` that reach op `at` of function f (at most max, newest first); returns
 * their count, or CC_NONE when reaching definitions do not apply (then use all stores). */
static uint32_t reaching_stores(const cc_program *p, uint32_t u, uint32_t f, uint32_t at,
                                cc_str name, uint32_t *out, uint32_t max)
{
    const cc_func *fn = &p->units[u]->funcs[f];
    if (at == CC_NONE || at >= fn->nops)
        return CC_NONE;
    cc_program *mp = (cc_program *)p; /* on-demand cache; resolution runs on one thread */
    uint64_t key = KEY2(u, f);
    uint32_t idx = map_get(&p->reaching, key);
    if (idx == CC_NONE) {
        idx = mp->nrds;
        rdefs *r = rdefs_compute(fn);
        CC_VEC_PUSH(mp->rds, mp->nrds, mp->caprds, r);
        map_put(&mp->reaching, key, idx);
    }
    const rdefs *r = p->rds[idx];
    const cc_block *blk = &fn->blocks[fn->ops[at].block];
    /* A store earlier in the load's own block is the only one that reaches. */
    for (uint32_t o = at; o-- > blk->first_op;) {
        const cc_op *op = &fn->ops[o];
        if (is_local_def(fn, op) && fn->ops[op->a].name == name) {
            if (op->kind == CC_OP_DELETE)
                return 0;
            out[0] = o;
            return 1;
        }
    }
    uint32_t n = 0, w = r->words ? r->words : 1;
    const uint64_t *in = &r->in[fn->ops[at].block * w];
    for (uint32_t d = r->ndefs; d-- > 0 && n < max;)
        if ((in[d / 64] >> (d % 64)) & 1) {
            const cc_op *op = &fn->ops[r->def_op[d]];
            if (op->kind == CC_OP_STORE && fn->ops[op->a].name == name)
                out[n++] = r->def_op[d];
        }
    return n;
}

static cc_aval resolve_local(const cc_program *p, uint32_t u, uint32_t f, cc_str name,
                             uint8_t scope, uint32_t at, int depth)
{
    const cc_func *fn = &p->units[u]->funcs[f];
    uint32_t st[16];
    uint32_t n = local_stores(p, u, f, name, scope, st, 16);
    if (n > 1) {
        uint32_t m = reaching_stores(p, u, f, at, name, st, 16);
        if (m != CC_NONE && m > 0)
            n = m;
    }
    cc_aval acc = unknown();
    for (uint32_t i = n; i-- > 0;) {
        cc_aval v = resolve_at(p, u, f, fn->ops[st[i]].b, depth + 1);
        acc = merge(v, acc, i == n - 1);
        if (acc.kind == CC_V_UNKNOWN)
            break;
    }
    return acc;
}

static uint32_t enclosing_binder(const cc_program *p, uint32_t u, uint32_t f, cc_str name)
{
    const cc_unit *un = p->units[u];
    for (uint32_t g = un->funcs[f].parent; g != CC_NONE; g = un->funcs[g].parent) {
        const cc_func *fn = &un->funcs[g];
        if (fn->kind == CC_FUNC_CLASS_BODY)
            continue;
        if (fn->kind == CC_FUNC_MODULE)
            return CC_NONE;
        uint32_t one;
        if (local_stores(p, u, g, name, CC_SCOPE_LOCAL, &one, 1))
            return g;
    }
    return CC_NONE;
}

/* The first codebase or external base class of a codebase class, as an aval. */
static cc_aval class_base(const cc_program *p, uint32_t u, uint32_t cls, uint32_t k, int depth)
{
    const cc_class *c = &p->units[u]->classes[cls];
    if (k >= c->nbases || depth > RESOLVE_DEPTH)
        return unknown();
    return resolve_at(p, u, c->outer, c->bases[k], depth + 1);
}

static cc_aval class_attr(const cc_program *p, uint32_t u, uint32_t cls, cc_str attr, int depth);

/* Attribute of an instance of codebase class cls: methods, class attributes, self.x stores. */
static cc_aval object_attr(const cc_program *p, uint32_t u, uint32_t cls, cc_str attr, int depth)
{
    cc_aval v = class_attr(p, u, cls, attr, depth);
    if (v.kind != CC_V_UNKNOWN)
        return v;
    const cc_unit *un = p->units[u];
    cc_aval acc = unknown();
    bool first = true;
    for (uint32_t f = 0; f < un->nfuncs; f++) {
        const cc_func *fn = &un->funcs[f];
        if (fn->class_idx != cls || fn->kind != CC_FUNC_FUNCTION || fn->nparams == 0)
            continue;
        cc_str self = fn->params[0];
        for (uint32_t o = 0; o < fn->nops; o++) {
            const cc_op *op = &fn->ops[o];
            if (op->kind != CC_OP_STORE || op->a == CC_NONE)
                continue;
            const cc_op *pl = &fn->ops[op->a];
            if (pl->kind != CC_OP_FIELD || pl->name != attr || pl->a == CC_NONE)
                continue;
            const cc_op *base = &fn->ops[pl->a];
            if (base->kind != CC_OP_LOAD || base->a == CC_NONE || fn->ops[base->a].name != self)
                continue;
            cc_aval w = resolve_at(p, u, f, op->b, depth + 1);
            acc = merge(w, acc, first);
            first = false;
        }
    }
    return acc;
}

static cc_aval class_attr(const cc_program *p, uint32_t u, uint32_t cls, cc_str attr, int depth)
{
    if (depth > RESOLVE_DEPTH)
        return unknown();
    const cc_unit *un = p->units[u];
    const cc_class *c = &un->classes[cls];
    if (c->body != CC_NONE) {
        cc_aval v = resolve_local(p, u, c->body, attr, CC_SCOPE_CLASS, CC_NONE, depth + 1);
        if (v.kind != CC_V_UNKNOWN)
            return v;
    }
    for (uint32_t k = 0; k < c->nbases; k++) {
        cc_aval b = class_base(p, u, cls, k, depth);
        if (b.kind == CC_V_CLASS) {
            cc_aval v = class_attr(p, b.unit, b.idx, attr, depth + 1);
            if (v.kind != CC_V_UNKNOWN)
                return v;
        } else if (b.kind == CC_V_EXTERN) {
            /* Methods inherited from a library class, e.g. threading.Thread.start. */
            const cc_kb_entry *e = kb_lookup(p, b.qname);
            const char *type = e && e->type ? e->type : T(p, b.qname);
            char buf[512];
            snprintf(buf, sizeof buf, "%s.%s", type, T(p, attr));
            cc_str q = cc_intern_cstr(p->in, buf);
            if (kb_lookup(p, q)) {
                cc_aval v = {.kind = CC_V_EXTERN, .qname = q};
                if (e)
                    v.model = (uint8_t)e->model;
                return v;
            }
        }
    }
    return unknown();
}

/* The knowledge-base entry of the external class a codebase class derives from, if any. */
static const cc_kb_entry *class_extern_base(const cc_program *p, uint32_t u, uint32_t cls,
                                            int depth)
{
    if (depth > RESOLVE_DEPTH)
        return NULL;
    const cc_class *c = &p->units[u]->classes[cls];
    for (uint32_t k = 0; k < c->nbases; k++) {
        cc_aval b = class_base(p, u, cls, k, depth);
        if (b.kind == CC_V_EXTERN) {
            const cc_kb_entry *e = kb_lookup(p, b.qname);
            if (e)
                return e;
        } else if (b.kind == CC_V_CLASS) {
            const cc_kb_entry *e = class_extern_base(p, b.unit, b.idx, depth + 1);
            if (e)
                return e;
        }
    }
    return NULL;
}

static uint32_t class_method(const cc_program *p, uint32_t u, uint32_t cls, const char *name)
{
    cc_aval v = class_attr(p, u, cls, cc_intern_cstr(p->in, name), 0);
    return v.kind == CC_V_FUNC ? v.idx : CC_NONE;
}

/* Finds the argument of a call by keyword or position (counting positional args only). */
static uint32_t call_arg(const cc_op *call, int pos, const char *kw, const cc_interner *in)
{
    if (!call || call->kind != CC_OP_CALL)
        return CC_NONE;
    int k = 0;
    for (uint32_t i = 0; i < call->nargs; i++) {
        cc_str name = call->kwnames ? call->kwnames[i] : CC_STR_NONE;
        if (name) {
            if (kw && !strcmp(cc_str_text(in, name), kw))
                return call->args[i];
            continue;
        }
        if (k++ == pos && pos >= 0)
            return call->args[i];
    }
    return CC_NONE;
}

static bool const_string(const cc_program *p, uint32_t u, uint32_t f, uint32_t o, const char **s)
{
    if (o == CC_NONE)
        return false;
    cc_aval v = resolve_at(p, u, f, o, 0);
    if (v.kind != CC_V_CONST)
        return false;
    const cc_op *c = op_at(p, v.origin.unit, v.origin.func, v.origin.op);
    if (!c || c->sub != CC_CONST_STR)
        return false;
    *s = T(p, c->name);
    return true;
}

static cc_start_method sm_from_text(const char *s)
{
    if (!strcmp(s, "fork"))
        return CC_SM_FORK;
    if (!strcmp(s, "spawn"))
        return CC_SM_SPAWN;
    if (!strcmp(s, "forkserver"))
        return CC_SM_FORKSERVER;
    return CC_SM_UNKNOWN;
}

/* The value of calling something. */
static cc_aval resolve_call(const cc_program *p, uint32_t u, uint32_t f, uint32_t o,
                            const cc_op *op, int depth)
{
    cc_aval callee = resolve_at(p, u, f, op->a, depth + 1);
    cc_op_id here = {u, f, o};
    switch (callee.kind) {
    case CC_V_CLASS: {
        cc_aval v = {.kind = CC_V_OBJECT, .unit = callee.unit, .idx = callee.idx, .origin = here};
        const cc_kb_entry *e = class_extern_base(p, callee.unit, callee.idx, depth + 1);
        if (e)
            v.model = (uint8_t)e->model;
        return v;
    }
    case CC_V_EXTERN: {
        const cc_kb_entry *e = kb_lookup(p, callee.qname);
        cc_aval v = {.kind = CC_V_INSTANCE, .qname = callee.qname, .origin = here,
                     .start_method = callee.start_method, .sm_explicit = callee.sm_explicit};
        if (e) {
            if (e->type)
                v.qname = cc_intern_cstr(p->in, e->type);
            v.model = (uint8_t)e->model;
            if (e->effect == CC_KB_CONTEXT) {
                const char *s;
                if (const_string(p, u, f, call_arg(op, e->fn_pos, e->fn_kw, p->in), &s)) {
                    v.start_method = (uint8_t)sm_from_text(s);
                    v.sm_explicit = v.start_method != CC_SM_UNKNOWN;
                }
            } else if (e->effect == CC_KB_POOL_NEW && e->model == CC_MODEL_PROCESS) {
                uint32_t ctx = call_arg(op, -1, "mp_context", p->in);
                if (ctx != CC_NONE) {
                    cc_aval c = resolve_at(p, u, f, ctx, depth + 1);
                    if (c.kind == CC_V_INSTANCE && c.sm_explicit) {
                        v.start_method = c.start_method;
                        v.sm_explicit = true;
                    }
                }
            }
        }
        return v;
    }
    case CC_V_FUNC: {
        /* A factory: the value is what the function returns, when all returns agree. */
        const cc_func *fn = &p->units[callee.unit]->funcs[callee.idx];
        cc_aval acc = unknown();
        bool first = true;
        for (uint32_t i = 0; i < fn->nops; i++) {
            if (fn->ops[i].kind != CC_OP_RETURN || fn->ops[i].a == CC_NONE)
                continue;
            cc_aval v = resolve_at(p, callee.unit, callee.idx, fn->ops[i].a, depth + 1);
            acc = merge(v, acc, first);
            first = false;
            if (acc.kind == CC_V_UNKNOWN)
                break;
        }
        return acc;
    }
    default:
        return unknown();
    }
}

/* Calls fn for the argument of every `x.append(v)` in function f on the variable that op coll
 * loads: elements a container receives after it is made. */
static void container_appends(const cc_program *p, uint32_t u, uint32_t f, uint32_t coll,
                              void (*cb)(const cc_program *, uint32_t, uint32_t, uint32_t, void *),
                              void *ctx)
{
    const cc_func *fn = &p->units[u]->funcs[f];
    const cc_op *cl = &fn->ops[coll];
    if (cl->kind != CC_OP_LOAD || cl->a == CC_NONE || fn->ops[cl->a].kind != CC_OP_NAME)
        return;
    const cc_op *var = &fn->ops[cl->a];
    for (uint32_t q = 0; q < fn->nops; q++) {
        const cc_op *c = &fn->ops[q];
        if (c->kind != CC_OP_CALL || c->nargs != 1 || c->a == CC_NONE ||
            fn->ops[c->a].kind != CC_OP_LOAD || fn->ops[c->a].a == CC_NONE)
            continue;
        const cc_op *fld = &fn->ops[fn->ops[c->a].a];
        if (fld->kind != CC_OP_FIELD || strcmp(T(p, fld->name), "append") || fld->a == CC_NONE ||
            fn->ops[fld->a].kind != CC_OP_LOAD || fn->ops[fld->a].a == CC_NONE)
            continue;
        const cc_op *rv = &fn->ops[fn->ops[fld->a].a];
        if (rv->kind == CC_OP_NAME && rv->name == var->name && rv->sub == var->sub)
            cb(p, u, f, c->args[0], ctx);
    }
}

typedef struct elem_walk {
    const cc_program *p;
    int depth;
    cc_aval acc;
    bool first, stop;
} elem_walk;

static void elem_origin(const cc_program *p, uint32_t u, uint32_t f, uint32_t o, void *ctx)
{
    elem_walk *w = ctx;
    if (w->stop)
        return;
    const cc_op *op = &p->units[u]->funcs[f].ops[o];
    if (op->kind != CC_OP_ALLOC || op->sub == CC_ALLOC_DICT || op->sub == CC_ALLOC_FSTRING ||
        (op->flags & CC_OPF_STARRED)) {
        w->acc = unknown();
        w->stop = true;
        return;
    }
    for (uint32_t i = 0; i < op->nargs && !w->stop; i++) {
        cc_aval v = resolve_at(p, u, f, op->args[i], w->depth + 1);
        w->acc = merge(v, w->acc, w->first);
        w->first = false;
        if (w->acc.kind == CC_V_UNKNOWN)
            w->stop = true;
    }
}

static void elem_append(const cc_program *p, uint32_t u, uint32_t f, uint32_t o, void *ctx)
{
    elem_walk *w = ctx;
    if (w->stop)
        return;
    cc_aval v = resolve_at(p, u, f, o, w->depth + 1);
    w->acc = merge(v, w->acc, w->first);
    w->first = false;
    if (w->acc.kind == CC_V_UNKNOWN)
        w->stop = true;
}

/* What the elements of a container built in the code (a list, tuple, set or comprehension)
 * resolve to, when they all agree. */
static cc_aval element_of(const cc_program *p, uint32_t u, uint32_t f, uint32_t coll, int depth)
{
    if (coll == CC_NONE || depth > RESOLVE_DEPTH)
        return unknown();
    elem_walk w = {p, depth, unknown(), true, false};
    cc_value_origins(p, u, f, coll, elem_origin, &w);
    container_appends(p, u, f, coll, elem_append, &w);
    return w.first ? unknown() : w.acc;
}

static cc_aval resolve_uncached(const cc_program *p, uint32_t u, uint32_t f, uint32_t o,
                                int depth)
{
    const cc_unit *un = p->units[u];
    const cc_func *fn = &un->funcs[f];
    const cc_op *op = &fn->ops[o];
    cc_op_id here = {u, f, o};
    switch (op->kind) {
    case CC_OP_CONST: {
        cc_aval v = {.kind = CC_V_CONST, .origin = here};
        return v;
    }
    case CC_OP_FUNC: {
        cc_aval v = {.kind = CC_V_FUNC, .unit = u, .idx = (uint32_t)op->ival, .origin = here};
        return v;
    }
    case CC_OP_CLASS: {
        cc_aval v = {.kind = CC_V_CLASS, .unit = u, .idx = (uint32_t)op->ival, .origin = here};
        return v;
    }
    case CC_OP_IMPORT: {
        char mod[512];
        absolute_module(p, un, T(p, op->name), mod, sizeof mod);
        if (op->sub == 1) {
            /* import a.b.c binds a */
            char *dot = strchr(mod, '.');
            if (dot)
                *dot = 0;
        }
        cc_str attr = (cc_str)op->ival;
        if (attr && !strcmp(T(p, attr), "*"))
            return unknown();
        cc_aval v = resolve_module_attr(p, u, mod, attr, depth);
        if (v.kind == CC_V_UNKNOWN || v.kind == CC_V_MODULE || v.kind == CC_V_EXTERN) {
            if (v.kind != CC_V_UNKNOWN)
                v.origin = here;
        }
        return v;
    }
    case CC_OP_LOAD: {
        if (op->a == CC_NONE)
            return unknown();
        const cc_op *pl = &fn->ops[op->a];
        switch (pl->kind) {
        case CC_OP_NAME:
            switch (pl->sub) {
            case CC_SCOPE_LOCAL:
            case CC_SCOPE_CLASS:
                return resolve_local(p, u, f, pl->name, pl->sub, o, depth);
            case CC_SCOPE_ENCLOSING: {
                uint32_t g = enclosing_binder(p, u, f, pl->name);
                return g == CC_NONE
                           ? resolve_global(p, u, pl->name, depth)
                           : resolve_local(p, u, g, pl->name, CC_SCOPE_LOCAL, CC_NONE, depth);
            }
            default:
                return resolve_global(p, u, pl->name, depth);
            }
        case CC_OP_FIELD: {
            cc_aval base = resolve_at(p, u, f, pl->a, depth + 1);
            char buf[512];
            switch (base.kind) {
            case CC_V_MODULE:
                return resolve_module_attr(p, base.unit, T(p, p->units[base.unit]->module),
                                           pl->name, depth);
            case CC_V_EXTERN: {
                snprintf(buf, sizeof buf, "%s.%s", T(p, base.qname), T(p, pl->name));
                cc_aval v = {.kind = CC_V_EXTERN, .qname = cc_intern_cstr(p->in, buf),
                             .origin = here};
                return v;
            }
            case CC_V_INSTANCE: {
                const char *type = T(p, base.qname);
                if (!strcmp(type, "multiprocessing.context")) {
                    /* ctx.Process, ctx.Pool: the module's API bound to a start method. */
                    snprintf(buf, sizeof buf, "multiprocessing.%s", T(p, pl->name));
                } else {
                    snprintf(buf, sizeof buf, "%s.%s", type, T(p, pl->name));
                }
                cc_aval v = {.kind = CC_V_EXTERN, .qname = cc_intern_cstr(p->in, buf),
                             .start_method = base.start_method, .sm_explicit = base.sm_explicit,
                             .model = base.model, .origin = here};
                return v;
            }
            case CC_V_OBJECT:
                return object_attr(p, base.unit, base.idx, pl->name, depth + 1);
            case CC_V_CLASS:
                return class_attr(p, base.unit, base.idx, pl->name, depth + 1);
            default:
                return unknown();
            }
        }
        default:
            return unknown();
        }
    }
    case CC_OP_CALL:
        return resolve_call(p, u, f, o, op, depth);
    case CC_OP_WITH_ENTER:
        /* Context managers of interest (pools, executors, files) return themselves. */
        return resolve_at(p, u, f, op->a, depth + 1);
    case CC_OP_NEXT: {
        /* `for p in procs:` — an element of the iterated container, when all agree. */
        const cc_op *it = op->a != CC_NONE ? &fn->ops[op->a] : NULL;
        if (!it || it->kind != CC_OP_ITER)
            return unknown();
        return element_of(p, u, f, it->a, depth + 1);
    }
    case CC_OP_PARAM:
        if (op->ival == 0 && fn->class_idx != CC_NONE && fn->kind == CC_FUNC_FUNCTION) {
            cc_aval v = {.kind = CC_V_OBJECT, .unit = u, .idx = fn->class_idx, .origin = here};
            return v;
        }
        return unknown();
    default:
        return unknown();
    }
}

cc_aval cc_resolve(const cc_program *self, uint32_t unit, uint32_t func, uint32_t op)
{
    return resolve_at(self, unit, func, op, 0);
}

/* Resolution is memoised per op. The program is logically const here: the memo only caches what
 * resolve_uncached computes, and resolution runs on one thread (lowering, then rules in turn). */
static cc_aval resolve_uncached(const cc_program *p, uint32_t u, uint32_t f, uint32_t o,
                                int depth);

static cc_aval resolve_at(const cc_program *p, uint32_t u, uint32_t f, uint32_t o, int depth)
{
    if (o == CC_NONE || depth > RESOLVE_DEPTH)
        return unknown();
    bool keyable = u < (1u << 20) && f < (1u << 20) && o < (1u << 24);
    uint64_t key = ((uint64_t)u << 44) | ((uint64_t)f << 24) | o;
    cc_program *mp = (cc_program *)p;
    if (keyable) {
        uint32_t i = map_get(&p->memo, key);
        if (i != CC_NONE)
            return p->memo_vals[i];
    }
    cc_aval v = resolve_uncached(p, u, f, o, depth);
    if (keyable) {
        uint32_t i = mp->nmemo;
        CC_VEC_PUSH(mp->memo_vals, mp->nmemo, mp->capmemo, v);
        map_put(&mp->memo, key, i);
    }
    return v;
}

/* ---- value origins ------------------------------------------------------------------------- */

typedef struct origin_walk {
    void (*fn)(const cc_program *, uint32_t, uint32_t, uint32_t, void *);
    void *ctx;
    int budget;
} origin_walk;

static void origins(const cc_program *p, uint32_t u, uint32_t f, uint32_t o, origin_walk *w,
                    int depth)
{
    if (o == CC_NONE || w->budget <= 0 || depth > 12)
        return;
    const cc_unit *un = p->units[u];
    const cc_func *fn = &un->funcs[f];
    const cc_op *op = &fn->ops[o];
    if (op->kind == CC_OP_WITH_ENTER) {
        origins(p, u, f, op->a, w, depth + 1);
        return;
    }
    if (op->kind != CC_OP_LOAD || op->a == CC_NONE || fn->ops[op->a].kind != CC_OP_NAME) {
        w->budget--;
        w->fn(p, u, f, o, w->ctx);
        return;
    }
    const cc_op *pl = &fn->ops[op->a];
    if (pl->sub == CC_SCOPE_GLOBAL) {
        uint32_t r = map_get(&p->globals, KEY2(u, pl->name));
        if (r == CC_NONE) {
            w->budget--;
            w->fn(p, u, f, o, w->ctx);
        }
        for (; r != CC_NONE && w->budget > 0; r = p->stores[r].next) {
            const cc_op *st = op_at(p, u, p->stores[r].func, p->stores[r].op);
            origins(p, u, p->stores[r].func, st->b, w, depth + 1);
        }
        return;
    }
    uint32_t g = f;
    uint8_t scope = pl->sub;
    if (pl->sub == CC_SCOPE_ENCLOSING) {
        g = enclosing_binder(p, u, f, pl->name);
        scope = CC_SCOPE_LOCAL;
        if (g == CC_NONE)
            return;
    }
    const cc_func *gf = &un->funcs[g];
    uint32_t st[ORIGIN_LIMIT];
    uint32_t n = local_stores(p, u, g, pl->name, scope, st, ORIGIN_LIMIT);
    if (n > 1 && g == f) {
        uint32_t m = reaching_stores(p, u, f, o, pl->name, st, ORIGIN_LIMIT);
        if (m != CC_NONE && m > 0)
            n = m;
    }
    for (uint32_t i = n; i-- > 0 && w->budget > 0;)
        origins(p, u, g, gf->ops[st[i]].b, w, depth + 1);
}

void cc_value_origins(const cc_program *self, uint32_t unit, uint32_t func, uint32_t op,
                      void (*fn)(const cc_program *, uint32_t, uint32_t, uint32_t, void *),
                      void *ctx)
{
    origin_walk w = {fn, ctx, ORIGIN_LIMIT};
    origins(self, unit, func, op, &w, 0);
}

/* ---- constants and trip counts ------------------------------------------------------------ */

static bool sat_mul(int64_t a, int64_t b, int64_t *r)
{
    return !__builtin_mul_overflow(a, b, r);
}

typedef struct fold_one {
    uint32_t n, u, f, op;
} fold_one;

static void count_origin(const cc_program *p, uint32_t u, uint32_t f, uint32_t op, void *ctx)
{
    (void)p;
    fold_one *o = ctx;
    if (o->n++ == 0) {
        o->u = u;
        o->f = f;
        o->op = op;
    }
}

uint32_t cc_closure_binder(const cc_program *self, uint32_t unit, uint32_t func, cc_str name)
{
    const cc_unit *u = self->units[unit];
    uint32_t f = u->funcs[func].parent;
    for (int depth = 0; f != CC_NONE && depth < 64; depth++, f = u->funcs[f].parent) {
        const cc_func *fn = &u->funcs[f];
        if (fn->kind == CC_FUNC_MODULE)
            return CC_NONE;
        for (uint32_t i = 0; i < fn->nparams; i++)
            if (fn->params[i] == name)
                return f;
        for (uint32_t o = 0; o < fn->nops; o++)
            if (fn->ops[o].kind == CC_OP_NAME && fn->ops[o].name == name &&
                fn->ops[o].sub == CC_SCOPE_LOCAL)
                return f;
    }
    return CC_NONE;
}

bool cc_value_origin_one(const cc_program *self, uint32_t unit, uint32_t func, uint32_t op,
                         cc_op_id *out)
{
    fold_one one = {0};
    cc_value_origins(self, unit, func, op, count_origin, &one);
    if (one.n != 1)
        return false;
    *out = (cc_op_id){one.u, one.f, one.op};
    return true;
}

static bool fold(const cc_program *p, uint32_t u, uint32_t f, uint32_t o, int64_t *out, int depth)
{
    if (o == CC_NONE || depth > 16)
        return false;
    const cc_op *op = &p->units[u]->funcs[f].ops[o];
    int64_t a, b;
    switch (op->kind) {
    case CC_OP_CONST:
        if (op->sub == CC_CONST_BOOL) {
            *out = op->ival;
            return true;
        }
        if (op->sub != CC_CONST_INT || (op->flags & CC_OPF_BIGINT))
            return false;
        *out = op->ival;
        return true;
    case CC_OP_UNOP:
        if (!fold(p, u, f, op->a, &a, depth + 1))
            return false;
        if (!strcmp(T(p, op->name), "-") && a != INT64_MIN) {
            *out = -a;
            return true;
        }
        if (!strcmp(T(p, op->name), "+")) {
            *out = a;
            return true;
        }
        return false;
    case CC_OP_BINOP: {
        if (!fold(p, u, f, op->a, &a, depth + 1) || !fold(p, u, f, op->b, &b, depth + 1))
            return false;
        const char *t = T(p, op->name);
        if (!strcmp(t, "+"))
            return !__builtin_add_overflow(a, b, out);
        if (!strcmp(t, "-"))
            return !__builtin_sub_overflow(a, b, out);
        if (!strcmp(t, "*"))
            return sat_mul(a, b, out);
        if ((!strcmp(t, "//") || !strcmp(t, "%")) && b != 0 && !(a == INT64_MIN && b == -1)) {
            int64_t q = a / b, r = a % b;
            if (r != 0 && ((r < 0) != (b < 0))) { /* Python floors */
                q -= 1;
                r += b;
            }
            *out = t[0] == '/' ? q : r;
            return true;
        }
        if (!strcmp(t, "**") && b >= 0 && b < 64) {
            int64_t r = 1;
            for (int64_t i = 0; i < b; i++)
                if (!sat_mul(r, a, &r))
                    return false;
            *out = r;
            return true;
        }
        if (!strcmp(t, "<<") && b >= 0 && b < 63 && a >= 0 && a <= (INT64_MAX >> b)) {
            *out = a << b;
            return true;
        }
        return false;
    }
    case CC_OP_LOAD: {
        /* A variable with exactly one definition: N = 10**6 */
        cc_op_id one;
        if (!cc_value_origin_one(p, u, f, o, &one) ||
            (one.unit == u && one.func == f && one.op == o))
            return false;
        return fold(p, one.unit, one.func, one.op, out, depth + 1);
    }
    default:
        return false;
    }
}

bool cc_const_int(const cc_program *self, uint32_t unit, uint32_t func, uint32_t op,
                  int64_t *out)
{
    return fold(self, unit, func, op, out, 0);
}

/* The parameter a value is, when it is a parameter read unchanged. */
static uint32_t param_of(const cc_program *p, uint32_t u, uint32_t f, uint32_t o)
{
    cc_op_id one;
    if (!cc_value_origin_one(p, u, f, o, &one) || one.unit != u || one.func != f)
        return CC_NONE;
    const cc_op *op = &p->units[u]->funcs[f].ops[one.op];
    return op->kind == CC_OP_PARAM ? (uint32_t)op->ival : CC_NONE;
}

cc_trip cc_loop_trip(const cc_program *self, uint32_t unit, uint32_t func, uint32_t loop)
{
    const cc_func *fn = &self->units[unit]->funcs[func];
    const cc_loop *l = &fn->loops[loop];
    cc_trip t = {.kind = l->trip, .n = l->trip_const, .param = l->trip_param, .op = l->trip_op};
    if (l->trip != CC_TRIP_COLLECTION || l->trip_op == CC_NONE)
        return t;
    const cc_op *c = &fn->ops[l->trip_op];
    if (c->kind == CC_OP_ALLOC && !(c->flags & CC_OPF_STARRED) &&
        (c->sub == CC_ALLOC_LIST || c->sub == CC_ALLOC_TUPLE || c->sub == CC_ALLOC_SET)) {
        t.kind = CC_TRIP_CONST;
        t.n = c->nargs;
        return t;
    }
    uint32_t pi = param_of(self, unit, func, l->trip_op);
    if (pi != CC_NONE) {
        t.kind = CC_TRIP_PARAM;
        t.param = pi;
        return t;
    }
    if (c->kind != CC_OP_CALL || c->nargs < 1 || c->nargs > 3 || (c->flags & CC_OPF_STARRED))
        return t;
    cc_aval callee = cc_resolve(self, unit, func, c->a);
    if (callee.kind != CC_V_EXTERN || strcmp(T(self, callee.qname), "builtins.range") != 0)
        return t;
    int64_t v[3] = {0, 0, 1};
    bool known = true;
    for (uint32_t i = 0; i < c->nargs; i++) {
        int64_t x;
        if (!fold(self, unit, func, c->args[i], &x, 0)) {
            known = false;
            if (c->nargs == 1 || i == 1) {
                uint32_t ppi = param_of(self, unit, func, c->args[i]);
                if (ppi != CC_NONE) {
                    t.kind = CC_TRIP_PARAM;
                    t.param = ppi;
                    return t;
                }
            }
            continue;
        }
        if (c->nargs == 1)
            v[1] = x;
        else
            v[i] = x;
    }
    if (!known || v[2] == 0) {
        t.kind = CC_TRIP_UNKNOWN;
        return t;
    }
    /* len(range(start, stop, step)) in long double: exact enough below 2^63 for counts. */
    long double start = (long double)v[0], stop = (long double)v[1], step = (long double)v[2];
    long double span = step > 0 ? stop - start : start - stop;
    long double st = step > 0 ? step : -step;
    long double n = span <= 0 ? 0 : (span + st - 1) / st;
    t.kind = CC_TRIP_CONST;
    t.n = n >= 9.2e18L ? INT64_MAX : (int64_t)n;
    return t;
}

/* ---- call targets -------------------------------------------------------------------------- */

uint32_t cc_call_targets(const cc_program *self, uint32_t unit, uint32_t func, uint32_t op,
                         cc_func_id *out, uint32_t max)
{
    const cc_op *c = op_at(self, unit, func, op);
    if (!c || max == 0)
        return 0;
    if (c->kind == CC_OP_CLASS) {
        const cc_class *cl = &self->units[unit]->classes[c->ival];
        if (cl->body == CC_NONE)
            return 0;
        out[0] = (cc_func_id){unit, cl->body};
        return 1;
    }
    if (c->kind != CC_OP_CALL)
        return 0;
    cc_aval v = cc_resolve(self, unit, func, c->a);
    if (v.kind == CC_V_FUNC) {
        out[0] = (cc_func_id){v.unit, v.idx};
        return 1;
    }
    if (v.kind == CC_V_CLASS) {
        uint32_t init = class_method(self, v.unit, v.idx, "__init__");
        if (init != CC_NONE) {
            out[0] = (cc_func_id){v.unit, init};
            return 1;
        }
    }
    return 0;
}

/* ---- lowering ------------------------------------------------------------------------------ */

static void add_sem(cc_program *p, cc_sem s)
{
    CC_VEC_PUSH(p->sems, p->nsems, p->capsems, s);
}

/* The callable a SUBMIT/START runs, as a codebase function id (or none). */
static void target_of(cc_program *p, uint32_t u, uint32_t f, uint32_t val, cc_sem *s)
{
    s->target_unit = s->target_func = CC_NONE;
    if (val == CC_NONE)
        return;
    cc_aval v = cc_resolve(p, u, f, val);
    for (int depth = 0; depth < 4 && v.kind == CC_V_INSTANCE; depth++) {
        /* functools.partial(fn, ...) runs fn */
        const cc_kb_entry *e = kb_lookup(p, v.qname);
        const cc_op *call = op_at(p, v.origin.unit, v.origin.func, v.origin.op);
        if (!e || e->effect != CC_KB_PARTIAL || !call || call->kind != CC_OP_CALL ||
            call->nargs == 0)
            break;
        v = cc_resolve(p, v.origin.unit, v.origin.func, call->args[0]);
    }
    if (v.kind == CC_V_FUNC) {
        s->target_unit = v.unit;
        s->target_func = v.idx;
    }
}

static void send_tuple(cc_program *p, cc_sem base, uint32_t u, uint32_t f, uint32_t tup,
                       const char *role)
{
    if (tup == CC_NONE)
        return;
    const cc_op *t = op_at(p, u, f, tup);
    base.kind = CC_SEM_SEND;
    base.role = role;
    if (t->kind == CC_OP_ALLOC && (t->sub == CC_ALLOC_TUPLE || t->sub == CC_ALLOC_LIST ||
                                   t->sub == CC_ALLOC_DICT)) {
        for (uint32_t i = 0; i < t->nargs; i++) {
            /* dict literals alternate keys and values */
            if (t->sub == CC_ALLOC_DICT && (i % 2) == 0)
                continue;
            base.value = t->args[i];
            add_sem(p, base);
        }
        return;
    }
    base.value = tup;
    base.role = "arguments";
    add_sem(p, base);
}

static void unit_start_method(cc_program *p, uint32_t u);

static void resolve_sm(const cc_program *p, cc_aval inst, cc_sem *s)
{
    if (inst.sm_explicit) {
        s->start_method = inst.start_method;
        s->sm_explicit = true;
    } else if (p->unit_sm) {
        unit_start_method((cc_program *)p, s->at.unit);
        s->start_method = p->unit_sm[s->at.unit];
        s->sm_explicit = p->unit_sm_explicit[s->at.unit];
    } else {
        s->start_method = (uint8_t)p->sm;
        s->sm_explicit = p->sm_explicit;
    }
}

/* ---- start method per program ---------------------------------------------------------------
 * set_start_method() sets the method of one running program: the entry script and everything it
 * imports. A unit belongs to the programs of every unit that imports it (directly or not), so the
 * method in force for a unit is the one set anywhere in those programs; two scripts of one
 * codebase that do not import each other keep their own. */

typedef struct graph {
    uint32_t **out, **in;  /* edges importer -> imported, and the reverse */
    uint32_t *nout, *nin, *capout, *capin;
} graph;

static void graph_add(graph *g, uint32_t a, uint32_t b)
{
    for (uint32_t i = 0; i < g->nout[a]; i++)
        if (g->out[a][i] == b)
            return;
    CC_VEC_PUSH(g->out[a], g->nout[a], g->capout[a], b);
    CC_VEC_PUSH(g->in[b], g->nin[b], g->capin[b], a);
}

static void import_graph(cc_program *p, graph *g)
{
    uint32_t n = p->nunits;
    g->out = cc_xcalloc(n + 1, sizeof(uint32_t *));
    g->in = cc_xcalloc(n + 1, sizeof(uint32_t *));
    g->nout = cc_xcalloc(n + 1, sizeof(uint32_t));
    g->nin = cc_xcalloc(n + 1, sizeof(uint32_t));
    g->capout = cc_xcalloc(n + 1, sizeof(uint32_t));
    g->capin = cc_xcalloc(n + 1, sizeof(uint32_t));
    for (uint32_t u = 0; u < n; u++) {
        const cc_unit *un = p->units[u];
        for (uint32_t i = 0; i < un->nimports; i++) {
            const cc_op *op = &un->funcs[un->imports[i].func].ops[un->imports[i].op];
            char mod[512];
            absolute_module(p, un, T(p, op->name), mod, sizeof mod);
            /* import a.b.c runs a, a.b and a.b.c */
            for (char *dot = mod;; dot++) {
                char saved = *dot;
                if (saved == '.' || saved == 0) {
                    *dot = 0;
                    uint32_t t = find_module_from(p, u, mod);
                    if (t != CC_NONE && t != u)
                        graph_add(g, u, t);
                    *dot = saved;
                }
                if (!saved)
                    break;
            }
            cc_str attr = (cc_str)op->ival;
            if (attr) {
                char full[600];
                snprintf(full, sizeof full, "%s.%s", mod, T(p, attr));
                uint32_t t = find_module_from(p, u, full);
                if (t != CC_NONE && t != u)
                    graph_add(g, u, t);
            }
        }
    }
}

static void graph_free(struct graph *g, uint32_t n)
{
    for (uint32_t u = 0; u < n; u++) {
        free(g->out[u]);
        free(g->in[u]);
    }
    free(g->out);
    free(g->in);
    free(g->nout);
    free(g->nin);
    free(g->capout);
    free(g->capin);
}

/* ---- groups of units that can affect each other ---------------------------------------- */

static uint32_t uf_find(uint32_t *parent, uint32_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

static void uf_join(uint32_t *parent, uint32_t a, uint32_t b)
{
    a = uf_find(parent, a);
    b = uf_find(parent, b);
    if (a != b)
        parent[a > b ? a : b] = a < b ? a : b; /* the first unit names the group */
}

uint32_t cc_program_components(cc_interner *in, cc_unit **units, uint32_t n,
                               const cc_program_options *opts, uint32_t *comp)
{
    if (!n)
        return 0;
    uint32_t *ids = cc_xmalloc(n * sizeof(uint32_t));
    for (uint32_t i = 0; i < n; i++)
        ids[i] = units[i]->id;
    cc_program_options o = opts ? *opts : (cc_program_options){0};
    o.borrow_units = true;
    o.no_advice = true;
    cc_program *p = cc_program_new(in, units, n, &o);
    if (!p) {
        fprintf(stderr, "concur: out of memory\n");
        abort();
    }
    link_modules(p);
    graph g;
    import_graph(p, &g);
    uint32_t *parent = cc_xmalloc(n * sizeof(uint32_t));
    for (uint32_t i = 0; i < n; i++)
        parent[i] = i;
    uint32_t first_c = CC_NONE;
    for (uint32_t u = 0; u < n; u++) {
        for (uint32_t k = 0; k < g.nout[u]; k++)
            uf_join(parent, u, g.out[u][k]);
        if (p->same_module_next[u] != CC_NONE)
            uf_join(parent, u, p->same_module_next[u]);
        const cc_unit *un = units[u];
        if (un->lang == CC_LANG_C) {
            if (first_c == CC_NONE)
                first_c = u;
            uf_join(parent, first_c, u);
            continue;
        }
        if (un->lang != CC_LANG_PYTHON || !un->module)
            continue;
        /* A module value's attribute may be any of its submodules: a package is linked with
         * its nearest enclosing package that is a unit here. */
        char name[512];
        snprintf(name, sizeof name, "%s", T(p, un->module));
        for (char *dot = strrchr(name, '.'); dot; dot = strrchr(name, '.')) {
            *dot = 0;
            uint32_t up = find_module(p, name);
            if (up != CC_NONE) {
                uf_join(parent, u, up);
                break;
            }
        }
    }
    graph_free(&g, n);
    cc_program_delete(p);
    uint32_t ncomp = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t r = uf_find(parent, i);
        comp[i] = r == i ? ncomp++ : comp[r]; /* the root is the group's first unit */
    }
    for (uint32_t i = 0; i < n; i++)
        units[i]->id = ids[i];
    free(parent);
    free(ids);
    return ncomp;
}

/* Marks in `mark` (with stamp) every unit reachable from start along edges. */
static void reach(uint32_t start, uint32_t **edges, const uint32_t *nedges, uint32_t *mark,
                  uint32_t stamp, uint32_t *stack)
{
    uint32_t sp = 0;
    if (mark[start] == stamp)
        return;
    mark[start] = stamp;
    stack[sp++] = start;
    while (sp) {
        uint32_t v = stack[--sp];
        for (uint32_t i = 0; i < nedges[v]; i++) {
            uint32_t w = edges[v][i];
            if (mark[w] != stamp) {
                mark[w] = stamp;
                stack[sp++] = w;
            }
        }
    }
}

typedef struct smstate {
    graph g;
    uint8_t *set_sm;
    bool *set_any;
    uint32_t *anc, *prog, *stack, stamp;
} smstate;

static void unit_start_method(cc_program *p, uint32_t u)
{
    smstate *st = p->smstate;
    if (!st || p->unit_sm_done[u])
        return;
    uint32_t n = p->nunits;
    uint32_t stamp = ++st->stamp;
    reach(u, st->g.in, st->g.nin, st->anc, stamp, st->stack);
    /* every program that includes u: the descendants of each ancestor */
    for (uint32_t e = 0; e < n; e++)
        if (st->anc[e] == stamp)
            reach(e, st->g.out, st->g.nout, st->prog, stamp, st->stack);
    int seen = 0;
    uint8_t sm = CC_SM_UNKNOWN;
    for (uint32_t v = 0; v < n; v++) {
        if (st->prog[v] != stamp || !st->set_any[v])
            continue;
        if (seen && st->set_sm[v] != sm)
            sm = CC_SM_UNKNOWN, seen = 2;
        else if (!seen)
            sm = st->set_sm[v], seen = 1;
    }
    if (seen == 1 && sm != CC_SM_UNKNOWN) {
        p->unit_sm[u] = sm;
        p->unit_sm_explicit[u] = true;
    } else {
        p->unit_sm[u] = seen ? CC_SM_UNKNOWN : (uint8_t)p->sm;
        p->unit_sm_explicit[u] = false;
    }
    p->unit_sm_done[u] = true;
}

static void smstate_new(cc_program *p, uint8_t *set_sm, bool *set_any, const graph *g)
{
    uint32_t n = p->nunits;
    smstate *st = cc_xcalloc(1, sizeof(*st));
    st->g = *g; /* a view: the program owns the graph */
    st->set_sm = set_sm;
    st->set_any = set_any;
    st->anc = cc_xcalloc(n + 1, sizeof(uint32_t));
    st->prog = cc_xcalloc(n + 1, sizeof(uint32_t));
    st->stack = cc_xmalloc((n + 1) * sizeof(uint32_t));
    p->unit_sm = cc_xcalloc(n + 1, 1);
    p->unit_sm_explicit = cc_xcalloc(n + 1, sizeof(bool));
    p->unit_sm_done = cc_xcalloc(n + 1, sizeof(bool));
    p->smstate = st;
}

static void smstate_delete(cc_program *p)
{
    smstate *st = p->smstate;
    if (!st)
        return;
    free(st->anc);
    free(st->prog);
    free(st->stack);
    free(st->set_sm);
    free(st->set_any);
    free(st);
    p->smstate = NULL;
}

/* Entries matched by prefix (__VERIFIER_atomic_*). */
static const cc_kb_entry *kb_lookup_prefix(const cc_program *p, const char *name)
{
    for (uint32_t i = 0; i < p->nkb; i++) {
        const cc_kb_entry *e = &p->kb_entries[i];
        if ((e->flags & CC_KBF_PREFIX) && !strncmp(name, e->name, strlen(e->name)))
            return e;
    }
    return NULL;
}

/* C library calls: arguments by position. The handle, lock or object is argument 0. */
static void lower_c_call(cc_program *p, uint32_t u, uint32_t f, uint32_t o, const cc_op *op,
                         const cc_kb_entry *e)
{
    cc_sem s = {.at = {u, f, o}, .api = e->name, .value = CC_NONE, .target_unit = CC_NONE,
                .target_func = CC_NONE, .model = (uint8_t)e->model, .kb_flags = e->flags,
                .kb_effect = (uint8_t)e->effect};
    uint32_t arg0 = op->nargs > 0 ? op->args[0] : CC_NONE;
    switch (e->effect) {
    case CC_KB_START:
        s.kind = CC_SEM_START;
        s.value = e->fn_pos >= 0 && (uint32_t)e->fn_pos < op->nargs ? op->args[e->fn_pos]
                                                                      : CC_NONE;
        target_of(p, u, f, s.value, &s);
        add_sem(p, s);
        break;
    case CC_KB_JOIN:
        s.kind = CC_SEM_JOIN;
        s.value = arg0;
        add_sem(p, s);
        break;
    case CC_KB_ACQUIRE:
    case CC_KB_TRYLOCK: /* acquires on its success edge only: kb_effect says so */
        s.kind = CC_SEM_ACQUIRE;
        s.value = arg0;
        add_sem(p, s);
        break;
    case CC_KB_RELEASE:
        s.kind = CC_SEM_RELEASE;
        s.value = arg0;
        add_sem(p, s);
        break;
    case CC_KB_COND_WAIT: /* releases the mutex (argument 1) while waiting, then re-takes it */
        s.value = op->nargs > 1 ? op->args[1] : CC_NONE;
        s.kind = CC_SEM_RELEASE;
        add_sem(p, s);
        s.kind = CC_SEM_ACQUIRE;
        add_sem(p, s);
        break;
    case CC_KB_FORK: /* a child process starts here, running the code after the call */
        s.kind = CC_SEM_START;
        s.model = CC_MODEL_PROCESS;
        s.start_method = CC_SM_FORK;
        s.sm_explicit = true;
        add_sem(p, s);
        break;
    default:
        /* atomics, once, keys, notify, detach, exec, spawn, IPC, MT-unsafe calls: read from
         * the knowledge base by the analyses that need them */
        break;
    }
}

typedef struct handle_walk {
    const cc_program *p;
    cc_aval *out;
    uint32_t n, max;
    bool bad;
} handle_walk;

static void handle_add(handle_walk *w, cc_aval v)
{
    if (v.kind != CC_V_INSTANCE && v.kind != CC_V_OBJECT) {
        w->bad = true;
        return;
    }
    for (uint32_t i = 0; i < w->n; i++)
        if (w->out[i].kind == v.kind && w->out[i].origin.unit == v.origin.unit &&
            w->out[i].origin.func == v.origin.func && w->out[i].origin.op == v.origin.op)
            return;
    if (w->n < w->max)
        w->out[w->n++] = v;
    else
        w->bad = true;
}

static void handle_elem(const cc_program *p, uint32_t u, uint32_t f, uint32_t o, void *ctx)
{
    handle_walk *w = ctx;
    const cc_op *op = &p->units[u]->funcs[f].ops[o];
    if (op->kind != CC_OP_ALLOC || op->sub == CC_ALLOC_DICT || op->sub == CC_ALLOC_FSTRING ||
        (op->flags & CC_OPF_STARRED)) {
        w->bad = true;
        return;
    }
    for (uint32_t i = 0; i < op->nargs; i++)
        handle_add(w, cc_resolve(p, u, f, op->args[i]));
}

static void handle_append(const cc_program *p, uint32_t u, uint32_t f, uint32_t o, void *ctx)
{
    handle_add(ctx, cc_resolve(p, u, f, o));
}

static void handle_origin(const cc_program *p, uint32_t u, uint32_t f, uint32_t o, void *ctx)
{
    handle_walk *w = ctx;
    const cc_func *fn = &p->units[u]->funcs[f];
    const cc_op *op = &fn->ops[o];
    if (op->kind == CC_OP_NEXT && op->a != CC_NONE && fn->ops[op->a].kind == CC_OP_ITER) {
        uint32_t coll = fn->ops[op->a].a;
        cc_value_origins(p, u, f, coll, handle_elem, w);
        container_appends(p, u, f, coll, handle_append, w);
        return;
    }
    handle_add(w, cc_resolve(p, u, f, o));
}

/* Every object a thread or process handle may be, when the handle is a loop variable over a
 * container of them or is assigned in several places: one START per object. Returns 0 when
 * some origin is not an object of a known class (the caller falls back to cc_resolve). */
static uint32_t handle_values(const cc_program *p, uint32_t u, uint32_t f, uint32_t recv,
                              cc_aval *out, uint32_t max)
{
    handle_walk w = {p, out, 0, max, false};
    cc_value_origins(p, u, f, recv, handle_origin, &w);
    return w.bad ? 0 : w.n;
}

static void lower_start(cc_program *p, cc_sem s, const cc_kb_entry *e, cc_aval h)
{
    /* CC_KBF_SELF_TARGET stays only where the object's own run() is the work (a codebase
     * subclass); `Thread(target=acct.deposit).start()` runs deposit with acct as self */
    if (h.kind != CC_V_OBJECT)
        s.kb_flags &= ~(unsigned)CC_KBF_SELF_TARGET;
    if (h.kind == CC_V_INSTANCE || h.kind == CC_V_OBJECT) {
        s.handle = h.origin;
        s.handle_known = true;
    }
    if (h.kind == CC_V_INSTANCE) {
        s.model = h.model ? h.model : s.model;
        resolve_sm(p, h, &s);
        const cc_op *ctor = op_at(p, h.origin.unit, h.origin.func, h.origin.op);
        const cc_kb_entry *ce = kb_lookup_text(p, e->type);
        if (ctor && ctor->kind == CC_OP_CALL) {
            cc_aval cv = cc_resolve(p, h.origin.unit, h.origin.func, ctor->a);
            const cc_kb_entry *ke = cv.kind == CC_V_EXTERN ? kb_lookup(p, cv.qname) : NULL;
            if (ke)
                ce = ke;
            uint32_t t = ce ? call_arg(ctor, ce->fn_pos, ce->fn_kw, p->in) : CC_NONE;
            target_of(p, h.origin.unit, h.origin.func, t, &s);
        }
    } else if (h.kind == CC_V_OBJECT) {
        resolve_sm(p, h, &s);
        uint32_t run = class_method(p, h.unit, h.idx, "run");
        if (run != CC_NONE) {
            s.target_unit = h.unit;
            s.target_func = run;
        }
    } else {
        resolve_sm(p, h, &s);
    }
    add_sem(p, s);
}

static void lower_call(cc_program *p, uint32_t u, uint32_t f, uint32_t o, const cc_op *op)
{
    cc_aval callee = cc_resolve(p, u, f, op->a);
    const cc_kb_entry *e = NULL;
    if (callee.kind == CC_V_EXTERN) {
        e = kb_lookup(p, callee.qname);
        if (!e && p->units[u]->lang == CC_LANG_C)
            e = kb_lookup_prefix(p, T(p, callee.qname));
    }
    if (!e)
        return;
    if (e->source) {
        lower_c_call(p, u, f, o, op, e);
        return;
    }
    cc_sem s = {.at = {u, f, o}, .api = e->name, .value = CC_NONE, .target_unit = CC_NONE,
                .target_func = CC_NONE, .model = (uint8_t)e->model, .kb_flags = e->flags,
                .kb_effect = (uint8_t)e->effect};
    const cc_func *fn = &p->units[u]->funcs[f];
    const cc_op *callee_op = &fn->ops[op->a];
    uint32_t recv = CC_NONE;
    if (callee_op->kind == CC_OP_LOAD && callee_op->a != CC_NONE &&
        fn->ops[callee_op->a].kind == CC_OP_FIELD)
        recv = fn->ops[callee_op->a].a;
    switch (e->effect) {
    case CC_KB_POOL_NEW: {
        cc_aval inst = cc_resolve(p, u, f, o);
        s.kind = CC_SEM_POOL_NEW;
        resolve_sm(p, inst, &s);
        add_sem(p, s);
        if (e->model == CC_MODEL_PROCESS) {
            cc_sem snd = s;
            snd.pickling = CC_PICKLE_UNLESS_FORK;
            uint32_t init = call_arg(op, e->effect == CC_KB_POOL_NEW && !strncmp(e->name, "multiprocessing", 15) ? 1 : 2,
                                     "initializer", p->in);
            if (init != CC_NONE) {
                snd.kind = CC_SEM_SEND;
                snd.role = "initializer";
                snd.value = init;
                add_sem(p, snd);
            }
            send_tuple(p, snd, u, f,
                       call_arg(op, !strncmp(e->name, "multiprocessing", 15) ? 2 : 3, "initargs",
                                p->in),
                       "initializer argument");
        }
        break;
    }
    case CC_KB_HANDLE_NEW:
        if (e->model == CC_MODEL_PROCESS) {
            cc_aval inst = cc_resolve(p, u, f, o);
            s.kind = CC_SEM_SEND;
            s.pickling = CC_PICKLE_UNLESS_FORK;
            resolve_sm(p, inst, &s);
            uint32_t fnv = call_arg(op, e->fn_pos, e->fn_kw, p->in);
            if (fnv != CC_NONE) {
                s.role = "target";
                s.value = fnv;
                add_sem(p, s);
            }
            send_tuple(p, s, u, f, call_arg(op, e->args_pos, e->args_kw, p->in), "argument");
            send_tuple(p, s, u, f, call_arg(op, 4, "kwargs", p->in), "argument");
        }
        break;
    case CC_KB_START: {
        s.kind = CC_SEM_START;
        s.value = recv;
        /* `for t in [Thread(target=a), Thread(target=b)]: t.start()` starts each of them */
        cc_aval hs[8];
        uint32_t nh = recv == CC_NONE ? 0 : handle_values(p, u, f, recv, hs, 8);
        if (nh == 0) {
            hs[0] = recv == CC_NONE ? unknown() : cc_resolve(p, u, f, recv);
            nh = 1;
        }
        for (uint32_t k = 0; k < nh; k++)
            lower_start(p, s, e, hs[k]);
        break;
    }
    case CC_KB_SUBMIT: {
        cc_aval pool = recv == CC_NONE ? unknown() : cc_resolve(p, u, f, recv);
        if (e->model == CC_MODEL_UNKNOWN)
            s.model = pool.kind == CC_V_INSTANCE ? pool.model : CC_MODEL_UNKNOWN;
        resolve_sm(p, pool, &s);
        s.kind = CC_SEM_SUBMIT;
        uint32_t fnv = call_arg(op, e->fn_pos, e->fn_kw, p->in);
        s.value = fnv;
        target_of(p, u, f, fnv, &s);
        add_sem(p, s);
        if (s.model != CC_MODEL_PROCESS)
            break;
        cc_sem snd = s;
        snd.kind = CC_SEM_SEND;
        snd.pickling = CC_PICKLE_ALWAYS;
        snd.target_unit = snd.target_func = CC_NONE;
        if (fnv != CC_NONE) {
            snd.role = "function";
            snd.value = fnv;
            add_sem(p, snd);
        }
        send_tuple(p, snd, u, f, call_arg(op, e->args_pos, e->args_kw, p->in), "argument");
        if (e->rest_pos >= 0) {
            int k = 0;
            for (uint32_t i = 0; i < op->nargs; i++) {
                cc_str kw = op->kwnames ? op->kwnames[i] : CC_STR_NONE;
                if (kw && (!strcmp(T(p, kw), "*") || !strcmp(T(p, kw), "**")))
                    continue;
                if (kw || k++ >= e->rest_pos) {
                    snd.role = "argument";
                    snd.value = op->args[i];
                    add_sem(p, snd);
                }
            }
        }
        if (e->iter_pos >= 0) {
            uint32_t it = call_arg(op, e->iter_pos, "iterable", p->in);
            const cc_op *io = it == CC_NONE ? NULL : &fn->ops[it];
            if (io && io->kind == CC_OP_ALLOC &&
                (io->sub == CC_ALLOC_LIST || io->sub == CC_ALLOC_TUPLE)) {
                for (uint32_t i = 0; i < io->nargs; i++) {
                    if (e->flags & CC_KBF_STARMAP)
                        send_tuple(p, snd, u, f, io->args[i], "item");
                    else {
                        snd.role = "item";
                        snd.value = io->args[i];
                        add_sem(p, snd);
                    }
                }
            }
        }
        break;
    }
    case CC_KB_JOIN:
    case CC_KB_ACQUIRE:
    case CC_KB_RELEASE:
        s.kind = e->effect == CC_KB_JOIN      ? CC_SEM_JOIN
                 : e->effect == CC_KB_ACQUIRE ? CC_SEM_ACQUIRE
                                              : CC_SEM_RELEASE;
        s.value = recv;
        add_sem(p, s);
        break;
    case CC_KB_FORK: /* os.fork(): as C's fork, a child starts here running the code after it */
        s.kind = CC_SEM_START;
        s.model = CC_MODEL_PROCESS;
        s.start_method = CC_SM_FORK;
        s.sm_explicit = true;
        add_sem(p, s);
        break;
    case CC_KB_SET_START_METHOD: {
        const char *m;
        s.kind = CC_SEM_SET_START_METHOD;
        if (const_string(p, u, f, call_arg(op, e->fn_pos, e->fn_kw, p->in), &m)) {
            s.start_method = (uint8_t)sm_from_text(m);
            s.sm_explicit = s.start_method != CC_SM_UNKNOWN;
        }
        add_sem(p, s);
        break;
    }
    default:
        break;
    }
}

static void lower_with(cc_program *p, uint32_t u, uint32_t f, uint32_t o, const cc_op *op)
{
    const cc_func *fn = &p->units[u]->funcs[f];
    uint32_t enter = op->kind == CC_OP_WITH_ENTER ? o : op->a;
    if (enter == CC_NONE || fn->ops[enter].kind != CC_OP_WITH_ENTER)
        return;
    cc_aval v = cc_resolve(p, u, f, fn->ops[enter].a);
    if (v.kind != CC_V_INSTANCE)
        return;
    const cc_kb_entry *ctor = NULL;
    const cc_op *c = op_at(p, v.origin.unit, v.origin.func, v.origin.op);
    if (c && c->kind == CC_OP_CALL) {
        cc_aval cv = cc_resolve(p, v.origin.unit, v.origin.func, c->a);
        if (cv.kind == CC_V_EXTERN)
            ctor = kb_lookup(p, cv.qname);
    }
    if (!ctor)
        return;
    cc_sem s = {.at = {u, f, o}, .api = ctor->name, .value = fn->ops[enter].a,
                .target_unit = CC_NONE, .target_func = CC_NONE, .model = v.model,
                .kb_flags = ctor->flags};
    resolve_sm(p, v, &s);
    if (ctor->effect == CC_KB_LOCK_NEW) {
        s.kind = op->kind == CC_OP_WITH_ENTER ? CC_SEM_ACQUIRE : CC_SEM_RELEASE;
        add_sem(p, s);
    } else if (ctor->effect == CC_KB_POOL_NEW && op->kind == CC_OP_WITH_EXIT) {
        s.kind = CC_SEM_JOIN;
        add_sem(p, s);
    }
}

/* Which units may call into the concurrency APIs of the knowledge base: those importing one of
 * its modules (threading, multiprocessing, ...), and those importing such a unit (a factory or
 * a re-export can hand them a pool). The calls of other units cannot lower to anything. */
static bool *units_reaching_kb(cc_program *p, const graph *g)
{
    uint32_t n = p->nunits;
    bool *reach = cc_xcalloc(n + 1, sizeof(bool));
    /* The knowledge base's top-level modules of calls that lower to semantic operations. */
    cc_str *roots = NULL;
    uint32_t nroots = 0, caproots = 0;
    for (uint32_t i = 0; i < p->nkb; i++) {
        const cc_kb_entry *e = &p->kb_entries[i];
        /* C entries are reached by every C unit; objects that are only sent, and calls that
         * rules read from the knowledge base themselves (MT-unsafe, exec, exit), lower nothing */
        if (e->effect == CC_KB_UNPICKLABLE || e->effect == CC_KB_PARTIAL ||
            e->effect == CC_KB_MT_UNSAFE || e->effect == CC_KB_EXEC ||
            e->effect == CC_KB_EXIT || e->effect == CC_KB_AS_SAFE ||
            e->effect == CC_KB_FORK_EXEC || (e->source && strcmp(e->source, "config") != 0))
            continue;
        const char *dot = strchr(e->name, '.');
        cc_str r = cc_intern(p->in, e->name, dot ? (size_t)(dot - e->name) : strlen(e->name));
        bool seen = false;
        for (uint32_t k = 0; k < nroots; k++)
            seen |= roots[k] == r;
        if (!seen)
            CC_VEC_PUSH(roots, nroots, caproots, r);
    }
    uint32_t *stack = cc_xmalloc((n + 1) * sizeof(uint32_t)), sp = 0;
    for (uint32_t u = 0; u < n; u++) {
        const cc_unit *un = p->units[u];
        for (uint32_t f = 0; f < un->nfuncs && !reach[u]; f++)
            for (uint32_t o = 0; o < un->funcs[f].nops && !reach[u]; o++) {
                const cc_op *op = &un->funcs[f].ops[o];
                if (op->kind != CC_OP_IMPORT)
                    continue;
                char mod[512];
                absolute_module(p, un, T(p, op->name), mod, sizeof mod);
                char *dot = strchr(mod, '.');
                cc_str r = cc_intern(p->in, mod, dot ? (size_t)(dot - mod) : strlen(mod));
                for (uint32_t k = 0; k < nroots; k++)
                    if (roots[k] == r)
                        reach[u] = true;
            }
        if (un->lang == CC_LANG_C)
            reach[u] = true; /* C calls its threading library directly */
        if (reach[u])
            stack[sp++] = u;
    }
    while (sp) {
        uint32_t v = stack[--sp];
        for (uint32_t i = 0; i < g->nin[v]; i++) {
            uint32_t w = g->in[v][i];
            if (!reach[w]) {
                reach[w] = true;
                stack[sp++] = w;
            }
        }
    }
    free(stack);
    free(roots);
    return reach;
}

static void lower_all(cc_program *p)
{
    p->imports = cc_xcalloc(1, sizeof(graph));
    import_graph(p, p->imports);
    graph g = *p->imports;
    bool *reach = units_reaching_kb(p, &g);
    /* First the start methods set in the code, which every later default depends on. */
    int nset = 0;
    cc_start_method sm = CC_SM_UNKNOWN;
    bool conflict = false;
    uint8_t *set_sm = cc_xcalloc(p->nunits + 1, 1);
    bool *set_any = cc_xcalloc(p->nunits + 1, sizeof(bool));
    for (uint32_t u = 0; u < p->nunits; u++) {
        if (!reach[u])
            continue;
        const cc_unit *un = p->units[u];
        for (uint32_t f = 0; f < un->nfuncs; f++)
            for (uint32_t o = 0; o < un->funcs[f].nops; o++) {
                const cc_op *op = &un->funcs[f].ops[o];
                if (op->kind != CC_OP_CALL)
                    continue;
                cc_aval c = cc_resolve(p, u, f, op->a);
                const cc_kb_entry *e = c.kind == CC_V_EXTERN ? kb_lookup(p, c.qname) : NULL;
                if (!e || e->effect != CC_KB_SET_START_METHOD)
                    continue;
                const char *m;
                cc_start_method got = CC_SM_UNKNOWN;
                if (const_string(p, u, f, call_arg(op, 0, "method", p->in), &m))
                    got = sm_from_text(m);
                if (nset++ && got != sm)
                    conflict = true;
                sm = got;
                if (set_any[u] && set_sm[u] != got)
                    set_sm[u] = CC_SM_UNKNOWN;
                else
                    set_sm[u] = (uint8_t)got;
                set_any[u] = true;
            }
    }
    p->own_sm = (cc_sm_calls){(uint32_t)nset, (uint8_t)sm, conflict};
    cc_start_method all = cc_sm_calls_method(cc_sm_calls_join(p->own_sm, p->opts.outside_sm));
    if (all != CC_SM_UNKNOWN) {
        p->sm = all;
        p->sm_explicit = true;
    } else if (p->opts.target_major > 3 ||
               (p->opts.target_major == 3 && p->opts.target_minor >= 14)) {
        /* Python 3.14 made forkserver the default on Linux (spawn elsewhere): never fork. */
        p->sm = CC_SM_FORKSERVER;
        p->sm_explicit = false;
    }
    if (nset) {
        smstate_new(p, set_sm, set_any, &g); /* takes set_sm and set_any */
    } else {
        free(set_sm);
        free(set_any);
    }
    for (uint32_t u = 0; u < p->nunits; u++) {
        if (!reach[u])
            continue;
        const cc_unit *un = p->units[u];
        for (uint32_t f = 0; f < un->nfuncs; f++)
            for (uint32_t o = 0; o < un->funcs[f].nops; o++) {
                const cc_op *op = &un->funcs[f].ops[o];
                if (op->kind == CC_OP_CALL)
                    lower_call(p, u, f, o, op);
                else if (op->kind == CC_OP_WITH_ENTER || op->kind == CC_OP_WITH_EXIT)
                    lower_with(p, u, f, o, op);
            }
    }
    smstate_delete(p);
    free(reach);
}

/* ---- findings ------------------------------------------------------------------------------ */

void cc_program_report(cc_program *self, const char *code, uint32_t unit, cc_span span,
                       const char *message, const char *help)
{
    const cc_rule *r = cc_rule_find(code);
    pthread_mutex_lock(&self->mu);
    cc_diag d = {.code = r ? r->code : "CC???", .severity = r ? r->severity : CC_SEV_WARNING,
                 .unit = unit, .span = span};
    d.message = cc_arena_strndup(self->arena, message, strlen(message));
    d.help = help ? cc_arena_strndup(self->arena, help, strlen(help)) : NULL;
    CC_VEC_PUSH(self->findings, self->nfindings, self->capfindings, d);
    pthread_mutex_unlock(&self->mu);
}

void cc_program_report_related(cc_program *self, const char *code, uint32_t unit, cc_span span,
                               const char *message, const char *help, const cc_related *rel,
                               uint32_t nrel)
{
    cc_program_report(self, code, unit, span, message, help);
    if (!nrel)
        return;
    pthread_mutex_lock(&self->mu);
    cc_diag *d = &self->findings[self->nfindings - 1];
    cc_related *copy = cc_arena_alloc(self->arena, nrel * sizeof(cc_related));
    for (uint32_t i = 0; i < nrel; i++) {
        copy[i] = rel[i];
        copy[i].message = rel[i].message
                              ? cc_arena_strndup(self->arena, rel[i].message,
                                                 strlen(rel[i].message))
                              : NULL;
    }
    d->related = copy;
    d->nrelated = nrel;
    pthread_mutex_unlock(&self->mu);
}

uint32_t cc_program_sems_at(const cc_program *self, uint32_t unit, uint32_t func, uint32_t op,
                            uint32_t *first)
{
    uint32_t lo = 0, hi = self->nsems;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const cc_op_id *a = &self->sems[mid].at;
        bool less = a->unit != unit ? a->unit < unit
                    : a->func != func ? a->func < func
                                      : a->op < op;
        if (less)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint32_t n = 0;
    while (lo + n < self->nsems && self->sems[lo + n].at.unit == unit &&
           self->sems[lo + n].at.func == func && self->sems[lo + n].at.op == op)
        n++;
    *first = lo;
    return n;
}

uint32_t cc_call_arg(const cc_program *self, uint32_t unit, uint32_t func, uint32_t op, int pos,
                     const char *kw)
{
    return call_arg(op_at(self, unit, func, op), pos, kw, self->in);
}

const struct cc_kb_entry *cc_program_kb_find(const cc_program *self, const char *name)
{
    const cc_kb_entry *e = kb_lookup_text(self, name);
    return e ? e : kb_lookup_prefix(self, name);
}

static int finding_cmp(const void *a, const void *b)
{
    const cc_diag *x = a, *y = b;
    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    if (x->span.line != y->span.line)
        return x->span.line < y->span.line ? -1 : 1;
    if (x->span.col != y->span.col)
        return x->span.col < y->span.col ? -1 : 1;
    int c = strcmp(x->code, y->code);
    if (c)
        return c;
    return strcmp(x->message, y->message);
}

const char *cc_program_func_name(const cc_program *self, uint32_t unit, uint32_t func)
{
    const cc_unit *u = self->units[unit];
    const cc_func *f = &u->funcs[func];
    char buf[1024];
    if (f->kind == CC_FUNC_MODULE)
        snprintf(buf, sizeof buf, "%s", u->module ? T(self, u->module) : u->path);
    else if (!u->module) /* C: functions are global names */
        snprintf(buf, sizeof buf, "%s", T(self, f->qualname));
    else
        snprintf(buf, sizeof buf, "%s.%s", T(self, u->module), T(self, f->qualname));
    return cc_str_text(self->in, cc_intern_cstr(self->in, buf));
}

void cc_program_analyze(cc_program *self, bool (*selected)(const char *code, void *ctx),
                        void *ctx)
{
    double t0 = mono_s();
    link_units(self);
    lower_all(self);
    double t1 = mono_s();
    self->times.link_lower = t1 - t0;
    self->times.analyses = 0;
    /* A run that can be cancelled builds the analyses first, so that it can stop between them
     * before any rule uses them. */
    if (self->opts.cancelled) {
        if (!stop_now(self))
            cc_program_analyses(self);
        if (self->cancelled)
            return;
    }
    for (uint32_t i = 0; i < self->nunits; i++) {
        const cc_unit *u = self->units[i];
        if (!selected || selected("CC000", ctx))
            for (uint32_t k = 0; k < u->ndiags; k++) {
                cc_diag d = u->diags[k];
                d.unit = i;
                CC_VEC_PUSH(self->findings, self->nfindings, self->capfindings, d);
            }
    }
    uint32_t n;
    const cc_rule *rules = cc_rules(&n);
    for (uint32_t i = 0; i < n; i++) {
        if (stop_now(self))
            return;
        if (rules[i].run && (!selected || selected(rules[i].code, ctx)))
            rules[i].run(self);
    }
    if (self->nfindings > 1)
        qsort(self->findings, self->nfindings, sizeof(cc_diag), finding_cmp);
    double t2 = mono_s(), a_rules = self->times.analyses;
    cc_advice_set_delete(self->advice);
    self->advice = self->opts.no_advice ? NULL : cc_advice_set_new(self);
    double t3 = mono_s();
    self->times.advice = (t3 - t2) - (self->times.analyses - a_rules);
    /* the rules' time without the analyses they built on first use */
    self->times.rules = (t2 - t1) - a_rules;
    if (self->times.rules < 0)
        self->times.rules = 0;
}

/* ---- for the gate ------------------------------------------------------------------------- */

cc_diag *cc_program_finding_mut(cc_program *self, uint32_t i)
{
    return &self->findings[i];
}

void cc_program_filter_findings(cc_program *self, bool (*keep)(const cc_diag *d, void *ctx),
                                void *ctx)
{
    uint32_t w = 0;
    for (uint32_t r = 0; r < self->nfindings; r++)
        if (keep(&self->findings[r], ctx))
            self->findings[w++] = self->findings[r];
    self->nfindings = w;
}

void cc_program_sort_findings(cc_program *self)
{
    if (self->nfindings > 1)
        qsort(self->findings, self->nfindings, sizeof(cc_diag), finding_cmp);
}

bool cc_program_imports_any(const cc_program *self, uint32_t unit, const bool *marked)
{
    if (marked[unit])
        return true;
    const graph *g = self->imports;
    if (!g)
        return false;
    uint32_t n = self->nunits;
    bool *seen = cc_xcalloc(n + 1, sizeof(bool));
    uint32_t *stack = cc_xmalloc((n + 1) * sizeof(uint32_t)), sp = 0;
    bool hit = false;
    seen[unit] = true;
    stack[sp++] = unit;
    while (sp && !hit) {
        uint32_t v = stack[--sp];
        for (uint32_t i = 0; i < g->nout[v] && !hit; i++) {
            uint32_t w = g->out[v][i];
            if (marked[w])
                hit = true;
            else if (!seen[w]) {
                seen[w] = true;
                stack[sp++] = w;
            }
        }
    }
    free(seen);
    free(stack);
    return hit;
}

const char *cc_program_func_at(const cc_program *self, uint32_t unit, uint32_t offset)
{
    const cc_unit *u = self->units[unit];
    uint32_t best = 0, best_len = UINT32_MAX;
    for (uint32_t f = 0; f < u->nfuncs; f++) {
        const cc_span *sp = &u->funcs[f].span;
        if (u->funcs[f].kind == CC_FUNC_MODULE)
            continue;
        if (sp->start <= offset && offset < sp->end && sp->end - sp->start < best_len) {
            best = f;
            best_len = sp->end - sp->start;
        }
    }
    return cc_program_func_name(self, unit, best);
}

int64_t cc_pool_workers(const cc_program *self, uint32_t unit, uint32_t func, uint32_t op)
{
    if (op == CC_NONE)
        return 0;
    cc_aval v = cc_resolve(self, unit, func, op);
    if (v.kind != CC_V_INSTANCE)
        return 0;
    const cc_op *ctor = op_at(self, v.origin.unit, v.origin.func, v.origin.op);
    if (!ctor || ctor->kind != CC_OP_CALL)
        return 0;
    cc_aval cv = cc_resolve(self, v.origin.unit, v.origin.func, ctor->a);
    const cc_kb_entry *e = cv.kind == CC_V_EXTERN ? kb_lookup(self, cv.qname) : NULL;
    if (!e || e->effect != CC_KB_POOL_NEW)
        return 0;
    /* every pool of the standard library takes its size first: processes= or max_workers= */
    uint32_t a = cc_call_arg(self, v.origin.unit, v.origin.func, v.origin.op, 0,
                             strncmp(e->name, "concurrent", 10) ? "processes" : "max_workers");
    int64_t n;
    if (a == CC_NONE || !cc_const_int(self, v.origin.unit, v.origin.func, a, &n) || n < 1)
        return 0;
    return n;
}

cc_aval cc_class_attr(const cc_program *self, uint32_t unit, uint32_t cls, cc_str name)
{
    return class_attr(self, unit, cls, name, 0);
}

/* ---- effects and advice (effects.c, advice.c) ----------------------------------------------- */

const cc_program_options *cc_program_options_get(const cc_program *self)
{
    return &self->opts;
}

struct cc_effects *cc_program_effects(cc_program *self)
{
    if (!self->effects)
        self->effects = cc_effects_new(self, self->opts.costs);
    return self->effects;
}

const struct cc_advice_set *cc_program_advice(const cc_program *self)
{
    return self->advice;
}
