/* effects.c - effect and cost summaries, payload sizes and site shapes; see effects.h and
 * docs/advice.md. */
#include "concur/effects.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "concur/analysis.h"
#include "concur/arena.h"
#include "concur/bench.h"
#include "concur/driver.h"
#include "knowledge/kb.h"

enum { SIZE_DEPTH = 10, SUMMARY_DEPTH = 48, CALLEES_MAX = 8 };

/* The magnitude given to U (and to sizes concur cannot find) when a number is needed: large
 * enough that work proportional to data outweighs constant overheads, as it does in practice. */
#define NOMINAL_U 1000.0

/* Steps the harness's cpu_task loop body (`s += i * i % 7`) is worth to the step counter below;
 * tests/unit/test_effects.c checks it, so bench-measured seconds per step stay consistent. */
#define BENCH_CPU_STEPS_PER_ITER 6.0

/* ==== polynomials ============================================================================ */

static int mono_degree(const cc_mono *m)
{
    int d = 0;
    for (int v = 0; v < CC_POLY_VARS; v++)
        d += m->deg[v];
    return d;
}

static bool mono_same(const cc_mono *a, const cc_mono *b)
{
    return !memcmp(a->deg, b->deg, sizeof a->deg);
}

/* Orders terms by importance: higher degree first, then larger coefficient. */
static bool mono_more(const cc_mono *a, const cc_mono *b)
{
    int da = mono_degree(a), db = mono_degree(b);
    if (da != db)
        return da > db;
    return a->coef > b->coef;
}

static void poly_add_term(cc_poly *p, cc_mono m)
{
    if (m.coef == 0)
        return;
    for (int i = 0; i < p->n; i++)
        if (mono_same(&p->t[i], &m)) {
            p->t[i].coef += m.coef;
            return;
        }
    if (p->n < CC_POLY_TERMS) {
        p->t[p->n++] = m;
        return;
    }
    /* Full: the least important term goes (a lower bound, marked as such). */
    int least = 0;
    for (int i = 1; i < p->n; i++)
        if (mono_more(&p->t[least], &p->t[i]))
            least = i;
    p->flags |= CC_POLYF_APPROX;
    if (mono_more(&m, &p->t[least]))
        p->t[least] = m;
}

cc_poly cc_poly_const(double c)
{
    cc_poly p = {0};
    if (c != 0) {
        p.n = 1;
        p.t[0].coef = c;
    }
    return p;
}

cc_poly cc_poly_var(int var)
{
    cc_poly p = {0};
    if (var < 0 || var >= CC_POLY_VARS)
        var = CC_POLY_U;
    p.n = 1;
    p.t[0].coef = 1;
    p.t[0].deg[var] = 1;
    return p;
}

cc_poly cc_poly_add(cc_poly a, cc_poly b)
{
    a.flags |= b.flags;
    for (int i = 0; i < b.n; i++)
        poly_add_term(&a, b.t[i]);
    return a;
}

cc_poly cc_poly_scale(cc_poly a, double k)
{
    if (k == 0) {
        cc_poly z = {0};
        z.flags = a.flags;
        return z;
    }
    for (int i = 0; i < a.n; i++)
        a.t[i].coef *= k;
    return a;
}

cc_poly cc_poly_mul(cc_poly a, cc_poly b)
{
    cc_poly r = {0};
    r.flags = a.flags | b.flags;
    for (int i = 0; i < a.n; i++)
        for (int j = 0; j < b.n; j++) {
            cc_mono m = {.coef = a.t[i].coef * b.t[j].coef};
            int total = 0;
            for (int v = 0; v < CC_POLY_VARS; v++) {
                int d = a.t[i].deg[v] + b.t[j].deg[v];
                m.deg[v] = (uint8_t)d;
                total += d;
            }
            /* Clamp the degree: the U variable first (it is a guess anyway), then the largest. */
            while (total > CC_POLY_MAXDEG) {
                int v = m.deg[CC_POLY_U] > 0 ? CC_POLY_U : 0;
                for (int w = 0; w < CC_POLY_VARS; w++)
                    if (m.deg[w] > m.deg[v] && m.deg[CC_POLY_U] == 0)
                        v = w;
                m.deg[v]--;
                total--;
                r.flags |= CC_POLYF_APPROX;
            }
            poly_add_term(&r, m);
        }
    return r;
}

cc_poly cc_poly_subst(cc_poly a, const cc_poly *args)
{
    cc_poly r = {0};
    r.flags = a.flags;
    for (int i = 0; i < a.n; i++) {
        cc_poly term = cc_poly_const(a.t[i].coef);
        for (int v = 0; v < CC_POLY_VARS; v++)
            for (int k = 0; k < a.t[i].deg[v]; k++)
                term = cc_poly_mul(term, args[v]);
        r = cc_poly_add(r, term);
    }
    return r;
}

bool cc_poly_uses(const cc_poly *a, int var)
{
    for (int i = 0; i < a->n; i++)
        if (a->t[i].deg[var])
            return true;
    return false;
}

bool cc_poly_symbolic(const cc_poly *a)
{
    for (int v = 0; v < CC_POLY_VARS; v++)
        if (cc_poly_uses(a, v))
            return true;
    return false;
}

double cc_poly_eval(const cc_poly *a, const double *vals)
{
    double s = 0;
    for (int i = 0; i < a->n; i++) {
        double t = a->t[i].coef;
        for (int v = 0; v < CC_POLY_VARS; v++)
            for (int k = 0; k < a->t[i].deg[v]; k++)
                t *= vals[v];
        s += t;
    }
    return s;
}

const char *cc_poly_format(const cc_poly *a, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = 0;
    if (a->n == 0) {
        snprintf(buf, cap, "0");
        return buf;
    }
    for (int i = 0; i < a->n && n + 1 < cap; i++) {
        n += (size_t)snprintf(buf + n, cap - n, "%s%g", i ? " + " : "", a->t[i].coef);
        for (int v = 0; v < CC_POLY_VARS && n + 1 < cap; v++) {
            if (!a->t[i].deg[v])
                continue;
            if (v == CC_POLY_U)
                n += (size_t)snprintf(buf + n, cap - n, "*U");
            else
                n += (size_t)snprintf(buf + n, cap - n, "*n%d", v);
            if (a->t[i].deg[v] > 1 && n + 1 < cap)
                n += (size_t)snprintf(buf + n, cap - n, "^%d", a->t[i].deg[v]);
        }
    }
    if ((a->flags & CC_POLYF_APPROX) && n + 1 < cap)
        snprintf(buf + n, cap - n, " (at least)");
    return buf;
}

/* Value of a polynomial with every variable at the nominal magnitude; *known is false when it
 * mentions a variable. */
static cc_est poly_est(const cc_poly *a)
{
    double vals[CC_POLY_VARS];
    for (int v = 0; v < CC_POLY_VARS; v++)
        vals[v] = NOMINAL_U;
    cc_est e = {cc_poly_eval(a, vals), !cc_poly_symbolic(a)};
    if (e.v < 0)
        e.v = 0;
    return e;
}

/* ==== formatting ============================================================================== */

const char *cc_fmt_count(double v, char *buf, size_t cap)
{
    if (v < 0)
        v = 0;
    if (v < 10 && v != (double)(long long)v)
        snprintf(buf, cap, "~%.1f", v);
    else if (v < 10000)
        snprintf(buf, cap, "~%.0f", v);
    else {
        int e = 0;
        double m = v;
        while (m >= 10) {
            m /= 10;
            e++;
        }
        if (m >= 9.5) {
            m = 1;
            e++;
        }
        if (m < 1.5)
            snprintf(buf, cap, "~10^%d", e);
        else
            snprintf(buf, cap, "~%.0f*10^%d", m, e);
    }
    return buf;
}

const char *cc_fmt_seconds(double s, char *buf, size_t cap)
{
    if (s < 0)
        s = 0;
    if (s < 1e-6)
        snprintf(buf, cap, "~%.0f ns", s * 1e9);
    else if (s < 1e-3)
        snprintf(buf, cap, "~%.0f us", s * 1e6);
    else if (s < 1)
        snprintf(buf, cap, "~%.0f ms", s * 1e3);
    else if (s < 100)
        snprintf(buf, cap, "~%.1f s", s);
    else
        snprintf(buf, cap, "~%.0f s", s);
    return buf;
}

const char *cc_fmt_bytes(double b, char *buf, size_t cap)
{
    if (b < 0)
        b = 0;
    if (b < 1000)
        snprintf(buf, cap, "~%.0f B", b);
    else if (b < 1e6)
        snprintf(buf, cap, "~%.0f KB", b / 1e3);
    else if (b < 1e9)
        snprintf(buf, cap, "~%.0f MB", b / 1e6);
    else
        snprintf(buf, cap, "~%.1f GB", b / 1e9);
    return buf;
}

const char *cc_site_short_name(const char *qual)
{
    if (!qual)
        return "the task";
    const char *dot = strrchr(qual, '.');
    if (dot && dot > qual) {
        /* keep "Class.method" when the part before the last dot is a class name */
        const char *p = dot - 1;
        while (p > qual && p[-1] != '.')
            p--;
        if (*p >= 'A' && *p <= 'Z')
            return p;
    }
    return dot ? dot + 1 : qual;
}

/* ==== constants =============================================================================== */

void cc_cost_constants_default(cc_cost_constants *k)
{
    memset(k, 0, sizeof *k);
    /* From `concur bench` on a 2-core AMD EPYC VM with CPython 3.11 (docs/advice.md). */
    k->step_s = 20e-9;
    k->c_step_s = 1e-9;
    k->native_byte_s = 0.6e-9;
    k->thread_start_s = 80e-6;
    k->thread_task_s = 10e-6;
    k->process_start_s[CC_SM_UNKNOWN] = 8e-3;
    k->process_start_s[CC_SM_FORK] = 8e-3;
    k->process_start_s[CC_SM_SPAWN] = 100e-3;
    k->process_start_s[CC_SM_FORKSERVER] = 30e-3;
    k->task_s = 200e-6;
    k->byte_s = 1e-9;
    k->object_s = 60e-9;
    k->interp_start_s = 5e-3;
    k->c_thread_start_s = 50e-6;
    k->c_fork_s = 1e-3;
    k->c_pipe_byte_s = 0.4e-9;
    k->wait_net_s = 50e-3;
    k->wait_disk_s = 0.2e-3;
    k->wait_fs_s = 5e-6;
    k->wait_subprocess_s = 20e-3;
    k->wait_db_s = 2e-3;
    k->wait_other_s = 0;
    k->cores = cc_usable_cores();
    k->measured = false;
    snprintf(k->source, sizeof k->source, "shipped defaults");
}

static double jnum(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : 0;
}

static json_t *find_named(json_t *arr, const char *field, const char *name)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        const char *s = json_string_value(json_object_get(v, field));
        if (s && !strcmp(s, name))
            return v;
    }
    return NULL;
}

cc_status cc_cost_constants_load_file(cc_cost_constants *k, const char *path, char *err,
                                      size_t errcap)
{
    cc_cost_constants_default(k);
    json_error_t je;
    json_t *doc = json_load_file(path, 0, &je);
    if (!doc || !json_is_string(json_object_get(doc, "schema")) ||
        strcmp(json_string_value(json_object_get(doc, "schema")), "concur-bench/1")) {
        if (err)
            snprintf(err, errcap, "%s: not a concur bench result (%s)", path,
                     doc ? "wrong schema" : je.text);
        json_decref(doc);
        return CC_ERR_PARSE;
    }
    bool quick = json_is_true(json_object_get(doc, "quick"));
    json_t *consts = json_object_get(doc, "constants");
    json_t *c;
    double v;
#define TAKE(name, field)                                                                          \
    if ((c = find_named(consts, "name", name)) && (v = jnum(c, "median")) > 0)                     \
        k->field = v;
    TAKE("thread_start", thread_start_s)
    TAKE("transfer.task", task_s)
    TAKE("transfer.byte", byte_s)
    TAKE("process_start.fork", process_start_s[CC_SM_FORK])
    TAKE("process_start.spawn", process_start_s[CC_SM_SPAWN])
    TAKE("process_start.forkserver", process_start_s[CC_SM_FORKSERVER])
    TAKE("c.thread_start", c_thread_start_s)
    TAKE("c.fork_start", c_fork_s)
    TAKE("c.pipe_byte", c_pipe_byte_s)
#undef TAKE
    /* The platform default start method of the measured interpreter. */
    const char *def = json_string_value(
        json_object_get(json_object_get(doc, "interpreter"), "default_start_method"));
    if (def) {
        int sm = !strcmp(def, "fork")         ? CC_SM_FORK
                 : !strcmp(def, "spawn")      ? CC_SM_SPAWN
                 : !strcmp(def, "forkserver") ? CC_SM_FORKSERVER
                                              : CC_SM_UNKNOWN;
        k->process_start_s[CC_SM_UNKNOWN] = k->process_start_s[sm];
    }
    /* Work per task of the harness (analyzer/src/bench_harness.py: CPU_ITERS, HASH_MIB). */
    json_t *wl = json_object_get(doc, "workloads");
    json_t *w = find_named(wl, "name", "cpu_gil");
    double tasks;
    if (w && (tasks = jnum(w, "tasks")) > 0 && jnum(w, "serial_median_s") > 0)
        k->step_s = jnum(w, "serial_median_s") /
                    (tasks * (quick ? 40000.0 : 400000.0) * BENCH_CPU_STEPS_PER_ITER);
    w = find_named(wl, "name", "native_nogil");
    if (w && (tasks = jnum(w, "tasks")) > 0 && jnum(w, "serial_median_s") > 0)
        k->native_byte_s = jnum(w, "serial_median_s") / (tasks * (quick ? 2.0 : 32.0) * 1048576.0);
    double cores = jnum(json_object_get(doc, "machine"), "usable_cores");
    if (cores >= 1)
        k->cores = (int)cores;
    k->measured = true;
    snprintf(k->source, sizeof k->source, "%s", path);
    json_decref(doc);
    return CC_OK;
}

/* The CPU model line of /proc/cpuinfo, as `concur bench` keys its cache by it. */
static void cpu_model(char *out, size_t cap)
{
    snprintf(out, cap, "unknown");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "model name", 10))
            continue;
        char *c = strchr(line, ':');
        if (!c)
            break;
        c++;
        while (*c == ' ' || *c == '\t')
            c++;
        c[strcspn(c, "\n")] = 0;
        snprintf(out, cap, "%s", c);
        break;
    }
    fclose(f);
}

cc_status cc_cost_constants_load(cc_cost_constants *k, char *err, size_t errcap)
{
    cc_cost_constants_default(k);
    char dir[4096];
    if (!cc_bench_cache_dir(dir, sizeof dir))
        return CC_ERR_NOTFOUND;
    DIR *d = opendir(dir);
    if (!d)
        return CC_ERR_NOTFOUND;
    char model[256], want[300], best[4400] = "", best_when[64] = "";
    bool best_full = false;
    cpu_model(model, sizeof model);
    snprintf(want, sizeof want, "|cpu=%s|usable=%d|", model, cc_usable_cores());
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (strncmp(e->d_name, "bench-", 6) || n < 11 || strcmp(e->d_name + n - 5, ".json"))
            continue;
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        json_t *doc = json_load_file(path, 0, NULL);
        const char *key = doc ? json_string_value(json_object_get(doc, "key")) : NULL;
        const char *when = doc ? json_string_value(json_object_get(doc, "measured_at")) : NULL;
        /* Only results measured on this machine: the key names its CPU and usable cores. */
        if (key && when && strstr(key, want)) {
            bool full = !json_is_true(json_object_get(doc, "quick"));
            /* A full measurement beats a --quick one; then the most recent wins. */
            if (!best[0] || (full && !best_full) ||
                (full == best_full && strcmp(when, best_when) > 0)) {
                snprintf(best, sizeof best, "%s", path);
                snprintf(best_when, sizeof best_when, "%s", when);
                best_full = full;
            }
        }
        json_decref(doc);
    }
    closedir(d);
    if (!best[0])
        return CC_ERR_NOTFOUND;
    cc_status st = cc_cost_constants_load_file(k, best, err, errcap);
    return st;
}

/* ==== the cost table ========================================================================== */

typedef enum cost_kind {
    CK_STEPS,
    CK_LINEAR,
    CK_NLOGN,
    CK_NATIVE,
    CK_BLAS,
    CK_WAIT,
    CK_TYPE,
    CK_NOGIL_OFF,
} cost_kind;

typedef struct cost_row {
    cc_lang lang;
    const char *name;
    cost_kind kind;
    int arg;
    double factor, threshold;
    const char *extra;
} cost_row;

#define PY CC_LANG_PYTHON
#define C  CC_LANG_C
static const cost_row COSTS[] = {
#define CC_COST(lang, name, kind, arg, factor, threshold, extra)                                   \
    {lang, name, CK_##kind, arg, factor, threshold, extra},
#include "knowledge/python_costs.def"
#undef CC_COST
};
#undef PY
#undef C
enum { NCOSTS = sizeof COSTS / sizeof COSTS[0] };

/* ==== the effects object ====================================================================== */

typedef struct summary_slot {
    uint8_t state; /* 0 not computed, 1 in progress, 2 done */
    cc_cost cost;
} summary_slot;

struct cc_effects {
    cc_program *prog;
    const cc_interner *in;
    cc_cost_constants k;
    const cc_analyses *an;
    uint32_t nfuncs;
    summary_slot *slots; /* per gid */
    cc_site *sites;
    uint32_t nsites, capsites;
    cc_arena *arena;
    int depth;
    bool free_threaded;
    const char *reenabler;
};

const cc_cost_constants *cc_effects_constants(const cc_effects *self)
{
    return &self->k;
}
uint32_t cc_effects_site_count(const cc_effects *self)
{
    return self->nsites;
}
const cc_site *cc_effects_site(const cc_effects *self, uint32_t i)
{
    return &self->sites[i];
}

bool cc_effects_free_threaded(const cc_effects *self, const char **reenabler)
{
    if (reenabler)
        *reenabler = self->reenabler;
    return self->free_threaded;
}

static const char *T(const cc_effects *e, cc_str s)
{
    return cc_str_text(e->in, s);
}

static const cc_op *OP(const cc_effects *e, uint32_t u, uint32_t f, uint32_t o)
{
    return &cc_program_unit(e->prog, u)->funcs[f].ops[o];
}

/* Exact row of a name for a language (rows of kind TYPE and NOGIL_OFF are skipped unless
 * want_type), else the longest prefix row. */
static const cost_row *cost_lookup(const cc_effects *e, cc_lang lang, const char *name,
                                   bool want_type)
{
    const cost_row *prefix = NULL;
    size_t best = 0, nl = strlen(name);
    const cost_row *only_type = NULL;
    for (uint32_t i = 0; i < NCOSTS; i++) {
        const cost_row *r = &COSTS[i];
        if (r->lang != lang || r->kind == CK_NOGIL_OFF)
            continue;
        if (want_type != (r->kind == CK_TYPE)) {
            if (!want_type && r->kind == CK_TYPE && !strcmp(r->name, name))
                only_type = r;
            continue;
        }
        size_t rl = strlen(r->name);
        if (rl && r->name[rl - 1] == '.') {
            if (rl <= nl && rl > best && !strncmp(name, r->name, rl)) {
                best = rl;
                prefix = r;
            }
        } else if (rl == nl && !strcmp(r->name, name)) {
            return r;
        }
    }
    (void)e;
    return prefix ? prefix : only_type;
}

/* The row of exactly this name (no prefix rows, no TYPE rows), or NULL. */
static const cost_row *cost_exact(cc_lang lang, const char *name)
{
    for (uint32_t i = 0; i < NCOSTS; i++)
        if (COSTS[i].lang == lang && COSTS[i].kind != CK_TYPE && COSTS[i].kind != CK_NOGIL_OFF &&
            !strcmp(COSTS[i].name, name))
            return &COSTS[i];
    return NULL;
}

/* ==== sizes of values ==========================================================================
 */

typedef enum vkind {
    VS_UNKNOWN,
    VS_NUM,    /* a number: n is its value */
    VS_STR,    /* n characters */
    VS_BYTES,  /* n bytes */
    VS_SEQ,    /* a container of n elements, each of magnitude `item` */
    VS_RANGE,  /* a range of n integers (pickles small) */
    VS_ARRAY,  /* a numpy array of n numbers */
    VS_GEN,    /* a generator of n items */
    VS_OBJECT, /* an object of small, fixed size (a function, a lock, None) */
} vkind;

typedef struct vsize {
    uint8_t kind;
    cc_poly n;         /* magnitude: length, or value */
    cc_poly item;      /* VS_SEQ/RANGE/GEN/ARRAY: magnitude of one element */
    double elem_bytes; /* pickled bytes of one element (0: unknown) */
    uint8_t item_kind; /* vkind of an element */
} vsize;

/* A function whose parameters are variables (summaries), or none (sites: parameters of the
 * enclosing code are unknown magnitudes). */
typedef struct sctx {
    cc_effects *e;
    uint32_t unit, func; /* the function whose PARAM ops are variables, or CC_NONE */
} sctx;

static vsize vs_unknown(void)
{
    vsize v = {0};
    v.kind = VS_UNKNOWN;
    v.n = cc_poly_var(CC_POLY_U);
    return v;
}

static vsize vs_num(cc_poly n)
{
    vsize v = {0};
    v.kind = VS_NUM;
    v.n = n;
    return v;
}

/* Pickled bytes of a value of this size (a polynomial), and whether it is known at all. */
static cc_poly vs_bytes(const vsize *v, bool *known)
{
    *known = true;
    switch (v->kind) {
    case VS_NUM:
        return cc_poly_const(9);
    case VS_STR:
    case VS_BYTES:
        return cc_poly_add(v->n, cc_poly_const(8));
    case VS_SEQ:
        if (v->elem_bytes > 0)
            return cc_poly_add(cc_poly_scale(v->n, v->elem_bytes + 1), cc_poly_const(8));
        *known = false;
        return cc_poly_add(cc_poly_scale(v->n, 10), cc_poly_const(8));
    case VS_ARRAY:
        return cc_poly_add(cc_poly_scale(v->n, v->elem_bytes > 0 ? v->elem_bytes : 8),
                           cc_poly_const(120));
    case VS_RANGE:
        return cc_poly_const(40);
    case VS_OBJECT:
        return cc_poly_const(60);
    default:
        *known = false;
        return cc_poly_const(60);
    }
}

/* Python objects in a pickled value: each element of a container is one. */
static cc_poly vs_objects(const vsize *v)
{
    if (v->kind == VS_SEQ)
        return cc_poly_add(v->n, cc_poly_const(1));
    return cc_poly_const(1);
}

/* Element bytes of an element of this kind (for containers of them). */
static double elem_bytes_of(const vsize *v)
{
    bool known;
    cc_poly b = vs_bytes(v, &known);
    if (!known || cc_poly_symbolic(&b)) {
        if (v->kind == VS_STR || v->kind == VS_BYTES)
            return 0;
        return known ? poly_est(&b).v : 0;
    }
    return poly_est(&b).v;
}

static vsize size_of(sctx *c, uint32_t u, uint32_t f, uint32_t o, int depth);

static cc_aval resolve(const cc_effects *e, uint32_t u, uint32_t f, uint32_t o)
{
    return cc_resolve(e->prog, u, f, o);
}

/* The callee's qualified name when a call goes to something outside the codebase. */
static const char *extern_name(const cc_effects *e, uint32_t u, uint32_t f, const cc_op *call)
{
    if (call->a == CC_NONE)
        return NULL;
    cc_aval v = resolve(e, u, f, call->a);
    if (v.kind != CC_V_EXTERN)
        return NULL;
    return T(e, v.qname);
}

/* Loop multiplicity of an op: the product of the trip counts of its loops, innermost out to
 * (not including) loop `stop`. */
static cc_poly trip_poly(sctx *c, uint32_t u, uint32_t f, uint32_t loop, int depth);

static cc_poly loops_between(sctx *c, uint32_t u, uint32_t f, uint32_t inner, uint32_t stop,
                             int depth)
{
    const cc_func *fn = &cc_program_unit(c->e->prog, u)->funcs[f];
    cc_poly m = cc_poly_const(1);
    for (uint32_t l = inner, guard = 0; l != CC_NONE && l != stop && guard < 64;
         l = fn->loops[l].parent, guard++)
        m = cc_poly_mul(m, trip_poly(c, u, f, l, depth));
    return m;
}

static cc_poly trip_poly(sctx *c, uint32_t u, uint32_t f, uint32_t loop, int depth)
{
    cc_trip t = cc_loop_trip(c->e->prog, u, f, loop);
    switch (t.kind) {
    case CC_TRIP_CONST:
        return cc_poly_const(t.n > 0 ? (double)t.n : 0);
    case CC_TRIP_PARAM:
        if (c->func == f && c->unit == u && t.param < CC_POLY_PARAMS)
            return cc_poly_var((int)t.param);
        return cc_poly_var(CC_POLY_U);
    case CC_TRIP_COLLECTION:
        if (t.op != CC_NONE && depth < SIZE_DEPTH) {
            vsize v = size_of(c, u, f, t.op, depth + 1);
            if (v.kind != VS_UNKNOWN && v.kind != VS_NUM && v.kind != VS_OBJECT)
                return v.n;
        }
        return cc_poly_var(CC_POLY_U);
    default:
        return cc_poly_var(CC_POLY_U);
    }
}

typedef struct origin_acc {
    sctx *c;
    int depth;
    vsize best;
    double best_v;
    bool any, unknown;
} origin_acc;

static void size_origin(const cc_program *p, uint32_t u, uint32_t f, uint32_t o, void *ctx)
{
    (void)p;
    origin_acc *a = ctx;
    vsize v = size_of(a->c, u, f, o, a->depth + 1);
    if (v.kind == VS_UNKNOWN)
        a->unknown = true;
    double nv = poly_est(&v.n).v;
    if (!a->any || (v.kind != VS_UNKNOWN && (a->best.kind == VS_UNKNOWN || nv > a->best_v))) {
        a->best = v;
        a->best_v = nv;
        a->any = true;
    }
}

/* The number value of an op when it is a literal number (ints and floats). */
static bool num_const(const cc_effects *e, uint32_t u, uint32_t f, uint32_t o, double *out)
{
    int64_t iv;
    if (cc_const_int(e->prog, u, f, o, &iv)) {
        *out = (double)iv;
        return true;
    }
    cc_aval v = resolve(e, u, f, o);
    if (v.kind != CC_V_CONST)
        return false;
    const cc_op *c = OP(e, v.origin.unit, v.origin.func, v.origin.op);
    if (c->kind != CC_OP_CONST || c->sub != CC_CONST_FLOAT)
        return false;
    char *end;
    double d = strtod(T(e, c->name), &end);
    if (end == T(e, c->name))
        return false;
    *out = d;
    return true;
}

static vsize seq_of(cc_poly n, const vsize *elem)
{
    vsize v = {0};
    v.kind = VS_SEQ;
    v.n = n;
    v.item = elem ? elem->n : cc_poly_var(CC_POLY_U);
    v.item_kind = elem ? elem->kind : VS_UNKNOWN;
    v.elem_bytes = elem ? elem_bytes_of(elem) : 0;
    return v;
}

/* The element of a container-like value. */
static vsize elem_of(const vsize *v)
{
    vsize r = vs_unknown();
    if (v->kind == VS_SEQ || v->kind == VS_RANGE || v->kind == VS_ARRAY || v->kind == VS_GEN) {
        r.kind = v->kind == VS_RANGE || v->kind == VS_ARRAY ? VS_NUM : v->item_kind;
        r.n = v->item;
        if (r.kind == VS_SEQ || r.kind == VS_STR || r.kind == VS_BYTES) {
            /* its own element bytes are not tracked: a nested container of unknown make-up */
            if (v->elem_bytes > 0 && r.kind == VS_SEQ && poly_est(&r.n).v > 0)
                r.elem_bytes = v->elem_bytes / (poly_est(&r.n).v + 1);
        }
    } else if (v->kind == VS_STR || v->kind == VS_BYTES) {
        r.kind = v->kind == VS_STR ? VS_STR : VS_NUM;
        r.n = cc_poly_const(1);
    }
    return r;
}

static vsize size_of_call(sctx *c, uint32_t u, uint32_t f, uint32_t o, const cc_op *op, int depth)
{
    cc_effects *e = c->e;
    const char *name = extern_name(e, u, f, op);
    uint32_t a0 = op->nargs > 0 && !(op->kwnames && op->kwnames[0]) ? op->args[0] : CC_NONE;
    if (!name) {
        /* A codebase function: what its summary says it returns. */
        cc_func_id t[4];
        uint32_t nt = cc_call_targets(e->prog, u, f, o, t, 4);
        if (nt == 1 && depth < SIZE_DEPTH) {
            const cc_func *callee = &cc_program_unit(e->prog, t[0].unit)->funcs[t[0].func];
            if (callee->kind == CC_FUNC_FUNCTION && callee->class_idx == CC_NONE &&
                e->depth < SUMMARY_DEPTH) {
                const cc_cost *s = cc_effects_summary(e, t[0].unit, t[0].func);
                cc_poly args[CC_POLY_VARS];
                for (int v = 0; v < CC_POLY_VARS; v++)
                    args[v] = cc_poly_var(CC_POLY_U);
                for (uint32_t i = 0; i < op->nargs && i < CC_POLY_PARAMS; i++)
                    if (!(op->kwnames && op->kwnames[i]))
                        args[i] = size_of(c, u, f, op->args[i], depth + 1).n;
                if (s->ret.n) {
                    vsize r = vs_unknown();
                    r.n = cc_poly_subst(s->ret, args);
                    cc_poly rb = cc_poly_subst(s->ret_bytes, args);
                    double nb = poly_est(&r.n).v, bb = poly_est(&rb).v;
                    if (nb > 0 && bb > 0) {
                        r.kind = VS_SEQ;
                        r.elem_bytes = bb / nb;
                    }
                    return r;
                }
            }
        }
        return vs_unknown();
    }
    if (!strcmp(name, "builtins.range")) {
        vsize v = {0};
        v.kind = VS_RANGE;
        if (op->nargs == 1)
            v.n = size_of(c, u, f, op->args[0], depth + 1).n;
        else if (op->nargs >= 2) {
            double lo, hi, st = 1;
            if (num_const(e, u, f, op->args[0], &lo) && num_const(e, u, f, op->args[1], &hi) &&
                (op->nargs < 3 || num_const(e, u, f, op->args[2], &st)) && st != 0) {
                double n = (hi - lo) / st;
                v.n = cc_poly_const(n > 0 ? (double)(long long)(n + 0.999999) : 0);
            } else {
                v.n = size_of(c, u, f, op->args[1], depth + 1).n;
            }
        } else {
            v.n = cc_poly_var(CC_POLY_U);
        }
        v.item = cc_poly_scale(v.n, 0.5);
        v.item_kind = VS_NUM;
        v.elem_bytes = 5;
        return v;
    }
    if (!strcmp(name, "builtins.len"))
        return a0 == CC_NONE ? vs_unknown() : vs_num(size_of(c, u, f, a0, depth + 1).n);
    if (!strcmp(name, "builtins.list") || !strcmp(name, "builtins.tuple") ||
        !strcmp(name, "builtins.sorted") || !strcmp(name, "builtins.set") ||
        !strcmp(name, "builtins.frozenset")) {
        if (a0 == CC_NONE) {
            vsize z = seq_of(cc_poly_const(0), NULL);
            return z;
        }
        vsize s = size_of(c, u, f, a0, depth + 1);
        if (s.kind == VS_UNKNOWN || s.kind == VS_NUM || s.kind == VS_OBJECT)
            return seq_of(cc_poly_var(CC_POLY_U), NULL);
        if (s.kind == VS_STR || s.kind == VS_BYTES) {
            vsize one = vs_num(cc_poly_const(1));
            one.kind = s.kind == VS_STR ? VS_STR : VS_NUM;
            return seq_of(s.n, &one);
        }
        vsize el = elem_of(&s);
        vsize r = seq_of(s.n, &el);
        if (s.kind == VS_RANGE)
            r.elem_bytes = 5;
        else if (s.elem_bytes > 0)
            r.elem_bytes = s.elem_bytes;
        return r;
    }
    if (!strcmp(name, "builtins.bytes") || !strcmp(name, "builtins.bytearray") ||
        !strcmp(name, "os.urandom") || !strcmp(name, "secrets.token_bytes") ||
        !strcmp(name, "random.randbytes")) {
        vsize v = {0};
        v.kind = VS_BYTES;
        v.n = a0 == CC_NONE ? cc_poly_const(0) : size_of(c, u, f, a0, depth + 1).n;
        return v;
    }
    if (!strcmp(name, "builtins.str") || !strcmp(name, "builtins.repr")) {
        vsize v = {0};
        v.kind = VS_STR;
        v.n = cc_poly_const(12);
        return v;
    }
    if (!strcmp(name, "builtins.int") || !strcmp(name, "builtins.float") ||
        !strcmp(name, "builtins.sum") || !strcmp(name, "builtins.min") ||
        !strcmp(name, "builtins.max") || !strcmp(name, "builtins.abs") ||
        !strcmp(name, "builtins.round") || !strncmp(name, "math.", 5) ||
        !strcmp(name, "time.time") || !strcmp(name, "time.perf_counter"))
        return vs_num(cc_poly_var(CC_POLY_U));
    if (!strncmp(name, "numpy.", 6)) {
        const char *fnn = name + 6;
        if (!strcmp(fnn, "zeros") || !strcmp(fnn, "ones") || !strcmp(fnn, "empty") ||
            !strcmp(fnn, "full") || !strcmp(fnn, "arange") || !strcmp(fnn, "array") ||
            !strcmp(fnn, "asarray") || !strncmp(fnn, "random.", 7)) {
            vsize v = {0};
            v.kind = VS_ARRAY;
            v.elem_bytes = 8;
            if (a0 == CC_NONE) {
                v.n = cc_poly_var(CC_POLY_U);
            } else {
                const cc_op *arg = OP(e, u, f, a0);
                if (arg->kind == CC_OP_ALLOC && arg->sub == CC_ALLOC_TUPLE &&
                    strcmp(fnn, "array") && strcmp(fnn, "asarray")) {
                    /* a shape: the product of its dimensions */
                    v.n = cc_poly_const(1);
                    for (uint32_t i = 0; i < arg->nargs; i++)
                        v.n = cc_poly_mul(v.n, size_of(c, u, f, arg->args[i], depth + 1).n);
                } else {
                    v.n = size_of(c, u, f, a0, depth + 1).n;
                }
            }
            v.item = cc_poly_var(CC_POLY_U);
            v.item_kind = VS_NUM;
            return v;
        }
        return vs_unknown();
    }
    const cost_row *r = cost_lookup(e, CC_LANG_PYTHON, name, false);
    if (r && (r->kind == CK_STEPS) && strncmp(name, "builtins.", 9))
        return vs_unknown();
    /* Objects that stay small when sent: locks made by managers, events, shared-memory names. */
    return vs_unknown();
}

static vsize size_of(sctx *c, uint32_t u, uint32_t f, uint32_t o, int depth)
{
    if (o == CC_NONE || depth > SIZE_DEPTH)
        return vs_unknown();
    cc_effects *e = c->e;
    const cc_func *fn = &cc_program_unit(e->prog, u)->funcs[f];
    const cc_op *op = &fn->ops[o];
    switch (op->kind) {
    case CC_OP_CONST:
        switch (op->sub) {
        case CC_CONST_INT:
            return vs_num(cc_poly_const((op->flags & CC_OPF_BIGINT) ? 1e19 : (double)op->ival));
        case CC_CONST_FLOAT: {
            double d = strtod(T(e, op->name), NULL);
            return vs_num(cc_poly_const(d));
        }
        case CC_CONST_STR:
        case CC_CONST_BYTES: {
            vsize v = {0};
            v.kind = op->sub == CC_CONST_STR ? VS_STR : VS_BYTES;
            v.n = cc_poly_const((double)(op->ival > 0 ? op->ival : 0));
            return v;
        }
        default: {
            vsize v = {0};
            v.kind = VS_OBJECT;
            v.n = cc_poly_const(1);
            return v;
        }
        }
    case CC_OP_PARAM:
        if (c->func == f && c->unit == u && op->ival >= 0 && op->ival < CC_POLY_PARAMS) {
            vsize v = vs_unknown();
            v.n = cc_poly_var((int)op->ival);
            return v;
        }
        return vs_unknown();
    case CC_OP_FUNC:
    case CC_OP_CLASS: {
        vsize v = {0};
        v.kind = VS_OBJECT;
        v.n = cc_poly_const(1);
        return v;
    }
    case CC_OP_ALLOC: {
        if (op->flags & CC_OPF_STARRED)
            return seq_of(cc_poly_var(CC_POLY_U), NULL);
        if (op->sub == CC_ALLOC_LAMBDA) {
            vsize v = {0};
            v.kind = VS_OBJECT;
            v.n = cc_poly_const(1);
            return v;
        }
        if (op->sub == CC_ALLOC_FSTRING) {
            vsize v = {0};
            v.kind = VS_STR;
            v.n = cc_poly_const(16);
            return v;
        }
        if (op->sub == CC_ALLOC_OBJECT)
            return vs_unknown();
        /* A comprehension or generator: one element per iteration of the loops between the
         * element and the container. */
        if (op->nargs >= 1 && op->sub != CC_ALLOC_DICT) {
            uint32_t el = op->args[op->nargs - 1];
            const cc_op *eo = &fn->ops[el];
            if (eo->loop != CC_NONE && eo->loop != op->loop) {
                cc_poly n = loops_between(c, u, f, eo->loop, op->loop, depth + 1);
                vsize ev = size_of(c, u, f, el, depth + 1);
                vsize v = seq_of(n, &ev);
                if (op->sub == CC_ALLOC_GENERATOR)
                    v.kind = VS_GEN;
                return v;
            }
        }
        if (op->sub == CC_ALLOC_DICT) {
            double eb = 0;
            bool all = true;
            for (uint32_t i = 0; i < op->nargs; i++) {
                vsize ev = size_of(c, u, f, op->args[i], depth + 1);
                double b = elem_bytes_of(&ev);
                if (b <= 0)
                    all = false;
                eb += b;
            }
            vsize v = seq_of(cc_poly_const(op->nargs / 2), NULL);
            v.elem_bytes = all && op->nargs ? eb / (op->nargs / 2.0) : 0;
            return v;
        }
        /* A literal: its elements, one by one. */
        vsize first = vs_unknown();
        double eb = 0;
        bool all = true;
        cc_poly item = cc_poly_const(0);
        for (uint32_t i = 0; i < op->nargs; i++) {
            vsize ev = size_of(c, u, f, op->args[i], depth + 1);
            if (i == 0)
                first = ev;
            double b = elem_bytes_of(&ev);
            if (b <= 0)
                all = false;
            eb += b;
            item = cc_poly_add(item, ev.n);
        }
        vsize v = seq_of(cc_poly_const(op->nargs), op->nargs ? &first : NULL);
        if (op->nargs) {
            v.item = cc_poly_scale(item, 1.0 / op->nargs);
            v.elem_bytes = all ? eb / op->nargs : 0;
        }
        if (op->sub == CC_ALLOC_GENERATOR)
            v.kind = VS_GEN;
        return v;
    }
    case CC_OP_BINOP: {
        const char *t = T(e, op->name);
        vsize a = size_of(c, u, f, op->a, depth + 1), b = size_of(c, u, f, op->b, depth + 1);
        if (!strcmp(t, "*")) {
            /* [0] * n, b"x" * n, n * "ab", 10 * 1024 */
            if (a.kind == VS_NUM && b.kind == VS_NUM)
                return vs_num(cc_poly_mul(a.n, b.n));
            vsize *s = a.kind == VS_NUM ? &b : &a, *k = a.kind == VS_NUM ? &a : &b;
            if (k->kind == VS_NUM &&
                (s->kind == VS_SEQ || s->kind == VS_STR || s->kind == VS_BYTES)) {
                vsize r = *s;
                r.n = cc_poly_mul(s->n, k->n);
                return r;
            }
            return vs_unknown();
        }
        if (!strcmp(t, "**")) {
            double x, y;
            if (num_const(e, u, f, op->a, &x) && num_const(e, u, f, op->b, &y) && y >= 0 &&
                y < 64) {
                double r = 1;
                for (int i = 0; i < (int)y; i++)
                    r *= x;
                return vs_num(cc_poly_const(r));
            }
            return vs_num(cc_poly_var(CC_POLY_U));
        }
        if (!strcmp(t, "+")) {
            if (a.kind == VS_NUM && b.kind == VS_NUM)
                return vs_num(cc_poly_add(a.n, b.n));
            if (a.kind == b.kind && a.kind != VS_UNKNOWN) {
                vsize r = a;
                r.n = cc_poly_add(a.n, b.n);
                return r;
            }
            return vs_unknown();
        }
        if (!strcmp(t, "-") && a.kind == VS_NUM && b.kind == VS_NUM)
            return vs_num(cc_poly_add(a.n, cc_poly_scale(b.n, -1)));
        if ((!strcmp(t, "//") || !strcmp(t, "/")) && a.kind == VS_NUM) {
            double d;
            if (num_const(e, u, f, op->b, &d) && d != 0)
                return vs_num(cc_poly_scale(a.n, 1.0 / d));
            return vs_num(cc_poly_var(CC_POLY_U));
        }
        if (!strcmp(t, "<<")) {
            double x, y;
            if (num_const(e, u, f, op->a, &x) && num_const(e, u, f, op->b, &y) && y >= 0 && y < 63)
                return vs_num(cc_poly_const(x * (double)(1ULL << (int)y)));
        }
        if (a.kind == VS_NUM || b.kind == VS_NUM)
            return vs_num(cc_poly_var(CC_POLY_U));
        return vs_unknown();
    }
    case CC_OP_UNOP:
    case CC_OP_COMPARE: {
        vsize v = vs_num(cc_poly_var(CC_POLY_U));
        return v;
    }
    case CC_OP_LOAD: {
        if (op->a == CC_NONE || fn->ops[op->a].kind != CC_OP_NAME)
            return vs_unknown();
        origin_acc acc = {.c = c, .depth = depth};
        cc_value_origins(e->prog, u, f, o, size_origin, &acc);
        if (!acc.any)
            return vs_unknown();
        return acc.best;
    }
    case CC_OP_NEXT: {
        /* The loop variable: one element of what the loop walks. */
        const cc_op *it = op->a != CC_NONE ? &fn->ops[op->a] : NULL;
        if (!it || it->kind != CC_OP_ITER)
            return vs_unknown();
        vsize coll = size_of(c, u, f, it->a, depth + 1);
        return elem_of(&coll);
    }
    case CC_OP_WITH_ENTER:
        return size_of(c, u, f, op->a, depth + 1);
    case CC_OP_CALL:
        return size_of_call(c, u, f, o, op, depth);
    default:
        return vs_unknown();
    }
}

/* ==== summaries =============================================================================== */

static void note_source(cc_cost_source *s, const char *what, uint32_t u, uint32_t f, uint32_t o)
{
    if (s->what)
        return;
    s->what = what;
    s->at = (cc_op_id){u, f, o};
}

/* The arena copy of a name (sources outlive the interner's callers' buffers). */
static const char *keep(cc_effects *e, const char *s)
{
    return cc_arena_strndup(e->arena, s, strlen(s));
}

static double wait_latency(const cc_effects *e, const char *kind)
{
    if (!kind)
        return e->k.wait_other_s;
    if (!strcmp(kind, "net"))
        return e->k.wait_net_s;
    if (!strcmp(kind, "disk"))
        return e->k.wait_disk_s;
    if (!strcmp(kind, "fs"))
        return e->k.wait_fs_s;
    if (!strcmp(kind, "subprocess"))
        return e->k.wait_subprocess_s;
    if (!strcmp(kind, "db"))
        return e->k.wait_db_s;
    return e->k.wait_other_s;
}

/* The size argument of a call for a cost row: an argument by index, or the receiver. */
static cc_poly row_size(sctx *c, uint32_t u, uint32_t f, const cc_op *call, int arg)
{
    const cc_func *fn = &cc_program_unit(c->e->prog, u)->funcs[f];
    if (arg == -2) {
        const cc_op *callee = &fn->ops[call->a];
        if (callee->kind == CC_OP_LOAD && callee->a != CC_NONE &&
            fn->ops[callee->a].kind == CC_OP_FIELD)
            return size_of(c, u, f, fn->ops[callee->a].a, 1).n;
        return cc_poly_var(CC_POLY_U);
    }
    if (arg < 0)
        return cc_poly_const(1);
    uint32_t a = cc_call_arg(c->e->prog, u, f, (uint32_t)(call - fn->ops), arg, NULL);
    if (a == CC_NONE)
        return cc_poly_var(CC_POLY_U);
    vsize v = size_of(c, u, f, a, 1);
    return v.n;
}

typedef struct acc {
    cc_cost *cost;
    cc_poly mult; /* loop multiplicity of the op being counted */
} acc;

static void add_steps(acc *a, double steps)
{
    a->cost->gil = cc_poly_add(a->cost->gil, cc_poly_scale(a->mult, steps));
}

/* Applies a cost-table row to a call. */
static void apply_row(sctx *c, acc *a, const cost_row *r, uint32_t u, uint32_t f, uint32_t o,
                      const cc_op *call, const char *name)
{
    cc_effects *e = c->e;
    cc_cost *k = a->cost;
    switch (r->kind) {
    case CK_STEPS:
    case CK_TYPE:
        add_steps(a, r->factor);
        break;
    case CK_LINEAR: {
        cc_poly n = row_size(c, u, f, call, r->arg);
        k->gil = cc_poly_add(k->gil, cc_poly_mul(a->mult, cc_poly_add(cc_poly_scale(n, r->factor),
                                                                      cc_poly_const(1))));
        break;
    }
    case CK_NLOGN: {
        cc_poly n = row_size(c, u, f, call, r->arg);
        cc_est ne = poly_est(&n);
        double lg = 20; /* log2 of a million: for sizes only known as symbols */
        if (ne.known) {
            lg = 1;
            for (double x = ne.v; x > 2; x /= 2)
                lg += 1;
        }
        k->gil = cc_poly_add(
            k->gil,
            cc_poly_mul(a->mult, cc_poly_add(cc_poly_scale(n, r->factor * lg), cc_poly_const(1))));
        break;
    }
    case CK_NATIVE:
    case CK_BLAS: {
        cc_poly n = row_size(c, u, f, call, r->arg);
        cc_est ne = poly_est(&n);
        if (ne.known && ne.v < r->threshold) {
            /* Below the size where the GIL is dropped: GIL-holding work. */
            add_steps(a, 1 + ne.v * r->factor / 16);
            break;
        }
        k->native = cc_poly_add(k->native, cc_poly_mul(a->mult, cc_poly_scale(n, r->factor)));
        add_steps(a, 1);
        note_source(&k->native_src, keep(e, name), u, f, o);
        if (r->kind == CK_BLAS)
            k->flags |= CC_COSTF_BLAS;
        break;
    }
    case CK_WAIT: {
        cc_poly secs;
        bool stated = r->extra && !strcmp(r->extra, "sleep") && r->arg >= 0;
        if (stated) {
            secs = cc_poly_scale(row_size(c, u, f, call, r->arg), r->factor);
        } else {
            secs = cc_poly_const(wait_latency(e, r->extra));
            if (r->extra && strcmp(r->extra, "other"))
                k->flags |= CC_COSTF_WAIT_GUESSED;
        }
        k->wait_s = cc_poly_add(k->wait_s, cc_poly_mul(a->mult, secs));
        k->waits = cc_poly_add(k->waits, a->mult);
        add_steps(a, 2);
        bool async_ok = r->extra && (!strcmp(r->extra, "net") || !strcmp(r->extra, "sleep"));
        if (!k->wait.what && async_ok)
            k->flags |= CC_COSTF_ASYNC_WAITS;
        else if (!async_ok && strcmp(r->extra ? r->extra : "", "other"))
            k->flags &= ~(uint32_t)CC_COSTF_ASYNC_WAITS;
        if (!r->extra || strcmp(r->extra, "other"))
            note_source(&k->wait, keep(e, name), u, f, o);
        else
            k->flags |= CC_COSTF_WAIT_OPEN;
        break;
    }
    default:
        add_steps(a, 1);
        break;
    }
}

/* The cost row of an external name, trying the object's type for methods ("numpy.zeros.sum" is
 * "numpy.ndarray.sum"). */
static const cost_row *row_for(cc_effects *e, cc_lang lang, const char *name)
{
    const cost_row *r = cost_lookup(e, lang, name, false);
    if (r && r->kind != CK_TYPE)
        return r;
    const char *dot = strrchr(name, '.');
    if (lang == CC_LANG_PYTHON && dot) {
        char prefix[512];
        snprintf(prefix, sizeof prefix, "%.*s", (int)(dot - name), name);
        const cost_row *t = cost_lookup(e, lang, prefix, true);
        if (t && t->extra) {
            char full[600];
            snprintf(full, sizeof full, "%s%s", t->extra, dot);
            const cost_row *m = cost_lookup(e, lang, full, false);
            if (m)
                return m;
        }
    }
    return r;
}

/* Whether an external name is something lowering knows (a pool, a lock, a thread handle): the
 * call itself is cheap. */
static const cc_kb_entry *kb_of(const cc_effects *e, const char *name)
{
    return cc_program_kb_find(e->prog, name);
}

static void count_call(sctx *c, acc *a, uint32_t u, uint32_t f, uint32_t o, const cc_op *op,
                       const cc_call_edge *edges, uint32_t nedges);

static void summarize(cc_effects *e, uint32_t gid, cc_cost *out)
{
    cc_func_id id = cc_pointsto_func(e->an->pt, gid);
    const cc_unit *un = cc_program_unit(e->prog, id.unit);
    const cc_func *fn = &un->funcs[id.func];
    sctx c = {e, id.unit, id.func};
    memset(out, 0, sizeof *out);
    out->hot.at.unit = out->wait.at.unit = out->native_src.at.unit = CC_NONE;
    out->unknown.at.unit = out->mt_unsafe.at.unit = CC_NONE;
    /* Loop multiplicities, per loop. */
    cc_poly *mult = cc_xcalloc(fn->nloops + 1, sizeof(cc_poly));
    for (uint32_t l = 0; l < fn->nloops; l++)
        mult[l] = loops_between(&c, id.unit, id.func, l, CC_NONE, 0);
    if (fn->nloops)
        out->flags |= CC_COSTF_LOOP;
    uint32_t nedges;
    const cc_call_edge *edges = cc_callgraph_out(e->an->cg, gid, &nedges);
    /* The heaviest top-level loop, for messages. */
    double *loop_gil = cc_xcalloc(fn->nloops + 1, sizeof(double));
    for (uint32_t o = 0; o < fn->nops; o++) {
        const cc_op *op = &fn->ops[o];
        acc a = {out, op->loop != CC_NONE ? mult[op->loop] : cc_poly_const(1)};
        double before = poly_est(&out->gil).v;
        switch (op->kind) {
        case CC_OP_BINOP:
        case CC_OP_UNOP:
        case CC_OP_COMPARE:
        case CC_OP_STORE:
        case CC_OP_NEXT:
        case CC_OP_ITER:
        case CC_OP_ALLOC:
        case CC_OP_YIELD:
        case CC_OP_AWAIT:
        case CC_OP_DELETE:
        case CC_OP_WITH_ENTER:
            add_steps(&a, 1);
            break;
        case CC_OP_LOAD:
            if (op->a != CC_NONE && fn->ops[op->a].kind != CC_OP_NAME)
                add_steps(&a, un->lang == CC_LANG_C ? 0 : 1);
            break;
        case CC_OP_CALL:
            count_call(&c, &a, id.unit, id.func, o, op, edges, nedges);
            break;
        case CC_OP_RETURN:
            if (op->a != CC_NONE && un->lang == CC_LANG_PYTHON) {
                vsize r = size_of(&c, id.unit, id.func, op->a, 0);
                bool known;
                cc_poly b = vs_bytes(&r, &known);
                if (!known)
                    b = cc_poly_var(CC_POLY_U); /* some bytes: how many is not known */
                if (poly_est(&r.n).v >= poly_est(&out->ret).v || !out->ret.n) {
                    out->ret = r.n;
                    out->ret_bytes = b;
                    out->ret_objects = vs_objects(&r);
                }
            }
            break;
        default:
            break;
        }
        if (op->loop != CC_NONE) {
            uint32_t top = op->loop;
            while (fn->loops[top].parent != CC_NONE)
                top = fn->loops[top].parent;
            loop_gil[top] += poly_est(&out->gil).v - before;
        }
    }
    uint32_t best = CC_NONE;
    for (uint32_t l = 0; l < fn->nloops; l++)
        if (fn->loops[l].parent == CC_NONE && (best == CC_NONE || loop_gil[l] > loop_gil[best]))
            best = l;
    if (best != CC_NONE && loop_gil[best] > 0) {
        /* The loop's header op: the first op of its header block. */
        const cc_block *hb = &fn->blocks[fn->loops[best].header];
        uint32_t at = hb->nops ? hb->first_op : CC_NONE;
        if (at == CC_NONE)
            for (uint32_t o = 0; o < fn->nops; o++)
                if (fn->ops[o].loop == best) {
                    at = o;
                    break;
                }
        out->hot.what = cc_program_func_name(e->prog, id.unit, id.func);
        out->hot.at = (cc_op_id){id.unit, id.func, at};
    }
    free(loop_gil);
    free(mult);
}

static void merge_callee(cc_effects *e, acc *a, const cc_cost *s, const cc_poly *args, uint32_t u,
                         uint32_t f, uint32_t o)
{
    cc_cost *k = a->cost;
    k->gil = cc_poly_add(k->gil, cc_poly_mul(a->mult, cc_poly_subst(s->gil, args)));
    k->native = cc_poly_add(k->native, cc_poly_mul(a->mult, cc_poly_subst(s->native, args)));
    k->wait_s = cc_poly_add(k->wait_s, cc_poly_mul(a->mult, cc_poly_subst(s->wait_s, args)));
    k->waits = cc_poly_add(k->waits, cc_poly_mul(a->mult, cc_poly_subst(s->waits, args)));
    uint32_t keepf = CC_COSTF_UNKNOWN_CALL | CC_COSTF_RECURSIVE | CC_COSTF_DEEP | CC_COSTF_LOOP |
                     CC_COSTF_BLAS | CC_COSTF_WAIT_GUESSED | CC_COSTF_MT_UNSAFE | CC_COSTF_EXEC |
                     CC_COSTF_WAIT_OPEN;
    bool had_wait = k->wait.what != NULL;
    k->flags |= s->flags & keepf;
    if (s->wait.what) {
        if (!had_wait && (s->flags & CC_COSTF_ASYNC_WAITS))
            k->flags |= CC_COSTF_ASYNC_WAITS;
        else if (!(s->flags & CC_COSTF_ASYNC_WAITS))
            k->flags &= ~(uint32_t)CC_COSTF_ASYNC_WAITS;
    }
    if (s->wait.what && !k->wait.what)
        k->wait = s->wait;
    if (s->native_src.what && !k->native_src.what)
        k->native_src = s->native_src;
    if (s->unknown.what && !k->unknown.what)
        k->unknown = s->unknown;
    if (s->mt_unsafe.what && !k->mt_unsafe.what)
        k->mt_unsafe = s->mt_unsafe;
    (void)e;
    (void)u;
    (void)f;
    (void)o;
}

/* Binds a call's arguments to a callee's parameters as size polynomials. shift is 1 when the
 * callee's first parameter is the receiver (a bound method, a constructor's self). */
static void bind_args(sctx *c, uint32_t u, uint32_t f, const cc_op *call, const cc_func *callee,
                      int shift, cc_poly *args)
{
    for (int v = 0; v < CC_POLY_VARS; v++)
        args[v] = cc_poly_var(CC_POLY_U);
    int pos = shift;
    for (uint32_t i = 0; i < call->nargs; i++) {
        cc_str kw = call->kwnames ? call->kwnames[i] : CC_STR_NONE;
        int target = -1;
        if (kw) {
            const char *kt = T(c->e, kw);
            if (kt[0] == '*')
                continue;
            for (uint32_t p = 0; p < callee->nparams; p++)
                if (callee->params[p] == kw)
                    target = (int)p;
        } else {
            target = pos++;
        }
        if (target >= 0 && target < CC_POLY_PARAMS)
            args[target] = size_of(c, u, f, call->args[i], 0).n;
    }
}

static void count_call(sctx *c, acc *a, uint32_t u, uint32_t f, uint32_t o, const cc_op *op,
                       const cc_call_edge *edges, uint32_t nedges)
{
    cc_effects *e = c->e;
    const cc_unit *un = cc_program_unit(e->prog, u);
    const cc_func *fn = &un->funcs[f];
    cc_cost *k = a->cost;
    /* Codebase callees: the most expensive of them. */
    uint32_t ncallees = 0, callees[CALLEES_MAX];
    for (uint32_t i = 0; i < nedges; i++)
        if (edges[i].op == o && ncallees < CALLEES_MAX)
            callees[ncallees++] = edges[i].callee;
    /* The standard library analysed as a codebase: a function the cost table names
     * ("threading.Event.wait") costs what the table says, not what its source seems to. */
    if (ncallees) {
        cc_func_id t0 = cc_pointsto_func(e->an->pt, callees[0]);
        const char *qn = cc_program_func_name(e->prog, t0.unit, t0.func);
        const cost_row *r = cost_exact(un->lang, qn);
        if (r) {
            apply_row(c, a, r, u, f, o, op, qn);
            return;
        }
    }
    if (ncallees) {
        add_steps(a, 2);
        const cc_cost *best = NULL;
        double best_v = -1;
        cc_poly best_args[CC_POLY_VARS];
        for (uint32_t i = 0; i < ncallees; i++) {
            cc_func_id t = cc_pointsto_func(e->an->pt, callees[i]);
            const cc_func *callee = &cc_program_unit(e->prog, t.unit)->funcs[t.func];
            if (e->slots[callees[i]].state == 1) {
                /* A call back into a function being summarised: recursion. Its depth is U. */
                k->flags |= CC_COSTF_RECURSIVE | CC_COSTF_LOOP;
                continue;
            }
            if (e->depth >= SUMMARY_DEPTH) {
                k->flags |= CC_COSTF_DEEP;
                continue;
            }
            const cc_cost *s = cc_effects_summary(e, t.unit, t.func);
            int shift = 0;
            if (callee->class_idx != CC_NONE && callee->kind == CC_FUNC_FUNCTION &&
                callee->nparams > 0) {
                const cc_op *co = &fn->ops[op->a];
                cc_aval cv = resolve(e, u, f, op->a);
                bool bound = cv.kind == CC_V_CLASS || (co->kind == CC_OP_LOAD && co->a != CC_NONE &&
                                                       fn->ops[co->a].kind == CC_OP_FIELD);
                shift = bound ? 1 : 0;
            }
            cc_poly args[CC_POLY_VARS];
            bind_args(c, u, f, op, callee, shift, args);
            cc_poly g = cc_poly_subst(s->gil, args);
            double v = poly_est(&g).v + poly_est(&s->wait_s).v / e->k.step_s;
            if (v > best_v) {
                best_v = v;
                best = s;
                memcpy(best_args, args, sizeof args);
            }
        }
        if (best)
            merge_callee(e, a, best, best_args, u, f, o);
        if (k->flags & CC_COSTF_RECURSIVE)
            k->gil = cc_poly_add(k->gil, cc_poly_mul(a->mult, cc_poly_var(CC_POLY_U)));
        return;
    }
    const char *name = extern_name(e, u, f, op);
    const cc_op *callee_op = op->a != CC_NONE ? &fn->ops[op->a] : NULL;
    if (name) {
        /* The user's knowledge (io-bound, gil-releasing) wins over the built-in cost table. */
        const cc_kb_entry *kb = kb_of(e, name);
        const cost_row *r =
            kb && (kb->effect == CC_KB_IO_BOUND || kb->effect == CC_KB_GIL_RELEASING)
                ? NULL
                : row_for(e, un->lang, name);
        if (r) {
            apply_row(c, a, r, u, f, o, op, name);
            return;
        }
        if (kb) {
            if (kb->effect == CC_KB_IO_BOUND) {
                k->wait_s = cc_poly_add(k->wait_s, cc_poly_scale(a->mult, e->k.wait_net_s));
                k->waits = cc_poly_add(k->waits, a->mult);
                k->flags |= CC_COSTF_WAIT_GUESSED;
                note_source(&k->wait, keep(e, name), u, f, o);
            } else if (kb->effect == CC_KB_GIL_RELEASING) {
                cc_poly n = row_size(c, u, f, op, 0);
                k->native = cc_poly_add(k->native, cc_poly_mul(a->mult, n));
                note_source(&k->native_src, keep(e, name), u, f, o);
            } else if (kb->effect == CC_KB_MT_UNSAFE) {
                k->flags |= CC_COSTF_MT_UNSAFE;
                note_source(&k->mt_unsafe, keep(e, name), u, f, o);
            } else if (kb->effect == CC_KB_EXEC) {
                k->flags |= CC_COSTF_EXEC;
            }
            add_steps(a, 2);
            return;
        }
        if (un->lang == CC_LANG_C) {
            /* A C library function concur has no figure for: cheap, but not known. */
            add_steps(a, 10);
            k->flags |= CC_COSTF_UNKNOWN_CALL;
            note_source(&k->unknown, keep(e, name), u, f, o);
            return;
        }
        if (!strncmp(name, "builtins.", 9)) {
            /* Other builtins: exception types and cheap helpers. */
            add_steps(a, 1);
            return;
        }
    }
    /* A method of an object concur could not type: common str/list/dict methods by name. */
    if (callee_op && callee_op->kind == CC_OP_LOAD && callee_op->a != CC_NONE &&
        fn->ops[callee_op->a].kind == CC_OP_FIELD) {
        char m[256];
        snprintf(m, sizeof m, ".%s", T(e, fn->ops[callee_op->a].name));
        const cost_row *r = cost_lookup(e, CC_LANG_PYTHON, m, false);
        if (r && un->lang == CC_LANG_PYTHON) {
            apply_row(c, a, r, u, f, o, op, m + 1);
            return;
        }
    }
    /* Calling a codebase class or function value concur resolved but has no body for (a class
     * without __init__): cheap. */
    cc_aval cv = op->a != CC_NONE ? resolve(e, u, f, op->a) : (cc_aval){0};
    if (cv.kind == CC_V_CLASS || cv.kind == CC_V_FUNC) {
        add_steps(a, 2);
        return;
    }
    add_steps(a, 1);
    k->flags |= CC_COSTF_UNKNOWN_CALL;
    if (!k->unknown.what) {
        char buf[300];
        if (name)
            snprintf(buf, sizeof buf, "%s", name);
        else if (callee_op && callee_op->kind == CC_OP_LOAD && callee_op->a != CC_NONE &&
                 fn->ops[callee_op->a].kind != CC_OP_CALL)
            snprintf(buf, sizeof buf, "%s",
                     T(e, fn->ops[callee_op->a].name) ? T(e, fn->ops[callee_op->a].name) : "?");
        else
            snprintf(buf, sizeof buf, "a call");
        note_source(&k->unknown, keep(e, buf), u, f, o);
    }
}

const cc_cost *cc_effects_summary(cc_effects *self, uint32_t unit, uint32_t func)
{
    uint32_t gid = cc_pointsto_gid(self->an->pt, unit, func);
    summary_slot *s = &self->slots[gid];
    if (s->state == 2 || s->state == 1)
        return &s->cost;
    s->state = 1;
    self->depth++;
    cc_cost tmp;
    summarize(self, gid, &tmp);
    self->depth--;
    s = &self->slots[gid];
    s->cost = tmp;
    s->state = 2;
    return &s->cost;
}

/* ==== sites =================================================================================== */

double cc_site_task_seconds(const cc_site *s, const cc_cost_constants *k)
{
    double step = s->lang == CC_LANG_C ? k->c_step_s : k->step_s;
    return s->gil_steps.v * step + s->native_bytes.v * k->native_byte_s + s->wait_s.v;
}

/* The codebase function a callable value is, with how many leading parameters are already
 * bound (a bound method's self, functools.partial's arguments). */
typedef struct target_info {
    cc_func_id fn;
    int shift;
    const char *ext;       /* an external callable's name */
    uint32_t partial_call; /* the functools.partial(...) call, or CC_NONE */
    uint32_t pu, pf;
} target_info;

static target_info target_of(cc_effects *e, const cc_sem *s, uint32_t u, uint32_t f, uint32_t v)
{
    target_info t = {.fn = {CC_NONE, CC_NONE}, .partial_call = CC_NONE};
    if (s->target_unit != CC_NONE) {
        t.fn = (cc_func_id){s->target_unit, s->target_func};
    }
    if (v == CC_NONE)
        return t;
    const cc_func *fn = &cc_program_unit(e->prog, u)->funcs[f];
    const cc_op *op = &fn->ops[v];
    cc_aval a = resolve(e, u, f, v);
    if (a.kind == CC_V_EXTERN) {
        t.ext = T(e, a.qname);
        return t;
    }
    if (a.kind == CC_V_INSTANCE && !strcmp(T(e, a.qname), "functools.partial")) {
        const cc_op *pc = OP(e, a.origin.unit, a.origin.func, a.origin.op);
        if (pc->kind == CC_OP_CALL && pc->nargs >= 1) {
            cc_aval inner = resolve(e, a.origin.unit, a.origin.func, pc->args[0]);
            if (inner.kind == CC_V_FUNC) {
                t.fn = (cc_func_id){inner.unit, inner.idx};
                t.partial_call = a.origin.op;
                t.pu = a.origin.unit;
                t.pf = a.origin.func;
                uint32_t npos = 0;
                for (uint32_t i = 1; i < pc->nargs; i++)
                    if (!(pc->kwnames && pc->kwnames[i]))
                        npos++;
                t.shift = (int)npos;
            } else if (inner.kind == CC_V_EXTERN) {
                t.ext = T(e, inner.qname);
            }
        }
        return t;
    }
    if (t.fn.unit != CC_NONE) {
        const cc_func *tf = &cc_program_unit(e->prog, t.fn.unit)->funcs[t.fn.func];
        if (tf->class_idx != CC_NONE && tf->kind == CC_FUNC_FUNCTION && op->kind == CC_OP_LOAD &&
            op->a != CC_NONE && fn->ops[op->a].kind == CC_OP_FIELD)
            t.shift = 1; /* a bound method: self is bound */
    }
    return t;
}

/* The CALL op that created the object a receiver refers to (a pool, a Thread), or none. */
static bool creator(cc_effects *e, uint32_t u, uint32_t f, uint32_t recv, cc_op_id *out)
{
    if (recv == CC_NONE)
        return false;
    cc_aval v = resolve(e, u, f, recv);
    if (v.kind != CC_V_INSTANCE && v.kind != CC_V_OBJECT)
        return false;
    const cc_op *c = OP(e, v.origin.unit, v.origin.func, v.origin.op);
    if (c->kind != CC_OP_CALL)
        return false;
    *out = v.origin;
    return true;
}

static uint32_t receiver_of(const cc_effects *e, uint32_t u, uint32_t f, const cc_op *call)
{
    const cc_func *fn = &cc_program_unit(e->prog, u)->funcs[f];
    if (call->a == CC_NONE)
        return CC_NONE;
    const cc_op *co = &fn->ops[call->a];
    if (co->kind == CC_OP_LOAD && co->a != CC_NONE && fn->ops[co->a].kind == CC_OP_FIELD)
        return fn->ops[co->a].a;
    return CC_NONE;
}

static const char *describe_value(cc_effects *e, const vsize *v, double bytes)
{
    char n[64], b[64], buf[200];
    cc_est ne = poly_est(&v->n);
    switch (v->kind) {
    case VS_SEQ:
        snprintf(buf, sizeof buf, "a container of %s items", cc_fmt_count(ne.v, n, sizeof n));
        break;
    case VS_ARRAY:
        snprintf(buf, sizeof buf, "an array of %s numbers", cc_fmt_count(ne.v, n, sizeof n));
        break;
    case VS_BYTES:
        snprintf(buf, sizeof buf, "a bytes object");
        break;
    case VS_STR:
        snprintf(buf, sizeof buf, "a string of %s characters", cc_fmt_count(ne.v, n, sizeof n));
        break;
    default:
        return NULL;
    }
    (void)b;
    (void)bytes;
    return keep(e, buf);
}

/* Adds one argument's payload to a site. */
static void add_payload(cc_effects *e, cc_site *s, sctx *c, uint32_t u, uint32_t f, uint32_t a,
                        bool *all_known, double *largest)
{
    vsize v = size_of(c, u, f, a, 0);
    bool known;
    cc_poly b = vs_bytes(&v, &known);
    cc_est be = poly_est(&b);
    cc_poly ob = vs_objects(&v);
    cc_est oe = poly_est(&ob);
    if (!known || !be.known)
        *all_known = false;
    s->payload_bytes.v += be.v;
    s->payload_objects.v += oe.v;
    if (be.v > *largest) {
        *largest = be.v;
        s->payload_at = (cc_op_id){u, f, a};
        s->payload_what = describe_value(e, &v, be.v);
    }
}

/* Pool workers from the pool's constructor call (max_workers= / processes=). */
static cc_est pool_workers(cc_effects *e, const cc_site *s, const cc_op_id *ctor)
{
    cc_est w = {(double)e->k.cores, false};
    if (s->model == CC_MODEL_THREAD && s->kind != CC_SITE_START && s->api &&
        !strncmp(s->api, "concurrent.futures", 18))
        w.v = e->k.cores + 4 < 32 ? e->k.cores + 4 : 32; /* ThreadPoolExecutor's default */
    if (!ctor)
        return w;
    const char *kw =
        s->api && !strncmp(s->api, "concurrent.futures", 18) ? "max_workers" : "processes";
    uint32_t a = cc_call_arg(e->prog, ctor->unit, ctor->func, ctor->op, 0, kw);
    double n;
    if (a != CC_NONE && num_const(e, ctor->unit, ctor->func, a, &n) && n >= 1) {
        w.v = n;
        w.known = true;
    }
    return w;
}

static void add_site(cc_effects *e, uint32_t si, const cc_sem *sem)
{
    const cc_unit *un = cc_program_unit(e->prog, sem->at.unit);
    uint32_t u = sem->at.unit, f = sem->at.func, o = sem->at.op;
    const cc_func *fn = &un->funcs[f];
    const cc_op *call = &fn->ops[o];
    if (call->kind != CC_OP_CALL)
        return;
    cc_site s = {0};
    s.sem = si;
    s.at = sem->at;
    s.lang = un->lang;
    s.model = sem->model;
    s.start_method = sem->start_method;
    s.sm_explicit = sem->sm_explicit;
    s.api = sem->api;
    s.target = (cc_func_id){CC_NONE, CC_NONE};
    s.hot.at.unit = s.wait.at.unit = s.native_src.at.unit = s.unknown.at.unit = CC_NONE;
    s.mt_unsafe.at.unit = s.payload_at.unit = CC_NONE;
    const cc_kb_entry *kb = sem->api ? cc_program_kb_find(e->prog, sem->api) : NULL;
    if (sem->kind == CC_SEM_START)
        s.kind = CC_SITE_START;
    else if (kb && kb->iter_pos >= 0)
        s.kind = CC_SITE_MAP;
    else if (sem->api && !strcmp(sem->api, "multiprocessing.pool.Pool.apply"))
        s.kind = CC_SITE_APPLY;
    else
        s.kind = CC_SITE_SUBMIT;
    sctx sc = {e, CC_NONE, CC_NONE}; /* the enclosing code's parameters are unknown sizes */
    /* The loops around the call repeat it. */
    cc_poly rep =
        call->loop != CC_NONE ? loops_between(&sc, u, f, call->loop, CC_NONE, 0) : cc_poly_const(1);
    s.in_loop = call->loop != CC_NONE;

    /* What runs, and the arguments each task gets (as sizes, in the caller's terms). */
    target_info t =
        target_of(e, sem, u, f,
                  sem->kind == CC_SEM_START && un->lang == CC_LANG_PYTHON ? CC_NONE : sem->value);
    cc_poly args[CC_POLY_VARS];
    for (int v = 0; v < CC_POLY_VARS; v++)
        args[v] = cc_poly_var(CC_POLY_U);
    int next = t.shift;
    if (t.partial_call != CC_NONE) {
        /* functools.partial(fn, a, b): a and b fill the first parameters. */
        const cc_op *pc = OP(e, t.pu, t.pf, t.partial_call);
        int k = 0;
        for (uint32_t i = 1; i < pc->nargs; i++)
            if (!(pc->kwnames && pc->kwnames[i]) && k < CC_POLY_PARAMS)
                args[k++] = size_of(&sc, t.pu, t.pf, pc->args[i], 0).n;
    }
    bool pickled = s.model == CC_MODEL_PROCESS && un->lang == CC_LANG_PYTHON &&
                   (s.kind != CC_SITE_START || s.start_method == CC_SM_SPAWN ||
                    s.start_method == CC_SM_FORKSERVER);
    bool payload_known = true;
    double largest = 0;
    cc_op_id ctor;
    bool have_ctor = false;
    uint32_t recv = receiver_of(e, u, f, call);
    s.chunksize = (cc_est){1, true};
    cc_est items = {1, true};
    if (s.kind == CC_SITE_START) {
        if (un->lang == CC_LANG_C) {
            /* pthread_create(&t, attr, fn, arg): the argument is the thread's parameter 0. */
            if (kb && kb->args_pos >= 0 && (uint32_t)kb->args_pos < call->nargs)
                args[0] = size_of(&sc, u, f, call->args[kb->args_pos], 0).n;
        } else if ((have_ctor = creator(e, u, f, sem->value, &ctor))) {
            const cc_op *co = OP(e, ctor.unit, ctor.func, ctor.op);
            const char *cn = extern_name(e, ctor.unit, ctor.func, co);
            const cc_kb_entry *ck = cn ? cc_program_kb_find(e->prog, cn) : NULL;
            if (!ck && t.fn.unit != CC_NONE &&
                cc_program_unit(e->prog, t.fn.unit)->funcs[t.fn.func].class_idx != CC_NONE)
                next = 1; /* a Thread subclass's run(self) */
            uint32_t tup =
                ck ? cc_call_arg(e->prog, ctor.unit, ctor.func, ctor.op, ck->args_pos, ck->args_kw)
                   : CC_NONE;
            const cc_op *to = tup != CC_NONE ? OP(e, ctor.unit, ctor.func, tup) : NULL;
            if (to && to->kind == CC_OP_ALLOC &&
                (to->sub == CC_ALLOC_TUPLE || to->sub == CC_ALLOC_LIST)) {
                for (uint32_t i = 0; i < to->nargs; i++) {
                    if (next < CC_POLY_PARAMS)
                        args[next++] = size_of(&sc, ctor.unit, ctor.func, to->args[i], 0).n;
                    if (pickled)
                        add_payload(e, &s, &sc, ctor.unit, ctor.func, to->args[i], &payload_known,
                                    &largest);
                }
            } else if (to && pickled) {
                add_payload(e, &s, &sc, ctor.unit, ctor.func, tup, &payload_known, &largest);
            }
            /* A target given by a name the lowering resolved: bound methods skip self. */
            uint32_t tv =
                ck ? cc_call_arg(e->prog, ctor.unit, ctor.func, ctor.op, ck->fn_pos, ck->fn_kw)
                   : CC_NONE;
            if (tv != CC_NONE) {
                target_info t2 = target_of(e, sem, ctor.unit, ctor.func, tv);
                if (t2.ext && !t.ext)
                    t.ext = t2.ext;
                if (t2.shift && next == 0)
                    next = t2.shift;
                if (t2.partial_call != CC_NONE && t.partial_call == CC_NONE) {
                    t = t2;
                    next = t2.shift;
                }
            }
        }
    } else {
        if (kb && kb->args_pos >= 0) {
            uint32_t tup = cc_call_arg(e->prog, u, f, o, kb->args_pos, kb->args_kw);
            const cc_op *to = tup != CC_NONE ? &fn->ops[tup] : NULL;
            if (to && to->kind == CC_OP_ALLOC &&
                (to->sub == CC_ALLOC_TUPLE || to->sub == CC_ALLOC_LIST)) {
                for (uint32_t i = 0; i < to->nargs; i++) {
                    if (next < CC_POLY_PARAMS)
                        args[next++] = size_of(&sc, u, f, to->args[i], 0).n;
                    if (pickled)
                        add_payload(e, &s, &sc, u, f, to->args[i], &payload_known, &largest);
                }
            } else if (to && pickled) {
                add_payload(e, &s, &sc, u, f, tup, &payload_known, &largest);
            }
        }
        if (kb && kb->rest_pos >= 0) {
            int k = 0;
            for (uint32_t i = 0; i < call->nargs; i++) {
                cc_str kw = call->kwnames ? call->kwnames[i] : CC_STR_NONE;
                if (kw)
                    continue;
                if (k++ < kb->rest_pos)
                    continue;
                if (next < CC_POLY_PARAMS)
                    args[next++] = size_of(&sc, u, f, call->args[i], 0).n;
                if (pickled)
                    add_payload(e, &s, &sc, u, f, call->args[i], &payload_known, &largest);
            }
        }
        if (s.kind == CC_SITE_MAP) {
            uint32_t it = cc_call_arg(e->prog, u, f, o, kb->iter_pos, "iterable");
            vsize iv = it != CC_NONE ? size_of(&sc, u, f, it, 0) : vs_unknown();
            if (iv.kind == VS_NUM || iv.kind == VS_OBJECT)
                iv = vs_unknown();
            items = poly_est(&iv.n);
            vsize el = elem_of(&iv);
            if (!(kb->flags & CC_KBF_STARMAP) && next < CC_POLY_PARAMS)
                args[next++] = el.n;
            if (pickled) {
                double eb = iv.elem_bytes;
                if (iv.kind == VS_RANGE)
                    eb = 5;
                if (eb <= 0) {
                    payload_known = false;
                    eb = 60;
                }
                s.payload_bytes.v += eb;
                cc_poly ob = vs_objects(&el);
                s.payload_objects.v += poly_est(&ob).v;
                if (eb > largest) {
                    largest = eb;
                    s.payload_at = (cc_op_id){u, f, it};
                    s.payload_what = describe_value(e, &el, eb);
                }
            }
        }
        have_ctor = creator(e, u, f, recv, &ctor);
    }
    if (pickled && s.kind != CC_SITE_START)
        s.payload_bytes.v += 40; /* the function, pickled by reference */
    s.payload_bytes.known = payload_known;
    s.payload_objects.known = payload_known;

    /* The work of one task. */
    cc_cost work = {0};
    bool work_known = false;
    const cc_kb_entry *tkb =
        t.fn.unit != CC_NONE
            ? cc_program_kb_find(e->prog, cc_program_func_name(e->prog, t.fn.unit, t.fn.func))
            : NULL;
    if (t.fn.unit != CC_NONE && !t.ext &&
        (cost_exact(un->lang, cc_program_func_name(e->prog, t.fn.unit, t.fn.func)) ||
         (tkb && tkb->effect != CC_KB_POOL_NEW && tkb->effect != CC_KB_HANDLE_NEW))) {
        t.ext = cc_program_func_name(e->prog, t.fn.unit, t.fn.func);
        t.fn = (cc_func_id){CC_NONE, CC_NONE};
    }
    if (t.fn.unit != CC_NONE) {
        s.target = t.fn;
        s.target_name = cc_program_func_name(e->prog, t.fn.unit, t.fn.func);
        const cc_cost *sum = cc_effects_summary(e, t.fn.unit, t.fn.func);
        work = *sum;
        work.gil = cc_poly_subst(sum->gil, args);
        work.native = cc_poly_subst(sum->native, args);
        work.wait_s = cc_poly_subst(sum->wait_s, args);
        work.waits = cc_poly_subst(sum->waits, args);
        work.ret = cc_poly_subst(sum->ret, args);
        work.ret_bytes = cc_poly_subst(sum->ret_bytes, args);
        work.ret_objects = cc_poly_subst(sum->ret_objects, args);
        work_known = true;
    } else if (t.ext) {
        s.target_name = keep(e, t.ext);
        const cost_row *r = row_for(e, un->lang, t.ext);
        if (r) {
            work_known = true;
            cc_poly n = r->arg >= 0 && r->arg < CC_POLY_PARAMS ? args[r->arg] : cc_poly_const(1);
            cc_est ne = poly_est(&n);
            switch (r->kind) {
            case CK_WAIT: {
                bool stated = r->extra && !strcmp(r->extra, "sleep");
                work.wait_s =
                    stated ? cc_poly_scale(n, r->factor) : cc_poly_const(wait_latency(e, r->extra));
                work.waits = cc_poly_const(1);
                work.flags |= stated ? CC_COSTF_ASYNC_WAITS : 0;
                if (r->extra && !strcmp(r->extra, "net"))
                    work.flags |= CC_COSTF_ASYNC_WAITS | CC_COSTF_WAIT_GUESSED;
                if (r->extra && !strcmp(r->extra, "other"))
                    work.flags |= CC_COSTF_WAIT_OPEN;
                work.wait.what = s.target_name;
                work.wait.at = s.at;
                break;
            }
            case CK_NATIVE:
            case CK_BLAS:
                if (ne.known && ne.v < r->threshold) {
                    work.gil = cc_poly_scale(n, r->factor / 16);
                } else {
                    work.native = cc_poly_scale(n, r->factor);
                    work.native_src.what = s.target_name;
                    work.native_src.at = s.at;
                }
                if (r->kind == CK_BLAS)
                    work.flags |= CC_COSTF_BLAS;
                break;
            case CK_LINEAR:
                work.gil = cc_poly_add(cc_poly_scale(n, r->factor), cc_poly_const(1));
                break;
            case CK_NLOGN:
                work.gil = cc_poly_scale(n, r->factor * 20);
                break;
            default:
                work.gil = cc_poly_const(r->factor > 0 ? r->factor : 1);
                break;
            }
        }
    }
    if (!work_known && t.ext) {
        /* A lock's acquire or a join as the work itself: a wait for other threads. */
        const cc_kb_entry *tk = cc_program_kb_find(e->prog, t.ext);
        if (tk && (tk->effect == CC_KB_ACQUIRE || tk->effect == CC_KB_JOIN ||
                   tk->effect == CC_KB_TRYLOCK || tk->effect == CC_KB_COND_WAIT)) {
            work_known = true;
            work.waits = cc_poly_const(1);
            work.flags |= CC_COSTF_WAIT_OPEN;
        } else if (tk && tk->effect == CC_KB_RELEASE) {
            work_known = true;
            work.gil = cc_poly_const(2);
        }
    }
    if (!work_known)
        work.flags |= CC_COSTF_UNKNOWN_CALL;
    s.target_known = work_known;
    s.gil_steps = poly_est(&work.gil);
    s.native_bytes = poly_est(&work.native);
    s.wait_s = poly_est(&work.wait_s);
    s.wait_calls = poly_est(&work.waits);
    s.cost_flags = work.flags;
    s.hot = work.hot;
    s.wait = work.wait;
    s.native_src = work.native_src;
    s.unknown = work.unknown;
    s.mt_unsafe = work.mt_unsafe;
    s.result_objects = (cc_est){0, true};
    if (pickled && s.kind != CC_SITE_START && work_known && work.ret.n) {
        s.result_bytes = poly_est(&work.ret_bytes);
        s.result_objects = poly_est(&work.ret_objects);
    } else if (pickled && s.kind != CC_SITE_START) {
        s.result_bytes = (cc_est){work_known ? 9 : 60, work_known};
        s.result_objects = (cc_est){1, work_known};
    } else {
        s.result_bytes = (cc_est){0, true};
    }

    /* How many tasks, on how many workers, in chunks of what size. */
    cc_est repe = poly_est(&rep);
    if (s.kind == CC_SITE_MAP) {
        s.tasks = (cc_est){items.v * repe.v, items.known && repe.known};
    } else {
        s.tasks = repe;
    }
    if (s.kind == CC_SITE_START) {
        s.workers = s.tasks;
        if (s.model == CC_MODEL_PROCESS && s.lang == CC_LANG_PYTHON && have_ctor) {
            /* nothing more: one process per start */
        }
    } else {
        s.workers = pool_workers(e, &s, have_ctor ? &ctor : NULL);
        if (s.api && !strcmp(s.api, "asyncio.to_thread"))
            s.workers = (cc_est){(double)(e->k.cores + 4 < 32 ? e->k.cores + 4 : 32), false};
        /* Initializer arguments go to every worker once. */
        if (have_ctor && pickled) {
            const cc_op *co = OP(e, ctor.unit, ctor.func, ctor.op);
            bool mp = s.api && !strncmp(s.api, "multiprocessing", 15);
            uint32_t ia =
                cc_call_arg(e->prog, ctor.unit, ctor.func, ctor.op, mp ? 2 : 3, "initargs");
            if (ia != CC_NONE && co->kind == CC_OP_CALL) {
                vsize iv = size_of(&sc, ctor.unit, ctor.func, ia, 0);
                bool known;
                cc_poly b = vs_bytes(&iv, &known);
                s.init_bytes = poly_est(&b);
                s.init_bytes.known = s.init_bytes.known && known;
            } else {
                s.init_bytes = (cc_est){0, true};
            }
        } else {
            s.init_bytes = (cc_est){0, true};
        }
    }
    if (s.kind == CC_SITE_MAP && s.model == CC_MODEL_PROCESS) {
        bool mp = s.api && !strncmp(s.api, "multiprocessing", 15);
        bool imap = s.api && strstr(s.api, ".imap") != NULL;
        uint32_t cs = cc_call_arg(e->prog, u, f, o, mp ? 2 : -1, "chunksize");
        double n;
        if (cs != CC_NONE && num_const(e, u, f, cs, &n) && n >= 1) {
            s.chunksize = (cc_est){n, true};
        } else if (cs != CC_NONE) {
            s.chunksize = (cc_est){1, false};
        } else if (mp && !imap) {
            /* Pool.map: chunksize = ceil(len / (4 * processes)) */
            double c4 = s.tasks.v / (4 * (s.workers.v > 0 ? s.workers.v : 1));
            s.chunksize = (cc_est){c4 < 1 ? 1 : (double)(long long)(c4 + 0.999),
                                   s.tasks.known && s.workers.known};
        }
    }
    s.many = s.tasks.v > 1 && (s.kind == CC_SITE_START || s.workers.v > 1);
    if (s.kind == CC_SITE_APPLY)
        s.many = false; /* apply blocks: one task at a time */
    CC_VEC_PUSH(e->sites, e->nsites, e->capsites, s);
}

/* Sites that hand work to the same pool, or start threads one after the other in the same
 * function, run their work at the same time: they are "many" together. */
static void mark_siblings(cc_effects *e)
{
    for (uint32_t i = 0; i < e->nsites; i++) {
        cc_site *a = &e->sites[i];
        if (a->many || a->kind == CC_SITE_APPLY)
            continue;
        for (uint32_t j = 0; j < e->nsites && !a->many; j++) {
            const cc_site *b = &e->sites[j];
            if (i == j || b->kind == CC_SITE_APPLY || b->model != a->model || b->lang != a->lang ||
                b->at.unit != a->at.unit || b->at.func != a->at.func)
                continue;
            if (a->kind == CC_SITE_START && b->kind == CC_SITE_START && b->at.op != a->at.op) {
                /* Threads started side by side compete when both hold the GIL (processes
                 * when both use CPU); one waiting beside one computing do not. */
                double ta = cc_site_task_seconds(a, &e->k), tb = cc_site_task_seconds(b, &e->k);
                bool cpu_a = a->wait_s.v < 0.5 * ta, cpu_b = b->wait_s.v < 0.5 * tb;
                if (cpu_a == cpu_b && b->target_known == a->target_known)
                    a->many = true;
            } else if (a->kind != CC_SITE_START && b->kind != CC_SITE_START && a->workers.v > 1) {
                cc_op_id pa, pb;
                uint32_t ra =
                    receiver_of(e, a->at.unit, a->at.func, OP(e, a->at.unit, a->at.func, a->at.op));
                uint32_t rb =
                    receiver_of(e, b->at.unit, b->at.func, OP(e, b->at.unit, b->at.func, b->at.op));
                if (creator(e, a->at.unit, a->at.func, ra, &pa) &&
                    creator(e, b->at.unit, b->at.func, rb, &pb) && pa.unit == pb.unit &&
                    pa.func == pb.func && pa.op == pb.op)
                    a->many = true;
            }
        }
    }
}

cc_effects *cc_effects_new(cc_program *prog, const cc_cost_constants *costs)
{
    cc_effects *e = cc_xcalloc(1, sizeof *e);
    e->prog = prog;
    e->in = cc_program_interner(prog);
    e->arena = cc_arena_new();
    if (costs)
        e->k = *costs;
    else
        cc_cost_constants_default(&e->k);
    if (e->k.cores < 1)
        e->k.cores = 1;
    e->an = cc_program_analyses(prog);
    e->nfuncs = cc_pointsto_func_count(e->an->pt);
    e->slots = cc_xcalloc(e->nfuncs + 1, sizeof(summary_slot));
    /* The runtime: a free-threaded target runs threads in parallel unless an imported extension
     * turns the GIL back on. */
    const cc_program_options *po = cc_program_options_get(prog);
    e->free_threaded = po && po->target_free_threaded &&
                       (po->target_major > 3 || (po->target_major == 3 && po->target_minor >= 13));
    if (e->free_threaded) {
        for (uint32_t u = 0; u < cc_program_unit_count(prog) && !e->reenabler; u++) {
            const cc_unit *un = cc_program_unit(prog, u);
            if (un->lang != CC_LANG_PYTHON)
                continue;
            for (uint32_t k = 0; k < un->nimports && !e->reenabler; k++) {
                const cc_op *op = &un->funcs[un->imports[k].func].ops[un->imports[k].op];
                const char *m = T(e, op->name);
                for (uint32_t i = 0; i < NCOSTS; i++) {
                    size_t l = strlen(COSTS[i].name);
                    if (COSTS[i].kind == CK_NOGIL_OFF && !strncmp(m, COSTS[i].name, l) &&
                        (m[l] == 0 || m[l] == '.'))
                        e->reenabler = COSTS[i].name;
                }
            }
        }
        if (e->reenabler)
            e->free_threaded = false;
    }
    uint32_t n = cc_program_sem_count(prog);
    for (uint32_t i = 0; i < n; i++) {
        const cc_sem *s = cc_program_sem(prog, i);
        if (s->kind != CC_SEM_START && s->kind != CC_SEM_SUBMIT)
            continue;
        if (s->model != CC_MODEL_THREAD && s->model != CC_MODEL_PROCESS)
            continue;
        add_site(e, i, s);
    }
    mark_siblings(e);
    return e;
}

void cc_effects_delete(cc_effects *self)
{
    if (!self)
        return;
    free(self->slots);
    free(self->sites);
    cc_arena_delete(self->arena);
    free(self);
}
