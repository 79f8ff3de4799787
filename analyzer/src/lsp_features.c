/* lsp_features.c - hover, code actions and inlay hints of the language server; see
 * lsp_internal.h. Every feature answers from the last analysis, which the server brings up to date
 * with the document's text before calling here, so byte offsets of findings are offsets of the
 * document's current text. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "concur/arena.h"
#include "concur/rule.h"
#include "knowledge/kb.h"
#include "lsp_internal.h"

/* ---- a growing string ---------------------------------------------------------------------- */

typedef struct sbuf {
    char *s;
    size_t n, cap;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->s = cc_xrealloc(b->s, b->cap);
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = 0;
}

static void sb_puts(sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

/* ---- hover --------------------------------------------------------------------------------- */

/* The rule's documentation with its section headings made smaller, for a hover. */
static void add_rule_doc(sbuf *b, const cc_rule *r)
{
    const char *doc = r->doc ? r->doc : r->summary;
    const char *p = doc;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
        if (n >= 3 && !strncmp(p, "## ", 3)) {
            sb_puts(b, "#### ");
            sb_add(b, p + 3, n - 3);
        } else {
            sb_add(b, p, n);
        }
        p += n;
    }
}

static bool covers(const cc_diag *d, uint32_t off)
{
    return d->span.start <= off && off <= d->span.end;
}

json_t *lsp_hover(lsp_server *s, lsp_doc *doc, uint32_t line, uint32_t character)
{
    if (!doc->prog || doc->unit_id == CC_NONE)
        return json_null();
    uint32_t off = cc_lsp_text_offset(&doc->text, line, character, s->enc);
    sbuf b = {0};
    uint32_t rs = UINT32_MAX, re = 0;
    uint32_t n = cc_program_finding_count(doc->prog);
    for (uint32_t i = 0; i < n; i++) {
        const cc_diag *d = cc_program_finding(doc->prog, i);
        if (d->unit != doc->unit_id || !covers(d, off))
            continue;
        const cc_rule *r = cc_rule_find(d->code);
        if (b.n)
            sb_puts(&b, "\n\n---\n\n");
        sb_puts(&b, "**concur ");
        sb_puts(&b, d->code);
        sb_puts(&b, "**");
        if (r) {
            sb_puts(&b, " `");
            sb_puts(&b, r->name);
            sb_puts(&b, "` (");
            sb_puts(&b, cc_severity_name(d->severity));
            sb_puts(&b, ")");
        }
        sb_puts(&b, "\n\n");
        sb_puts(&b, d->message);
        if (d->help) {
            sb_puts(&b, "\n\n**help:** ");
            sb_puts(&b, d->help);
        }
        if (r) {
            sb_puts(&b, "\n\n");
            add_rule_doc(&b, r);
        }
        if (d->span.start < rs)
            rs = d->span.start;
        if (d->span.end > re)
            re = d->span.end;
    }
    /* What the advice engine and the benchmark say about a spawn site here. */
    char *advice = cc_lsp_hook_spawn_advice(doc->prog, doc->unit_id, off);
    char *verdict = cc_lsp_hook_bench_verdict(doc->prog, doc->unit_id, off);
    const char *extra[2] = {advice, verdict};
    for (int k = 0; k < 2; k++)
        if (extra[k] && extra[k][0]) {
            if (b.n)
                sb_puts(&b, "\n\n---\n\n");
            sb_puts(&b, extra[k]);
        }
    free(advice);
    free(verdict);
    if (!b.n)
        return json_null();
    json_t *h = json_object();
    json_t *c = json_object();
    json_object_set_new(c, "kind", json_string(s->cap_hover_md ? "markdown" : "plaintext"));
    json_t *v = json_string(b.s);
    json_object_set_new(c, "value", v ? v : json_string("(not valid UTF-8)"));
    json_object_set_new(h, "contents", c);
    if (rs != UINT32_MAX)
        json_object_set_new(h, "range", lsp_range_json(s, doc->prog, doc->unit_id, doc, rs, re));
    free(b.s);
    return h;
}

/* ---- text helpers for edits ---------------------------------------------------------------- */

static bool ident_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80;
}

/* Whether the whole word w stands at t[i..] of t[0..len). */
static bool word_at(const char *t, uint32_t len, uint32_t i, const char *w)
{
    size_t n = strlen(w);
    if (i + n > len || memcmp(t + i, w, n) != 0)
        return false;
    if (i > 0 && ident_char(t[i - 1]))
        return false;
    return i + n == len || !ident_char(t[i + n]);
}

/* First whole-word occurrence of w in t[from..to), or UINT32_MAX. */
static uint32_t find_word(const char *t, uint32_t len, uint32_t from, uint32_t to, const char *w)
{
    size_t n = strlen(w);
    if (to > len)
        to = len;
    for (uint32_t i = from; i + n <= to; i++)
        if (t[i] == w[0] && word_at(t, len, i, w))
            return i;
    return UINT32_MAX;
}

static const char *doc_eol(const lsp_doc *doc)
{
    const char *nl = memchr(doc->text.text, '\n', doc->text.len);
    return nl && nl > doc->text.text && nl[-1] == '\r' ? "\r\n" : "\n";
}

/* The indentation one level adds in this document: the smallest indentation of an indented code
 * line, else four spaces; a tab when the given indentation uses tabs. */
static void indent_unit(const lsp_doc *doc, const char *cur, size_t curlen, char *out, size_t cap)
{
    if (memchr(cur, '\t', curlen)) {
        snprintf(out, cap, "\t");
        return;
    }
    uint32_t best = 0;
    const cc_lsp_text *t = &doc->text;
    for (uint32_t l = 0; l < t->nlines && l < 5000; l++) {
        uint32_t a, z;
        cc_lsp_text_line_range(t, l, &a, &z);
        uint32_t k = a;
        while (k < z && t->text[k] == ' ')
            k++;
        if (k == a || k == z || t->text[k] == '#' || t->text[k] == '\t')
            continue;
        if (!best || k - a < best)
            best = k - a;
    }
    if (!best || best > 8)
        best = 4;
    snprintf(out, cap, "%*s", (int)best, "");
}

/* Bytes of the lines holding [start, end): from the start of the first line to the end of the
 * last one's content (before its line break). */
static void line_span(const lsp_doc *doc, uint32_t start, uint32_t end, uint32_t *a, uint32_t *z)
{
    const cc_lsp_text *t = &doc->text;
    uint32_t l0 = cc_lsp_text_line_of(t, start);
    uint32_t l1 = cc_lsp_text_line_of(t, end > start ? end - 1 : end);
    uint32_t x, y;
    cc_lsp_text_line_range(t, l0, a, &x);
    cc_lsp_text_line_range(t, l1, &y, z);
}

/* Re-indents bytes [a, z) of the document (whole lines) one level deeper under a header line:
 * returns header + EOL + the lines, each indented (blank lines stay blank). malloc'd. */
static char *indent_block(const lsp_doc *doc, uint32_t a, uint32_t z, const char *header,
                          const char *unit)
{
    const char *eol = doc_eol(doc);
    const char *t = doc->text.text;
    sbuf b = {0};
    sb_puts(&b, header);
    sb_puts(&b, eol);
    uint32_t l0 = cc_lsp_text_line_of(&doc->text, a), l1 = cc_lsp_text_line_of(&doc->text, z);
    for (uint32_t l = l0; l <= l1; l++) {
        uint32_t s0, s1;
        cc_lsp_text_line_range(&doc->text, l, &s0, &s1);
        if (s1 > z)
            s1 = z;
        bool blank = true;
        for (uint32_t k = s0; k < s1; k++)
            if (t[k] != ' ' && t[k] != '\t')
                blank = false;
        if (!blank) {
            sb_puts(&b, unit);
            sb_add(&b, t + s0, s1 - s0);
        }
        if (l < l1)
            sb_puts(&b, eol);
    }
    return b.s;
}

/* ---- building actions ---------------------------------------------------------------------- */

typedef struct edit {
    uint32_t start, end;
    char *text; /* malloc'd */
} edit;

static json_t *edit_json(lsp_server *s, lsp_doc *doc, const edit *e)
{
    json_t *te = json_object();
    json_object_set_new(te, "range",
                        lsp_range_json(s, doc->prog, doc->unit_id, doc, e->start, e->end));
    json_object_set_new(te, "newText", json_string(e->text));
    return te;
}

/* Appends a quick fix made of edits (freed here) to arr. */
static void add_action(lsp_server *s, lsp_doc *doc, json_t *arr, const char *title,
                       const cc_diag *d, edit *edits, size_t n, bool preferred)
{
    json_t *a = json_object();
    json_object_set_new(a, "title", json_string(title));
    json_object_set_new(a, "kind", json_string("quickfix"));
    json_t *diags = json_array();
    json_array_append_new(diags, lsp_diag_json(s, doc->prog, d, doc));
    json_object_set_new(a, "diagnostics", diags);
    if (preferred)
        json_object_set_new(a, "isPreferred", json_true());
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(list, edit_json(s, doc, &edits[i]));
        free(edits[i].text);
    }
    json_t *changes = json_object();
    json_object_set_new(changes, doc->uri, list);
    json_t *we = json_object();
    json_object_set_new(we, "changes", changes);
    json_object_set_new(a, "edit", we);
    json_array_append_new(arr, a);
}

/* ---- quick fix: a suppression comment ------------------------------------------------------ */

static void suppression_action(lsp_server *s, lsp_doc *doc, const cc_diag *d, json_t *arr)
{
    const cc_lsp_text *t = &doc->text;
    uint32_t line = cc_lsp_text_line_of(t, d->span.start);
    uint32_t a, z;
    cc_lsp_text_line_range(t, line, &a, &z);
    bool c_lang = doc->fe && doc->fe->lang == CC_LANG_C;
    const char *lead = c_lang ? "//" : "#";
    char title[128];
    snprintf(title, sizeof title, "Suppress %s on this line (%s concur: ignore[%s])", d->code, lead,
             d->code);
    edit e = {0};
    /* A `concur: ignore[...]` already on the line: add the code to it. */
    const char *hit = NULL;
    for (uint32_t k = a; k + 15 <= z; k++)
        if (!memcmp(t->text + k, "concur: ignore[", 15)) {
            hit = t->text + k;
            break;
        }
    if (hit) {
        const char *close = memchr(hit, ']', (size_t)(t->text + z - hit));
        if (!close)
            return;
        if (find_word(t->text, t->len, (uint32_t)(hit - t->text), (uint32_t)(close - t->text),
                      d->code) != UINT32_MAX)
            return; /* already named: the finding is not suppressed for another reason */
        e.start = e.end = (uint32_t)(close - t->text);
        size_t n = strlen(d->code) + 3;
        e.text = cc_xmalloc(n);
        snprintf(e.text, n, ", %s", d->code);
    } else {
        uint32_t end = z;
        while (end > a && (t->text[end - 1] == ' ' || t->text[end - 1] == '\t'))
            end--;
        bool continued = end > a && t->text[end - 1] == '\\';
        if (continued || end == a) {
            /* A comment cannot follow a line continuation: put it on its own line above. */
            uint32_t k = a;
            while (k < z && (t->text[k] == ' ' || t->text[k] == '\t'))
                k++;
            size_t n = (k - a) + strlen(d->code) + 40;
            e.text = cc_xmalloc(n);
            snprintf(e.text, n, "%.*s%s concur: ignore[%s]%s", (int)(k - a), t->text + a, lead,
                     d->code, doc_eol(doc));
            e.start = e.end = a;
        } else {
            size_t n = strlen(d->code) + 32;
            e.text = cc_xmalloc(n);
            snprintf(e.text, n, "  %s concur: ignore[%s]", lead, d->code);
            e.start = e.end = end;
        }
    }
    add_action(s, doc, arr, title, d, &e, 1, false);
}

/* ---- quick fix: ThreadPoolExecutor <-> ProcessPoolExecutor ---------------------------------- */

static const char TPE[] = "ThreadPoolExecutor", PPE[] = "ProcessPoolExecutor";

typedef struct site {
    uint32_t at; /* offset of the executor's name */
    bool thread; /* ThreadPoolExecutor (else ProcessPoolExecutor) */
} site;

static void add_site(site *v, uint32_t *n, uint32_t max, uint32_t at, bool thread)
{
    for (uint32_t i = 0; i < *n; i++)
        if (v[i].at == at)
            return;
    if (*n < max)
        v[(*n)++] = (site){at, thread};
}

/* The last executor name inside bytes [a, z) of the text. */
static void site_in(const char *t, uint32_t len, uint32_t a, uint32_t z, site *v, uint32_t *n,
                    uint32_t max)
{
    uint32_t best = UINT32_MAX;
    bool thread = false;
    for (uint32_t i = a; i < z && i < len; i++) {
        if (word_at(t, len, i, TPE) && i + sizeof TPE - 1 <= z)
            best = i, thread = true;
        else if (word_at(t, len, i, PPE) && i + sizeof PPE - 1 <= z)
            best = i, thread = false;
    }
    if (best != UINT32_MAX)
        add_site(v, n, max, best, thread);
}

/* Executors a finding is about: named on its lines, or the pool that the call it sits in submits
 * to (found through the program: `ex.submit(...)` -> `ex = ThreadPoolExecutor()`). */
static uint32_t executor_sites(const lsp_doc *doc, const cc_diag *d, site *v, uint32_t max)
{
    uint32_t n = 0;
    const cc_lsp_text *t = &doc->text;
    uint32_t a, z;
    line_span(doc, d->span.start, d->span.end, &a, &z);
    for (uint32_t i = a; i < z; i++) {
        if (word_at(t->text, t->len, i, TPE))
            add_site(v, &n, max, i, true);
        else if (word_at(t->text, t->len, i, PPE))
            add_site(v, &n, max, i, false);
    }
    const cc_unit *u = cc_program_unit(doc->prog, doc->unit_id);
    uint32_t ns = cc_program_sem_count(doc->prog);
    for (uint32_t i = 0; i < ns; i++) {
        const cc_sem *sm = cc_program_sem(doc->prog, i);
        if (sm->at.unit != doc->unit_id)
            continue;
        if (sm->kind != CC_SEM_SUBMIT && sm->kind != CC_SEM_SEND && sm->kind != CC_SEM_POOL_NEW)
            continue;
        const cc_func *fn = &u->funcs[sm->at.func];
        const cc_op *call = &fn->ops[sm->at.op];
        if (call->kind != CC_OP_CALL || call->start > d->span.start || d->span.end > call->end)
            continue;
        if (call->a == CC_NONE)
            continue;
        const cc_op *callee = &fn->ops[call->a];
        if (sm->kind == CC_SEM_POOL_NEW) {
            site_in(t->text, t->len, callee->start, callee->end, v, &n, max);
            continue;
        }
        /* ex.submit: LOAD(FIELD(receiver, submit)) */
        if (callee->kind == CC_OP_LOAD && callee->a != CC_NONE)
            callee = &fn->ops[callee->a];
        if (callee->kind != CC_OP_FIELD || callee->a == CC_NONE)
            continue;
        cc_aval av = cc_resolve(doc->prog, sm->at.unit, sm->at.func, callee->a);
        if (av.kind != CC_V_INSTANCE || av.origin.unit != doc->unit_id)
            continue;
        const cc_func *of = &u->funcs[av.origin.func];
        if (av.origin.op >= of->nops)
            continue;
        const cc_op *oc = &of->ops[av.origin.op];
        if (oc->kind != CC_OP_CALL || oc->a == CC_NONE)
            continue;
        const cc_op *ocallee = &of->ops[oc->a];
        site_in(t->text, t->len, ocallee->start, ocallee->end, v, &n, max);
    }
    return n;
}

/* An edit importing `name` next to `old` in `from concurrent.futures import ... old ...`, or as
 * a new line after the last top-level import. False when there is no import to join. */
static bool import_edit(lsp_doc *doc, const char *old, const char *name, edit *e)
{
    if (!doc->fedoc || !doc->fe->doc_toplevel)
        return false;
    enum { MAXTOP = 4096 };
    cc_doc_stmt *top = cc_xmalloc(MAXTOP * sizeof *top);
    uint32_t n = doc->fe->doc_toplevel(doc->fedoc, top, MAXTOP);
    if (n > MAXTOP)
        n = MAXTOP;
    const cc_lsp_text *t = &doc->text;
    uint32_t last_import = UINT32_MAX;
    bool ok = false;
    for (uint32_t i = 0; i < n && !ok; i++) {
        if (top[i].kind != CC_DOC_STMT_IMPORT)
            continue;
        last_import = i;
        uint32_t cf = find_word(t->text, t->len, top[i].start, top[i].end, "concurrent");
        uint32_t at = find_word(t->text, t->len, top[i].start, top[i].end, old);
        if (cf == UINT32_MAX || at == UINT32_MAX)
            continue;
        uint32_t after = at + (uint32_t)strlen(old);
        /* `old as alias`: the code names the alias, not old. */
        uint32_t k = after;
        while (k < top[i].end && (t->text[k] == ' ' || t->text[k] == '\t'))
            k++;
        if (word_at(t->text, t->len, k, "as"))
            continue;
        e->start = e->end = after;
        size_t len = strlen(name) + 3;
        e->text = cc_xmalloc(len);
        snprintf(e->text, len, ", %s", name);
        ok = true;
    }
    if (!ok && last_import != UINT32_MAX) {
        uint32_t a, z;
        line_span(doc, top[last_import].start, top[last_import].end, &a, &z);
        const char *eol = doc_eol(doc);
        size_t len = strlen(name) + 64;
        e->text = cc_xmalloc(len);
        snprintf(e->text, len, "%sfrom concurrent.futures import %s", eol, name);
        e->start = e->end = z;
        ok = true;
    }
    free(top);
    return ok;
}

static void swap_actions(lsp_server *s, lsp_doc *doc, const cc_diag *d, json_t *arr)
{
    if (!doc->fe || doc->fe->lang != CC_LANG_PYTHON)
        return;
    /* Which way the finding asks for: CPU-bound work in threads wants processes; waits, big
     * payloads and unpicklable tasks in processes want threads. */
    bool to_process_ok = true, to_thread_ok = true;
    if (!strcmp(d->code, "CC101"))
        to_thread_ok = false;
    if (!strcmp(d->code, "CC102") || !strcmp(d->code, "CC301") || !strcmp(d->code, "CC302"))
        to_process_ok = false;
    site v[8];
    uint32_t n = executor_sites(doc, d, v, 8);
    const cc_lsp_text *t = &doc->text;
    for (uint32_t i = 0; i < n; i++) {
        if ((v[i].thread && !to_process_ok) || (!v[i].thread && !to_thread_ok))
            continue;
        const char *old = v[i].thread ? TPE : PPE, *new = v[i].thread ? PPE : TPE;
        edit e[2] = {{v[i].at, v[i].at + (uint32_t)strlen(old), strdup(new)}, {0}};
        size_t ne = 1;
        bool bare = v[i].at == 0 || t->text[v[i].at - 1] != '.';
        if (bare && find_word(t->text, t->len, 0, t->len, new) == UINT32_MAX) {
            if (!import_edit(doc, old, new, &e[1])) {
                free(e[0].text);
                continue;
            }
            ne = 2;
            /* Edits must not overlap; the import comes first in the text. */
            if (e[1].start > e[0].start) {
                edit tmp = e[0];
                e[0] = e[1];
                e[1] = tmp;
            }
        }
        char title[160];
        snprintf(title, sizeof title, "Use %s instead of %s", new, old);
        add_action(s, doc, arr, title, d, e, ne, i == 0);
    }
}

/* ---- quick fix: `with lock:` around a racy write ------------------------------------------- */

/* The innermost function of a unit around a byte offset. */
static uint32_t func_at(const cc_unit *u, uint32_t off)
{
    uint32_t best = 0, best_len = UINT32_MAX;
    for (uint32_t f = 0; f < u->nfuncs; f++) {
        const cc_span *sp = &u->funcs[f].span;
        if (u->funcs[f].kind == CC_FUNC_MODULE)
            continue;
        if (sp->start <= off && off < sp->end && sp->end - sp->start < best_len) {
            best = f;
            best_len = sp->end - sp->start;
        }
    }
    return best;
}

typedef struct lockname {
    char text[128];
    uint32_t func;  /* where it was seen */
    bool global;    /* a module-level name: visible everywhere */
    bool self_attr; /* self.x: visible in the methods of one class */
    uint32_t cls;   /* self_attr: the class */
} lockname;

static void lock_add(lockname *v, uint32_t *n, uint32_t max, const char *t, uint32_t len,
                     uint32_t func, bool global, bool self_attr, uint32_t cls)
{
    if (!len || len >= sizeof v[0].text)
        return;
    /* only plain names and self.attr */
    for (uint32_t i = 0; i < len; i++)
        if (!ident_char(t[i]) && t[i] != '.')
            return;
    if (memchr(t, '.', len) &&
        (len < 6 || memcmp(t, "self.", 5) != 0 || memchr(t + 5, '.', len - 5)))
        return;
    for (uint32_t i = 0; i < *n; i++)
        if (strlen(v[i].text) == len && !memcmp(v[i].text, t, len) && v[i].func == func)
            return;
    if (*n >= max)
        return;
    lockname *l = &v[(*n)++];
    memcpy(l->text, t, len);
    l->text[len] = 0;
    l->func = func;
    l->global = global;
    l->self_attr = self_attr;
    l->cls = cls;
}

/* Whether a call op creates a lock (the knowledge base says LOCK_NEW). */
static bool creates_lock(const cc_program *prog, uint32_t unit, uint32_t func, const cc_op *call)
{
    if (call->kind != CC_OP_CALL || call->a == CC_NONE)
        return false;
    cc_aval c = cc_resolve(prog, unit, func, call->a);
    if (c.kind != CC_V_EXTERN)
        return false;
    const cc_kb_entry *e =
        cc_program_kb_find(prog, cc_str_text(cc_program_interner(prog), c.qname));
    return e && e->effect == CC_KB_LOCK_NEW;
}

/* The one lock an obvious fix would take around code of function f, or false. */
static bool obvious_lock(const lsp_doc *doc, uint32_t f, char *out, size_t cap)
{
    const cc_unit *u = cc_program_unit(doc->prog, doc->unit_id);
    enum { MAXL = 32 };
    lockname v[MAXL];
    uint32_t n = 0;
    /* Locks the code takes: `with x:` and x.acquire() */
    uint32_t ns = cc_program_sem_count(doc->prog);
    for (uint32_t i = 0; i < ns; i++) {
        const cc_sem *sm = cc_program_sem(doc->prog, i);
        if (sm->kind != CC_SEM_ACQUIRE || sm->at.unit != doc->unit_id || sm->value == CC_NONE)
            continue;
        const cc_func *fn = &u->funcs[sm->at.func];
        const cc_op *lk = &fn->ops[sm->value];
        if (lk->kind == CC_OP_LOAD && lk->a != CC_NONE) {
            const cc_op *pl = &fn->ops[lk->a];
            bool global =
                pl->kind == CC_OP_NAME && (pl->sub == CC_SCOPE_GLOBAL || sm->at.func == 0);
            bool self_attr = pl->kind == CC_OP_FIELD;
            lock_add(v, &n, MAXL, u->text + lk->start, lk->end - lk->start, sm->at.func, global,
                     self_attr,
                     fn->class_idx != CC_NONE ? fn->class_idx
                     : fn->parent != CC_NONE  ? u->funcs[fn->parent].class_idx
                                              : CC_NONE);
        }
    }
    /* Locks the code creates: `name = threading.Lock()`, `self.x = threading.Lock()` */
    for (uint32_t fi = 0; fi < u->nfuncs; fi++) {
        const cc_func *fn = &u->funcs[fi];
        for (uint32_t o = 0; o < fn->nops; o++) {
            const cc_op *st = &fn->ops[o];
            if (st->kind != CC_OP_STORE || st->a == CC_NONE || st->b == CC_NONE)
                continue;
            if (!creates_lock(doc->prog, doc->unit_id, fi, &fn->ops[st->b]))
                continue;
            const cc_op *pl = &fn->ops[st->a];
            bool global = pl->kind == CC_OP_NAME && (pl->sub == CC_SCOPE_GLOBAL || fi == 0);
            bool self_attr = pl->kind == CC_OP_FIELD;
            if (!global && !self_attr)
                continue;
            uint32_t cls = fn->class_idx;
            lock_add(v, &n, MAXL, u->text + pl->start, pl->end - pl->start, fi, global, self_attr,
                     cls);
        }
    }
    /* Visible from f: a module-level name, a self attribute in a method of the same class, or a
     * lock taken in f itself. */
    const cc_func *ff = &u->funcs[f];
    char best[128] = "";
    uint32_t ndistinct = 0;
    /* First choice: locks f itself takes. */
    for (int pass = 0; pass < 2 && ndistinct != 1; pass++) {
        ndistinct = 0;
        best[0] = 0;
        for (uint32_t i = 0; i < n; i++) {
            bool visible;
            if (pass == 0)
                visible = v[i].func == f;
            else if (v[i].self_attr)
                visible =
                    ff->class_idx != CC_NONE && v[i].cls == ff->class_idx && ff->nparams > 0 &&
                    !strcmp(cc_str_text(cc_program_interner(doc->prog), ff->params[0]), "self");
            else
                visible = v[i].global || v[i].func == f;
            if (!visible || !strcmp(best, v[i].text))
                continue;
            if (ndistinct && strcmp(best, v[i].text) != 0) {
                ndistinct = 2;
                break;
            }
            size_t bl = strnlen(v[i].text, sizeof best - 1);
            memcpy(best, v[i].text, bl);
            best[bl] = 0;
            ndistinct = 1;
        }
    }
    if (ndistinct != 1)
        return false;
    snprintf(out, cap, "%s", best);
    return true;
}

static void lock_action(lsp_server *s, lsp_doc *doc, const cc_diag *d, json_t *arr)
{
    if (strcmp(d->code, "CC201") != 0 || !doc->fedoc || !doc->fe->doc_statements_at ||
        doc->fe->lang != CC_LANG_PYTHON)
        return;
    cc_doc_stmt chain[64];
    uint32_t n = doc->fe->doc_statements_at(doc->fedoc, d->span.start, chain, 64);
    if (!n || chain[0].kind != CC_DOC_STMT_SIMPLE)
        return;
    const cc_doc_stmt *st = &chain[0];
    const cc_lsp_text *t = &doc->text;
    /* Already inside a `with`: it holds some lock (the wrong one, or the race is elsewhere);
     * taking another around it is no obvious fix, and the same one again would deadlock. */
    for (uint32_t i = 1; i < n && i < 64; i++) {
        if (chain[i].kind != CC_DOC_STMT_COMPOUND)
            continue;
        const char *h = t->text + chain[i].start;
        uint32_t len = chain[i].end - chain[i].start;
        if ((len > 5 && !memcmp(h, "with", 4) && !ident_char(h[4])) ||
            (len > 11 && !memcmp(h, "async", 5) && !ident_char(h[5])))
            return;
    }
    uint32_t a, z;
    line_span(doc, st->start, st->end, &a, &z);
    /* The statement must have its lines to itself: indentation before, a comment at most after. */
    for (uint32_t k = a; k < st->start; k++)
        if (t->text[k] != ' ' && t->text[k] != '\t')
            return;
    for (uint32_t k = st->end; k < z; k++) {
        if (t->text[k] == '#')
            break;
        if (t->text[k] != ' ' && t->text[k] != '\t' && t->text[k] != ';')
            return;
        if (t->text[k] == ';')
            return;
    }
    const cc_unit *u = cc_program_unit(doc->prog, doc->unit_id);
    char lock[128];
    if (!obvious_lock(doc, func_at(u, d->span.start), lock, sizeof lock))
        return;
    char unit[16];
    indent_unit(doc, t->text + a, st->start - a, unit, sizeof unit);
    char header[256];
    snprintf(header, sizeof header, "%.*swith %s:", (int)(st->start - a), t->text + a, lock);
    edit e = {a, z, indent_block(doc, a, z, header, unit)};
    char title[320];
    snprintf(title, sizeof title, "Hold `%s` around this write (with %s:)", lock, lock);
    add_action(s, doc, arr, title, d, &e, 1, true);
}

/* ---- quick fix: the __main__ guard --------------------------------------------------------- */

static void main_guard_action(lsp_server *s, lsp_doc *doc, const cc_diag *d, json_t *arr)
{
    if (strcmp(d->code, "CC303") != 0 || !doc->fedoc || !doc->fe->doc_toplevel)
        return;
    enum { MAXTOP = 8192 };
    cc_doc_stmt *top = cc_xmalloc(MAXTOP * sizeof *top);
    uint32_t n = doc->fe->doc_toplevel(doc->fedoc, top, MAXTOP);
    if (n > MAXTOP)
        n = MAXTOP;
    uint32_t k = 0;
    while (k < n && !(top[k].start <= d->span.start && d->span.start < top[k].end))
        k++;
    if (k == n || (top[k].kind != CC_DOC_STMT_SIMPLE && top[k].kind != CC_DOC_STMT_COMPOUND)) {
        free(top);
        return;
    }
    /* The statement and the plain code after it, up to the next def, class or import. */
    uint32_t j = k;
    while (j + 1 < n &&
           (top[j + 1].kind == CC_DOC_STMT_SIMPLE || top[j + 1].kind == CC_DOC_STMT_COMPOUND))
        j++;
    uint32_t a, z, x, y;
    line_span(doc, top[k].start, top[k].end, &a, &x);
    line_span(doc, top[j].start, top[j].end, &y, &z);
    free(top);
    char unit[16];
    indent_unit(doc, "", 0, unit, sizeof unit);
    edit e = {a, z, indent_block(doc, a, z, "if __name__ == \"__main__\":", unit)};
    add_action(s, doc, arr, "Move this code under `if __name__ == \"__main__\":`", d, &e, 1, true);
}

/* ---- code actions -------------------------------------------------------------------------- */

static bool wants_quickfix(json_t *only)
{
    if (!json_is_array(only))
        return true;
    size_t i;
    json_t *k;
    json_array_foreach(only, i, k)
    {
        const char *kind = json_string_value(k);
        if (kind && (!strcmp(kind, "quickfix") || !strcmp(kind, "")))
            return true;
    }
    return false;
}

static bool range_offsets(lsp_server *s, lsp_doc *doc, json_t *range, uint32_t *a, uint32_t *z)
{
    json_t *st = json_object_get(range, "start"), *en = json_object_get(range, "end");
    json_t *l0 = json_object_get(st, "line"), *c0 = json_object_get(st, "character");
    json_t *l1 = json_object_get(en, "line"), *c1 = json_object_get(en, "character");
    if (!json_is_integer(l0) || !json_is_integer(c0) || !json_is_integer(l1) ||
        !json_is_integer(c1) || json_integer_value(l0) < 0 || json_integer_value(c0) < 0 ||
        json_integer_value(l1) < 0 || json_integer_value(c1) < 0)
        return false;
    *a = cc_lsp_text_offset(&doc->text, (uint32_t)json_integer_value(l0),
                            (uint32_t)json_integer_value(c0), s->enc);
    *z = cc_lsp_text_offset(&doc->text, (uint32_t)json_integer_value(l1),
                            (uint32_t)json_integer_value(c1), s->enc);
    if (*z < *a) {
        uint32_t t = *a;
        *a = *z;
        *z = t;
    }
    return true;
}

json_t *lsp_code_actions(lsp_server *s, lsp_doc *doc, json_t *params)
{
    json_t *arr = json_array();
    if (!doc->prog || doc->unit_id == CC_NONE)
        return arr;
    if (!wants_quickfix(json_object_get(json_object_get(params, "context"), "only")))
        return arr;
    uint32_t ra, rz;
    if (!range_offsets(s, doc, json_object_get(params, "range"), &ra, &rz))
        return arr;
    uint32_t rline = cc_lsp_text_line_of(&doc->text, ra);
    uint32_t n = cc_program_finding_count(doc->prog);
    for (uint32_t i = 0; i < n; i++) {
        const cc_diag *d = cc_program_finding(doc->prog, i);
        if (d->unit != doc->unit_id)
            continue;
        bool overlap = d->span.start <= rz && ra <= d->span.end;
        bool same_line =
            d->span.start == d->span.end && cc_lsp_text_line_of(&doc->text, d->span.start) == rline;
        if (!overlap && !same_line)
            continue;
        lock_action(s, doc, d, arr);
        main_guard_action(s, doc, d, arr);
        swap_actions(s, doc, d, arr);
        suppression_action(s, doc, d, arr);
    }
    return arr;
}

/* ---- inlay hints --------------------------------------------------------------------------- */

json_t *lsp_inlay_hints(lsp_server *s, lsp_doc *doc, json_t *params)
{
    json_t *arr = json_array();
    if (!doc->prog || doc->unit_id == CC_NONE)
        return arr;
    uint32_t a = 0, z = doc->text.len;
    json_t *range = json_object_get(params, "range");
    if (range && !range_offsets(s, doc, range, &a, &z))
        return arr;
    cc_lsp_inlay_hint *hints = NULL;
    uint32_t n = cc_lsp_hook_inlay_hints(doc->prog, doc->unit_id, a, z, &hints);
    for (uint32_t i = 0; i < n; i++) {
        json_t *h = json_object();
        uint32_t l, c;
        cc_lsp_text_position(&doc->text, hints[i].offset, s->enc, &l, &c);
        json_object_set_new(h, "position", lsp_position_json(l, c));
        json_object_set_new(h, "label", json_string(hints[i].label ? hints[i].label : ""));
        json_object_set_new(h, "paddingLeft", json_true());
        if (hints[i].tooltip) {
            json_t *tt = json_object();
            json_object_set_new(tt, "kind", json_string("markdown"));
            json_object_set_new(tt, "value", json_string(hints[i].tooltip));
            json_object_set_new(h, "tooltip", tt);
        }
        json_array_append_new(arr, h);
        free(hints[i].label);
        free(hints[i].tooltip);
    }
    free(hints);
    return arr;
}
