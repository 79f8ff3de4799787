/* lsp_analysis.c - the language server's units and analysis runs; see lsp_internal.h.
 *
 * Units: the files of the workspace folders are read and parsed once (on the driver's worker
 * threads) and kept; a file that changes on disk is read again alone. An open document's unit
 * replaces its file's, and is re-made only when its text changed, by the front end's incremental
 * open-document API.
 *
 * Programs: each run splits the units into groups that cannot change each other's findings
 * (cc_program_components: imports, packages and their submodules, one module name, all C). A
 * group whose units are the same objects as before keeps its program (its analyses, findings
 * and advice); a group holding a changed unit is linked, lowered, analysed and gated again
 * (suppressions, selection, severities). So an edit costs its own group, not the workspace. The
 * groups' findings are those of one program over every unit, as `concur check` makes: the one
 * thing that crosses groups, set_start_method's process-wide default, is passed to each group
 * (cc_program_options.outside_sm) and a group is run again when it changes.
 *
 * Memory: a unit owns its IR, so replacing one frees the old; strings are interned in one table
 * that only grows, so when it has grown well past its size after the last full read, every unit
 * is made again in a fresh table. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "concur/arena.h"
#include "concur/driver.h"
#include "concur/gate.h"
#include "concur/rule.h"
#include "knowledge/kb.h"
#include "lsp_internal.h"

/* Files of the workspace read at most; a folder holding more (a home folder opened by mistake)
 * is analysed through its open documents and its first files only. */
enum { LSP_MAX_WORKSPACE_FILES = 20000 };

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* A unit that holds only a CC000 diagnostic. */
static cc_unit *problem_unit(cc_interner *in, cc_lang lang, const char *path, const char *msg)
{
    cc_builder *b = cc_builder_new(in, lang, path, "", 0, "utf-8");
    cc_builder_func_begin(b, CC_FUNC_MODULE, cc_intern_cstr(in, "<module>"),
                          cc_intern_cstr(in, "<module>"), CC_NONE, 0, 0, 0);
    cc_builder_func_end(b);
    cc_builder_diag(b, CC_SEV_WARNING, 0, 0, "%s", msg);
    return cc_builder_finish(b);
}

static void docs_unbind(lsp_server *s, const cc_program *prog)
{
    for (size_t i = 0; i < s->ndocs; i++)
        if (!prog || s->docs[i]->prog == prog) {
            s->docs[i]->prog = NULL;
            s->docs[i]->unit_id = CC_NONE;
        }
}

static void comp_clear(lsp_server *s, lsp_comp *c)
{
    if (c->prog)
        docs_unbind(s, c->prog);
    cc_program_delete(c->prog);
    c->prog = NULL;
}

void lsp_program_drop(lsp_server *s)
{
    for (size_t i = 0; i < s->ncomps; i++) {
        comp_clear(s, &s->comps[i]);
        free(s->comps[i].units);
    }
    free(s->comps);
    s->comps = NULL;
    s->ncomps = 0;
    s->analysed = false;
    docs_unbind(s, NULL);
}

void lsp_unit_dropping(lsp_server *s, const cc_unit *u)
{
    if (!u)
        return;
    for (size_t i = 0; i < s->ncomps; i++)
        for (uint32_t k = 0; k < s->comps[i].n; k++)
            if (s->comps[i].units[k] == u) {
                comp_clear(s, &s->comps[i]);
                s->dirty = true;
                return;
            }
}

static void config_drop(lsp_server *s)
{
    cc_config_delete(s->cfg);
    s->cfg = NULL;
    free(s->user_kb);
    s->user_kb = NULL;
}

void lsp_workspace_reset(lsp_server *s)
{
    lsp_program_drop(s);
    for (size_t i = 0; i < s->ndisk; i++) {
        cc_unit_delete(s->disk_units[i]);
        free(s->disk_paths[i]);
    }
    free(s->disk_units);
    free(s->disk_paths);
    s->disk_units = NULL;
    s->disk_paths = NULL;
    s->ndisk = s->capdisk = 0;
    config_drop(s);
    s->ws_loaded = false;
    s->dirty = true;
    s->naming_epoch++;
}

void lsp_workspace_free(lsp_server *s)
{
    lsp_workspace_reset(s);
    if (s->c_worker) {
        cc_frontend_c.worker_delete(s->c_worker);
        s->c_worker = NULL;
    }
}

/* The configuration's knowledge entries in the knowledge base's shape (as the CLI does). */
static cc_kb_entry *config_knowledge(const cc_config *cfg)
{
    cc_kb_entry *out = cc_xcalloc(cfg->nknowledge + 1, sizeof(cc_kb_entry));
    for (size_t i = 0; i < cfg->nknowledge; i++) {
        const cc_config_knowledge *k = &cfg->knowledge[i];
        cc_kb_entry e = {.name = k->name,
                         .model = k->model,
                         .fn_pos = -1,
                         .args_pos = -1,
                         .rest_pos = -1,
                         .iter_pos = -1,
                         .what = k->what,
                         .type = k->name};
        switch (k->effect) {
        case CC_EFFECT_IO_BOUND:
            e.effect = CC_KB_IO_BOUND;
            break;
        case CC_EFFECT_GIL_RELEASING:
            e.effect = CC_KB_GIL_RELEASING;
            break;
        case CC_EFFECT_MT_UNSAFE:
            e.effect = CC_KB_MT_UNSAFE;
            e.source = "config";
            break;
        case CC_EFFECT_POOL_NEW:
            e.effect = CC_KB_POOL_NEW;
            if (k->model == CC_MODEL_PROCESS)
                e.flags = CC_KBF_STARTS_WORKERS;
            break;
        case CC_EFFECT_START:
            e.effect = CC_KB_START;
            break;
        case CC_EFFECT_SUBMIT:
            e.effect = CC_KB_SUBMIT;
            e.fn_pos = k->function_arg >= 0 ? k->function_arg : 0;
            e.rest_pos = e.fn_pos + 1;
            break;
        case CC_EFFECT_JOIN:
            e.effect = CC_KB_JOIN;
            break;
        case CC_EFFECT_LOCK_NEW:
            e.effect = CC_KB_LOCK_NEW;
            break;
        case CC_EFFECT_UNPICKLABLE:
            e.effect = CC_KB_UNPICKLABLE;
            if (!e.what)
                e.what = k->name;
            break;
        }
        out[i] = e;
    }
    return out;
}

/* Where the configuration is looked for: the workspace folders, else the open documents'
 * folders. */
static void load_config(lsp_server *s)
{
    const char **paths = cc_xcalloc(s->nroots + s->ndocs + 1, sizeof(char *));
    size_t n = 0;
    for (size_t i = 0; i < s->nroots; i++)
        paths[n++] = s->roots[i];
    char **dirs = cc_xcalloc(s->ndocs + 1, sizeof(char *));
    size_t ndirs = 0;
    if (!n)
        for (size_t i = 0; i < s->ndocs; i++) {
            const char *p = s->docs[i]->path;
            const char *slash = strrchr(p, '/');
            if (p[0] != '/' || !slash)
                continue;
            dirs[ndirs] = strndup(p, (size_t)(slash - p) ? (size_t)(slash - p) : 1);
            if (access(dirs[ndirs], F_OK) == 0)
                paths[n++] = dirs[ndirs];
            ndirs++;
        }
    char cfg_path[PATH_MAX];
    bool found = false;
    if (n && cc_config_find(paths, n, cfg_path, sizeof cfg_path, &found) == CC_OK && found) {
        cc_config_error err;
        if (cc_config_load(cfg_path, &s->cfg, &err) != CC_OK) {
            char msg[6000];
            cc_config_error_format(&err, msg, sizeof msg);
            lsp_log(s, "configuration not used: %s", msg);
            json_t *p = json_object();
            json_object_set_new(p, "type", json_integer(1));
            char text[6100];
            snprintf(text, sizeof text, "concur: the configuration is not used: %s", msg);
            json_object_set_new(p, "message", json_string(text));
            lsp_notify(s, "window/showMessage", p);
            s->cfg = NULL;
        } else {
            s->user_kb = config_knowledge(s->cfg);
            lsp_log(s, "configuration: %s", cfg_path);
        }
    }
    for (size_t i = 0; i < ndirs; i++)
        free(dirs[i]);
    free(dirs);
    free(paths);
}

static cc_frontend_opts frontend_opts(void)
{
    cc_frontend_opts fo = {0};
    return fo;
}

static void load_workspace(lsp_server *s)
{
    double t0 = now_ms();
    load_config(s);
    s->ws_loaded = true;
    if (!s->nroots)
        return;
    const char **excludes = NULL;
    size_t nex = 0;
    if (s->cfg) {
        excludes = (const char **)s->cfg->exclude;
        nex = s->cfg->nexclude;
    }
    cc_filelist files;
    char err[4200];
    if (cc_discover((const char *const *)s->roots, s->nroots, excludes, nex, &files, err,
                    sizeof err) != CC_OK) {
        lsp_log(s, "workspace not read: %s", err);
        return;
    }
    if (files.n > LSP_MAX_WORKSPACE_FILES) {
        lsp_log(s, "the workspace holds %zu files; only the first %d are analysed", files.n,
                (int)LSP_MAX_WORKSPACE_FILES);
        for (size_t i = LSP_MAX_WORKSPACE_FILES; i < files.n; i++)
            free(files.paths[i]);
        files.n = LSP_MAX_WORKSPACE_FILES;
    }
    cc_frontend_opts fo = frontend_opts();
    cc_unit **units = cc_parse_files_opts(&files, 0, s->in, &fo);
    s->disk_paths = files.paths;
    s->disk_units = units;
    s->ndisk = s->capdisk = files.n;
    lsp_log(s, "workspace: %zu files read in %.0f ms", files.n, now_ms() - t0);
}

static cc_unit *parse_path(lsp_server *s, const char *path)
{
    cc_filelist one = {0};
    char *p = strdup(path);
    CC_VEC_PUSH(one.paths, one.n, one.cap, p);
    cc_frontend_opts fo = frontend_opts();
    cc_unit **u = cc_parse_files_opts(&one, 1, s->in, &fo);
    cc_unit *unit = u[0];
    free(u);
    cc_filelist_free(&one);
    return unit;
}

static bool under_root(lsp_server *s, const char *path)
{
    for (size_t i = 0; i < s->nroots; i++) {
        size_t n = strlen(s->roots[i]);
        if (!strncmp(path, s->roots[i], n) && (path[n] == '/' || (n == 1 && path[0] == '/')))
            return true;
    }
    return false;
}

static bool analysed_name(const char *path)
{
    for (int i = 0; cc_frontends[i]; i++)
        for (int k = 0; cc_frontends[i]->extensions[k]; k++) {
            size_t n = strlen(path), e = strlen(cc_frontends[i]->extensions[k]);
            if (n > e && !strcmp(path + n - e, cc_frontends[i]->extensions[k]))
                return true;
        }
    return false;
}

static int cmp_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void lsp_workspace_file_changed(lsp_server *s, const char *path, int type)
{
    if (!s->ws_loaded)
        return; /* read with everything else later */
    if (type != 2)
        s->naming_epoch++; /* a new or deleted __init__.py renames the modules below it */
    char real[PATH_MAX];
    const char *p = realpath(path, real) ? real : path;
    char *key = (char *)p;
    char **hit = s->ndisk ? bsearch(&key, s->disk_paths, s->ndisk, sizeof(char *), cmp_path) : NULL;
    if (hit) {
        size_t i = (size_t)(hit - s->disk_paths);
        lsp_unit_dropping(s, s->disk_units[i]);
        cc_unit_delete(s->disk_units[i]);
        s->disk_units[i] = NULL; /* read again at the next analysis */
        if (type == 3) {
            free(s->disk_paths[i]);
            memmove(s->disk_paths + i, s->disk_paths + i + 1, (s->ndisk - i - 1) * sizeof(char *));
            memmove(s->disk_units + i, s->disk_units + i + 1,
                    (s->ndisk - i - 1) * sizeof(cc_unit *));
            s->ndisk--;
        }
    } else if (type != 3 && under_root(s, p) && analysed_name(p) && access(p, R_OK) == 0 &&
               s->ndisk < LSP_MAX_WORKSPACE_FILES) {
        bool excluded = false;
        if (s->cfg && s->cfg->nexclude) {
            /* let discovery judge the excludes: it is given the file itself */
            cc_filelist one;
            char err[256];
            const char *pp = p;
            excluded = cc_discover(&pp, 1, NULL, 0, &one, err, sizeof err) != CC_OK;
            if (!excluded)
                cc_filelist_free(&one);
        }
        if (excluded)
            return;
        if (s->ndisk == s->capdisk) {
            s->capdisk = s->capdisk ? s->capdisk * 2 : 16;
            s->disk_paths = cc_xrealloc(s->disk_paths, s->capdisk * sizeof(char *));
            s->disk_units = cc_xrealloc(s->disk_units, s->capdisk * sizeof(cc_unit *));
        }
        size_t i = s->ndisk;
        while (i > 0 && strcmp(s->disk_paths[i - 1], p) > 0)
            i--;
        memmove(s->disk_paths + i + 1, s->disk_paths + i, (s->ndisk - i) * sizeof(char *));
        memmove(s->disk_units + i + 1, s->disk_units + i, (s->ndisk - i) * sizeof(cc_unit *));
        s->disk_paths[i] = strdup(p);
        s->disk_units[i] = NULL;
        s->ndisk++;
    }
    s->dirty = true;
}

/* Makes every unit again in a fresh string table (after edits interned many strings). */
static void compact(lsp_server *s)
{
    lsp_log(s, "%zu strings interned (%zu after the last full read): reading everything again",
            cc_interner_count(s->in), s->intern_base);
    lsp_workspace_reset(s);
    for (size_t i = 0; i < s->ndocs; i++) {
        cc_unit_delete(s->docs[i]->unit);
        s->docs[i]->unit = NULL;
        s->docs[i]->dirty = true;
    }
    cc_interner_delete(s->in);
    s->in = cc_interner_new();
    if (!s->in) {
        fprintf(s->log, "concur lsp: out of memory\n");
        abort();
    }
}

/* ---- selection ----------------------------------------------------------------------------- */

static bool matches_any(char *const *pats, size_t n, const char *code)
{
    const cc_rule *r = cc_rule_find(code);
    for (size_t i = 0; i < n; i++)
        if (cc_rule_matches(pats[i], code) || (r && !strcmp(pats[i], r->name)))
            return true;
    return false;
}

/* The editor's select replaces the configuration's; both ignores apply. */
static bool selected(const char *code, void *ctx)
{
    lsp_server *s = ctx;
    const lsp_settings *st = &s->settings;
    if (st->has_select) {
        if (!matches_any(st->select, st->nselect, code))
            return false;
    } else if (s->cfg && s->cfg->has_select &&
               !matches_any((char *const *)s->cfg->select, s->cfg->nselect, code)) {
        return false;
    }
    if (s->cfg && matches_any((char *const *)s->cfg->ignore, s->cfg->nignore, code))
        return false;
    return !(st->has_ignore && matches_any(st->ignore, st->nignore, code));
}

static int severity_of(const char *code, void *ctx)
{
    const cc_config *cfg = ctx;
    const cc_rule *r = cc_rule_find(code);
    if (!r)
        return -1;
    return (int)cc_config_severity_of(cfg, code, r->severity);
}

static bool ignored_for_path(const char *relpath, const char *code, void *ctx)
{
    return cc_config_ignores(ctx, relpath, code);
}

/* ---- analysis ------------------------------------------------------------------------------ */

static void parse_doc(lsp_server *s, lsp_doc *d)
{
    cc_unit *u;
    cc_lang lang = d->fe->lang;
    if (d->text.len > CC_MAX_FILE_BYTES) {
        char msg[128];
        snprintf(msg, sizeof msg, "document larger than %u MiB; not analysed",
                 CC_MAX_FILE_BYTES >> 20);
        u = problem_unit(s->in, lang, d->path, msg);
    } else if (d->fedoc) {
        u = d->fe->doc_parse(d->fedoc, s->in, d->path, d->text.text, d->text.len);
    } else {
        if (!s->c_worker) {
            cc_frontend_opts fo = frontend_opts();
            s->c_worker =
                d->fe->worker_new_opts ? d->fe->worker_new_opts(&fo) : d->fe->worker_new();
        }
        u = s->c_worker ? d->fe->parse(s->c_worker, s->in, d->path, d->text.text, d->text.len)
                        : problem_unit(s->in, lang, d->path, "the C front end could not start");
    }
    lsp_unit_dropping(s, d->unit);
    cc_unit_delete(d->unit);
    d->unit = u;
    d->dirty = false;
}

static lsp_doc *doc_of_path(lsp_server *s, const char *path)
{
    for (size_t i = 0; i < s->ndocs; i++)
        if (s->docs[i]->fe && !strcmp(s->docs[i]->path, path))
            return s->docs[i];
    return NULL;
}

static cc_program_options program_options(lsp_server *s)
{
    cc_program_options po = {.borrow_units = true, .naming_epoch = s->naming_epoch + 1};
    if (s->settings.has_target) {
        po.target_major = s->settings.target.major;
        po.target_minor = s->settings.target.minor;
        po.target_free_threaded = s->settings.target.free_threaded;
    } else if (s->cfg) {
        cc_pyversion t = cc_config_target(s->cfg);
        po.target_major = t.major;
        po.target_minor = t.minor;
        po.target_free_threaded = t.free_threaded;
    }
    if (s->cfg) {
        po.source_roots = s->cfg->source_roots;
        po.nsource_roots = s->cfg->nsource_roots;
        po.user_kb = s->user_kb;
        po.nuser_kb = s->cfg->nknowledge;
    }
    return po;
}

/* The units of the program: each file in its place, an open document instead of its file, then
 * the open documents outside the workspace. Returns their count; *out is malloc'd. */
static uint32_t all_units(lsp_server *s, cc_unit ***out)
{
    cc_unit **units = cc_xcalloc(s->ndisk + s->ndocs + 1, sizeof(cc_unit *));
    uint32_t n = 0;
    bool *used = cc_xcalloc(s->ndocs + 1, sizeof(bool));
    for (size_t i = 0; i < s->ndisk; i++) {
        lsp_doc *d = doc_of_path(s, s->disk_paths[i]);
        if (d) {
            for (size_t k = 0; k < s->ndocs; k++)
                if (s->docs[k] == d)
                    used[k] = true;
            if (d->unit)
                units[n++] = d->unit;
        } else if (s->disk_units[i]) {
            units[n++] = s->disk_units[i];
        }
    }
    for (size_t k = 0; k < s->ndocs; k++)
        if (!used[k] && s->docs[k]->fe && s->docs[k]->unit)
            units[n++] = s->docs[k]->unit;
    free(used);
    *out = units;
    return n;
}

/* The other groups' calls, as far as their programs are known. */
static cc_sm_calls sm_outside(const lsp_server *s, size_t self)
{
    cc_sm_calls acc = {0};
    for (size_t i = 0; i < s->ncomps; i++)
        if (i != self && s->comps[i].prog)
            acc = cc_sm_calls_join(acc, cc_program_sm_calls(s->comps[i].prog));
    return acc;
}

/* An edit (or an open or close) waits: the analysis under way is out of date. */
static bool edit_waiting(void *ctx)
{
    lsp_server *s = ctx;
    return s->tr && lsp_transport_sync_pending(s->tr);
}

/* Analyses group c; false when an edit arrived meanwhile and stopped it (c->prog stays NULL). */
static bool comp_analyse(lsp_server *s, lsp_comp *c, const char *root)
{
    cc_program_options po = program_options(s);
    po.outside_sm = c->outside;
    po.cancelled = edit_waiting;
    po.cancel_ctx = s;
    c->prog = cc_program_new(s->in, c->units, c->n, &po);
    if (!c->prog) {
        lsp_log(s, "out of memory");
        abort();
    }
    cc_program_analyze(c->prog, NULL, NULL);
    if (cc_program_cancelled(c->prog)) {
        cc_program_delete(c->prog);
        c->prog = NULL;
        return false;
    }
    cc_gate_options go = {.selected = selected, .selected_ctx = s, .root = root};
    if (s->cfg) {
        go.severity_of = severity_of;
        go.severity_ctx = s->cfg;
        go.ignored_for_path = ignored_for_path;
        go.ignored_ctx = s->cfg;
    }
    cc_gate_result gr;
    char err[512];
    if (cc_gate_apply(c->prog, &go, &gr, err, sizeof err) != CC_OK)
        lsp_log(s, "gate: %s", err);
    return true;
}

typedef struct first_of {
    const cc_unit *unit;
    uint32_t group;
} first_of;

static int cmp_first(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const first_of *)a)->unit,
              y = (uintptr_t)((const first_of *)b)->unit;
    return x < y ? -1 : x > y;
}

/* The groups of this run: a group made of the same units (the same objects, in the same order)
 * as one of the last run keeps that one's program. */
static void regroup(lsp_server *s, cc_unit **units, uint32_t n)
{
    uint32_t *comp = cc_xcalloc(n + 1, sizeof(uint32_t));
    cc_program_options po = program_options(s);
    uint32_t ng = cc_program_components(s->in, units, n, &po, comp);
    lsp_comp *next = cc_xcalloc(ng + 1, sizeof(lsp_comp));
    for (uint32_t i = 0; i < n; i++)
        next[comp[i]].n++;
    for (uint32_t g = 0; g < ng; g++) {
        next[g].units = cc_xcalloc(next[g].n, sizeof(cc_unit *));
        next[g].n = 0;
    }
    for (uint32_t i = 0; i < n; i++)
        next[comp[i]].units[next[comp[i]].n++] = units[i];
    free(comp);
    /* The new groups by their first unit (one unit is in one group), to find each old group's
     * match without comparing every pair. */
    first_of *firsts = cc_xcalloc(ng + 1, sizeof(first_of));
    for (uint32_t g = 0; g < ng; g++)
        firsts[g] = (first_of){next[g].units[0], g};
    qsort(firsts, ng, sizeof(first_of), cmp_first);
    for (size_t i = 0; i < s->ncomps; i++) {
        lsp_comp *old = &s->comps[i];
        if (!old->prog || !old->n)
            continue;
        first_of key = {old->units[0], 0};
        const first_of *hit = ng ? bsearch(&key, firsts, ng, sizeof(first_of), cmp_first) : NULL;
        lsp_comp *nw = hit ? &next[hit->group] : NULL;
        if (!nw || nw->prog || nw->n != old->n ||
            memcmp(nw->units, old->units, old->n * sizeof(cc_unit *)) != 0)
            continue;
        /* the program borrows the array too: the old one stays */
        free(nw->units);
        nw->units = old->units;
        old->units = NULL;
        nw->prog = old->prog;
        nw->outside = old->outside;
        old->prog = NULL;
    }
    free(firsts);
    for (size_t i = 0; i < s->ncomps; i++) {
        comp_clear(s, &s->comps[i]);
        free(s->comps[i].units);
    }
    free(s->comps);
    s->comps = next;
    s->ncomps = ng;
}

void lsp_analyse(lsp_server *s)
{
    if (!s->dirty && s->analysed)
        return;
    double t0 = now_ms();
    if (cc_interner_count(s->in) > 2 * s->intern_base + 200000)
        compact(s);
    if (!s->ws_loaded) {
        load_workspace(s);
        s->intern_base = cc_interner_count(s->in);
    }
    for (size_t i = 0; i < s->ndisk; i++)
        if (!s->disk_units[i] && !doc_of_path(s, s->disk_paths[i]))
            s->disk_units[i] = parse_path(s, s->disk_paths[i]);
    double t1 = now_ms();
    for (size_t i = 0; i < s->ndocs; i++)
        if (s->docs[i]->fe && (s->docs[i]->dirty || !s->docs[i]->unit))
            parse_doc(s, s->docs[i]);
    double t2 = now_ms();
    cc_unit **units;
    uint32_t n = all_units(s, &units);
    regroup(s, units, n);
    free(units);
    double t3 = now_ms();
    char root[PATH_MAX];
    if (s->nroots)
        snprintf(root, sizeof root, "%s", s->roots[0]);
    else if (!getcwd(root, sizeof root))
        snprintf(root, sizeof root, "/");
    /* New groups first, with the other groups' start-method calls as far as known; then any
     * group whose process-wide default those calls change (they do not depend on it). An edit
     * that arrives meanwhile stops the run: the next one starts from the newer text. */
    uint32_t runs = 0, nfind = 0;
    bool stopped = false;
    if (s->opts.verbose) {
        size_t todo = 0;
        for (size_t i = 0; i < s->ncomps; i++)
            todo += !s->comps[i].prog;
        lsp_log(s, "analysis: running %zu of %zu groups", todo, s->ncomps);
    }
    for (size_t i = 0; i < s->ncomps && !stopped; i++)
        if (!s->comps[i].prog) {
            s->comps[i].outside = sm_outside(s, i);
            stopped = !comp_analyse(s, &s->comps[i], root);
            runs++;
        }
    for (size_t i = 0; i < s->ncomps && !stopped; i++) {
        lsp_comp *c = &s->comps[i];
        cc_sm_calls out = sm_outside(s, i), own = cc_program_sm_calls(c->prog);
        if (cc_sm_calls_method(cc_sm_calls_join(own, out)) ==
            cc_sm_calls_method(cc_sm_calls_join(own, c->outside))) {
            c->outside = out;
            continue;
        }
        comp_clear(s, c);
        c->outside = out;
        stopped = !comp_analyse(s, c, root);
        runs++;
    }
    /* Each document's program and its unit's index there. */
    for (size_t i = 0; i < s->ncomps; i++) {
        lsp_comp *c = &s->comps[i];
        if (!c->prog)
            continue;
        nfind += cc_program_finding_count(c->prog);
        for (uint32_t k = 0; k < c->n; k++)
            for (size_t d = 0; d < s->ndocs; d++)
                if (s->docs[d]->unit == c->units[k]) {
                    s->docs[d]->prog = c->prog;
                    s->docs[d]->unit_id = k;
                }
    }
    if (stopped) {
        /* nothing is published from this run; the groups it finished keep their programs */
        s->analysed = false;
        lsp_log(s, "analysis: stopped after %.1f ms by a newer edit", now_ms() - t0);
        return;
    }
    s->dirty = false;
    s->analysed = true;
    if (s->opts.verbose)
        lsp_log(s,
                "analysis: %u units in %zu groups, %u analysed again, %u findings; files %.1f ms, "
                "documents %.1f ms, grouping %.1f ms, programs %.1f ms",
                n, s->ncomps, runs, nfind, t1 - t0, t2 - t1, t3 - t2, now_ms() - t3);
}

/* ---- diagnostics --------------------------------------------------------------------------- */

json_t *lsp_position_json(uint32_t line, uint32_t character)
{
    json_t *p = json_object();
    json_object_set_new(p, "line", json_integer(line));
    json_object_set_new(p, "character", json_integer(character));
    return p;
}

/* Position of a byte offset of a unit that is not an open document: its own line table. */
static json_t *unit_position(lsp_server *s, const cc_unit *u, uint32_t off)
{
    if (off > u->len)
        off = u->len;
    uint32_t line = 0;
    if (u->nlines) {
        uint32_t lo = 0, hi = u->nlines;
        while (hi - lo > 1) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (u->line_starts[mid] <= off)
                lo = mid;
            else
                hi = mid;
        }
        line = lo;
    }
    uint32_t ls = u->nlines ? u->line_starts[line] : 0;
    return lsp_position_json(line, cc_lsp_units(u->text + ls, off - ls, s->enc));
}

json_t *lsp_range_json(lsp_server *s, const cc_program *prog, uint32_t unit, const lsp_doc *doc,
                       uint32_t start, uint32_t end)
{
    json_t *r = json_object();
    if (end < start)
        end = start;
    if (doc) {
        uint32_t l, c;
        cc_lsp_text_position(&doc->text, start, s->enc, &l, &c);
        json_object_set_new(r, "start", lsp_position_json(l, c));
        cc_lsp_text_position(&doc->text, end, s->enc, &l, &c);
        json_object_set_new(r, "end", lsp_position_json(l, c));
    } else {
        const cc_unit *u = cc_program_unit(prog, unit);
        json_object_set_new(r, "start", unit_position(s, u, start));
        json_object_set_new(r, "end", unit_position(s, u, end));
    }
    return r;
}

static lsp_doc *doc_of_unit(lsp_server *s, const cc_program *prog, uint32_t unit)
{
    for (size_t i = 0; i < s->ndocs; i++)
        if (s->docs[i]->prog == prog && s->docs[i]->unit_id == unit)
            return s->docs[i];
    return NULL;
}

char *lsp_unit_uri(lsp_server *s, const cc_program *prog, uint32_t unit)
{
    lsp_doc *d = doc_of_unit(s, prog, unit);
    if (d)
        return strdup(d->uri);
    const cc_unit *u = cc_program_unit(prog, unit);
    if (u->path[0] == '/')
        return lsp_uri_from_path(u->path);
    char cwd[PATH_MAX], full[2 * PATH_MAX + 2];
    if (!getcwd(cwd, sizeof cwd))
        snprintf(cwd, sizeof cwd, "/");
    snprintf(full, sizeof full, "%s/%s", cwd, u->path);
    return lsp_uri_from_path(full);
}

json_t *lsp_diag_json(lsp_server *s, const cc_program *prog, const cc_diag *d, const lsp_doc *doc)
{
    json_t *j = json_object();
    json_object_set_new(j, "range",
                        lsp_range_json(s, prog, d->unit, doc, d->span.start, d->span.end));
    int sev = d->severity == CC_SEV_ERROR ? 1 : d->severity == CC_SEV_WARNING ? 2 : 3;
    json_object_set_new(j, "severity", json_integer(sev));
    json_object_set_new(j, "code", json_string(d->code));
    json_t *cd = json_object();
    char href[256];
    snprintf(href, sizeof href, "%s%s.md", LSP_RULE_DOC_BASE, d->code);
    json_object_set_new(cd, "href", json_string(href));
    json_object_set_new(j, "codeDescription", cd);
    json_object_set_new(j, "source", json_string("concur"));
    size_t ml = strlen(d->message), hl = d->help ? strlen(d->help) : 0;
    char *msg = cc_xmalloc(ml + hl + 16);
    if (d->help)
        snprintf(msg, ml + hl + 16, "%s\nhelp: %s", d->message, d->help);
    else
        snprintf(msg, ml + 1, "%s", d->message);
    json_t *m = json_string(msg);
    if (!m) /* not well-formed UTF-8 (a message quoting bytes of the file): keep it readable */
        m = json_string("(message not valid UTF-8)");
    json_object_set_new(j, "message", m);
    free(msg);
    if (d->nrelated) {
        json_t *rel = json_array();
        for (uint32_t i = 0; i < d->nrelated; i++) {
            const cc_related *r = &d->related[i];
            if (r->unit >= cc_program_unit_count(prog))
                continue;
            json_t *ri = json_object();
            json_t *loc = json_object();
            char *uri = lsp_unit_uri(s, prog, r->unit);
            json_object_set_new(loc, "uri", json_string(uri));
            free(uri);
            json_object_set_new(loc, "range",
                                lsp_range_json(s, prog, r->unit, doc_of_unit(s, prog, r->unit),
                                               r->span.start, r->span.end));
            json_object_set_new(ri, "location", loc);
            json_t *rm = json_string(r->message ? r->message : "related location");
            json_object_set_new(ri, "message", rm ? rm : json_string("related location"));
            json_array_append_new(rel, ri);
        }
        json_object_set_new(j, "relatedInformation", rel);
    }
    return j;
}

static json_t *unit_diagnostics(lsp_server *s, const cc_program *prog, uint32_t unit,
                                const lsp_doc *doc)
{
    json_t *arr = json_array();
    uint32_t n = cc_program_finding_count(prog);
    for (uint32_t i = 0; i < n; i++) {
        const cc_diag *d = cc_program_finding(prog, i);
        if (d->unit == unit)
            json_array_append_new(arr, lsp_diag_json(s, prog, d, doc));
    }
    return arr;
}

/* Publishes when the list differs from what was last published (*last, updated). */
static void publish_if_changed(lsp_server *s, const char *uri, json_t *diags, const lsp_doc *doc,
                               char **last)
{
    /* The version is part of what is compared: an edited document gets its list again (for the
     * version it describes), an untouched one only when its findings changed. */
    char *text = json_dumps(diags, JSON_COMPACT);
    if (text && doc) {
        size_t n = strlen(text) + 32;
        char *v = cc_xmalloc(n);
        snprintf(v, n, "%lld:%s", (long long)doc->version, text);
        free(text);
        text = v;
    }
    if (*last && text && !strcmp(*last, text)) {
        free(text);
        json_decref(diags);
        return;
    }
    free(*last);
    *last = text;
    json_t *p = json_object();
    json_object_set_new(p, "uri", json_string(uri));
    if (doc)
        json_object_set_new(p, "version", json_integer(doc->version));
    json_object_set_new(p, "diagnostics", diags);
    lsp_notify(s, "textDocument/publishDiagnostics", p);
}

void lsp_publish(lsp_server *s)
{
    if (!s->analysed)
        return;
    for (size_t i = 0; i < s->ndocs; i++) {
        lsp_doc *d = s->docs[i];
        if (!d->fe || !d->prog || d->unit_id == CC_NONE)
            continue;
        publish_if_changed(s, d->uri, unit_diagnostics(s, d->prog, d->unit_id, d), d,
                           &d->published);
    }
    if (!s->publish_all)
        return;
    bool *seen = cc_xcalloc(s->npub + 1, sizeof(bool));
    size_t npub_before = s->npub;
    for (size_t c = 0; c < s->ncomps; c++) {
        const cc_program *prog = s->comps[c].prog;
        for (uint32_t u = 0; prog && u < cc_program_unit_count(prog); u++) {
            if (doc_of_unit(s, prog, u))
                continue;
            char *uri = lsp_unit_uri(s, prog, u);
            size_t k = 0;
            while (k < s->npub && strcmp(s->pub[k].uri, uri) != 0)
                k++;
            json_t *diags = unit_diagnostics(s, prog, u, NULL);
            if (k == s->npub) {
                if (!json_array_size(diags)) {
                    json_decref(diags);
                    free(uri);
                    continue;
                }
                lsp_published e = {uri, NULL};
                CC_VEC_PUSH(s->pub, s->npub, s->cappub, e);
            } else {
                free(uri);
            }
            if (k < npub_before)
                seen[k] = true;
            publish_if_changed(s, s->pub[k].uri, diags, NULL, &s->pub[k].json);
        }
    }
    /* Files gone from the workspace, or open now: their old list is cleared. */
    size_t w = 0;
    for (size_t k = 0; k < s->npub; k++) {
        if (k < npub_before && !seen[k]) {
            bool open = false;
            for (size_t i = 0; i < s->ndocs; i++)
                open |= !strcmp(s->docs[i]->uri, s->pub[k].uri);
            if (!open) {
                json_t *p = json_object();
                json_object_set_new(p, "uri", json_string(s->pub[k].uri));
                json_object_set_new(p, "diagnostics", json_array());
                lsp_notify(s, "textDocument/publishDiagnostics", p);
            }
            free(s->pub[k].uri);
            free(s->pub[k].json);
            continue;
        }
        s->pub[w++] = s->pub[k];
    }
    s->npub = w;
    free(seen);
}
