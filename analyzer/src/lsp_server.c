/* lsp_server.c - `concur lsp`: the lifecycle, message dispatch, documents and settings; see
 * lsp.h. Errors follow the specification: content that is not JSON answers -32700 with a null
 * id, a request before `initialize` -32002, a request after `shutdown` -32600, an unknown
 * method -32601, a request cancelled before it was served -32800; notifications are never
 * answered. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "concur/arena.h"
#include "concur/driver.h"
#include "concur/rule.h"
#include "lsp_internal.h"

static const char LSP_USAGE[] =
    "Usage: concur lsp [--stdio] [--verbose]\n"
    "\n"
    "Runs the concur language server (LSP 3.17) on standard input and output; editors start it\n"
    "(VS Code through the concur extension, Neovim with vim.lsp.start_client). It logs to\n"
    "standard error only.\n"
    "\n"
    "Features: diagnostics of open documents (with the rule's documentation linked and the\n"
    "other access of a race as related information), hover with the rule's explanation, quick\n"
    "fixes (ThreadPoolExecutor <-> ProcessPoolExecutor, `with lock:` around a racy write, an\n"
    "`if __name__ == \"__main__\":` guard, a `concur: ignore[CODE]` comment), inlay hints.\n"
    "Settings (section \"concur\"): targetPython, select, ignore. See docs/lsp.md.\n"
    "\n"
    "Files that import each other (and a package with its modules) form a group, analysed as\n"
    "a program of its own: an edit analyses its own group again, not the whole workspace.\n"
    "\n"
    "Options:\n"
    "  --stdio        use standard input and output (the default; accepted because clients\n"
    "                 add it)\n"
    "  --verbose      log every message's method and how long it took, and each analysis\n"
    "                 (groups, how many ran again, where the time went)\n"
    "  -h, --help     show this help\n"
    "\n"
    "Exit codes: 0 after `shutdown` then `exit`; 1 on `exit` (or the end of input) without\n"
    "`shutdown`; 2 on framing that cannot be recovered (a bad Content-Length) or bad usage;\n"
    "3 when the output cannot be written.\n";

/* ---- small helpers ------------------------------------------------------------------------- */

void lsp_log(lsp_server *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("concur lsp: ", s->log);
    vfprintf(s->log, fmt, ap);
    fputc('\n', s->log);
    fflush(s->log);
    va_end(ap);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void server__send(lsp_server *s, json_t *msg)
{
    if (!lsp_transport_send(s->tr, msg) && s->exit_code < 0) {
        lsp_log(s, "cannot write to the client: %s; stopping", strerror(errno));
        s->exit_code = CC_LSP_EXIT_IO;
    }
    json_decref(msg);
}

static json_t *server__message(void)
{
    json_t *m = json_object();
    json_object_set_new(m, "jsonrpc", json_string("2.0"));
    return m;
}

static void server__respond(lsp_server *s, json_t *id, json_t *result)
{
    json_t *m = server__message();
    json_object_set(m, "id", id ? id : json_null());
    json_object_set_new(m, "result", result ? result : json_null());
    server__send(s, m);
}

static void server__error(lsp_server *s, json_t *id, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void server__error(lsp_server *s, json_t *id, int code, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_t *m = server__message();
    json_object_set(m, "id", id ? id : json_null());
    json_t *e = json_object();
    json_object_set_new(e, "code", json_integer(code));
    json_object_set_new(e, "message", json_string(msg));
    json_object_set_new(m, "error", e);
    server__send(s, m);
}

void lsp_notify(lsp_server *s, const char *method, json_t *params)
{
    json_t *m = server__message();
    json_object_set_new(m, "method", json_string(method));
    json_object_set_new(m, "params", params ? params : json_null());
    server__send(s, m);
}

void lsp_request(lsp_server *s, const char *method, json_t *params, const char *purpose)
{
    char id[32];
    snprintf(id, sizeof id, "concur-%lld", (long long)++s->next_request);
    json_object_set_new(s->awaiting, id, json_string(purpose));
    json_t *m = server__message();
    json_object_set_new(m, "id", json_string(id));
    json_object_set_new(m, "method", json_string(method));
    json_object_set_new(m, "params", params ? params : json_null());
    server__send(s, m);
}

static void show_message(lsp_server *s, int type, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void show_message(lsp_server *s, int type, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    lsp_log(s, "%s", msg);
    json_t *p = json_object();
    json_object_set_new(p, "type", json_integer(type));
    json_object_set_new(p, "message", json_string(msg));
    lsp_notify(s, "window/showMessage", p);
}

/* ---- URIs ---------------------------------------------------------------------------------- */

char *lsp_uri_from_path(const char *path)
{
    size_t n = strlen(path);
    char *out = cc_xmalloc(n * 3 + 8);
    size_t w = 0;
    memcpy(out, "file://", 7);
    w = 7;
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            out[w++] = (char)c;
        } else {
            out[w++] = '%';
            out[w++] = hex[c >> 4];
            out[w++] = hex[c & 15];
        }
    }
    out[w] = 0;
    return out;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *lsp_path_from_uri(const char *uri)
{
    if (strncasecmp(uri, "file://", 7) != 0)
        return NULL;
    const char *p = uri + 7;
    /* file://host/path: only an empty host or localhost is a local file */
    if (*p != '/') {
        if (strncasecmp(p, "localhost/", 10) == 0)
            p += 9;
        else
            return NULL;
    }
    size_t n = strlen(p);
    char *out = cc_xmalloc(n + 1);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '%' && i + 2 < n && hexval(p[i + 1]) >= 0 && hexval(p[i + 2]) >= 0) {
            out[w++] = (char)(hexval(p[i + 1]) * 16 + hexval(p[i + 2]));
            i += 2;
        } else if (p[i] == '?' || p[i] == '#') {
            break;
        } else {
            out[w++] = p[i];
        }
    }
    out[w] = 0;
    if (memchr(out, 0, w)) { /* %00 */
        free(out);
        return NULL;
    }
    return out;
}

/* ---- documents ----------------------------------------------------------------------------- */

lsp_doc *lsp_doc_find(lsp_server *s, const char *uri)
{
    for (size_t i = 0; i < s->ndocs; i++)
        if (!strcmp(s->docs[i]->uri, uri))
            return s->docs[i];
    return NULL;
}

static void doc_free(lsp_doc *d)
{
    if (!d)
        return;
    if (d->fedoc)
        d->fe->doc_delete(d->fedoc);
    cc_unit_delete(d->unit);
    cc_lsp_text_free(&d->text);
    free(d->uri);
    free(d->path);
    free(d->language);
    free(d->published);
    free(d);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

/* The front end of a document: its languageId first, else its name. */
static const cc_frontend *doc_frontend(const char *language, const char *path)
{
    if (language && !strcmp(language, "python"))
        return &cc_frontend_python;
    if (language && !strcmp(language, "c"))
        return &cc_frontend_c;
    if (language && language[0] && strcmp(language, "plaintext") != 0)
        return NULL;
    for (int i = 0; cc_frontends[i]; i++)
        for (int k = 0; cc_frontends[i]->extensions[k]; k++)
            if (ends_with(path, cc_frontends[i]->extensions[k]))
                return cc_frontends[i];
    return NULL;
}

static const char *json_str(json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

static bool json_u32(json_t *obj, const char *key, uint32_t *out)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return false;
    json_int_t x = json_integer_value(v);
    *out = x > UINT32_MAX ? UINT32_MAX : (uint32_t)x;
    return true;
}

static bool position_of(json_t *pos, uint32_t *line, uint32_t *character)
{
    return json_is_object(pos) && json_u32(pos, "line", line) &&
           json_u32(pos, "character", character);
}

static void did_open(lsp_server *s, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    const char *uri = json_str(td, "uri");
    json_t *text = json_object_get(td, "text");
    if (!uri || !json_is_string(text)) {
        lsp_log(s, "didOpen without a uri or text; ignored");
        return;
    }
    lsp_doc *old = lsp_doc_find(s, uri);
    if (old) {
        /* Opened twice: the new text wins. A program borrows the old unit: it goes first. */
        lsp_unit_dropping(s, old->unit);
        for (size_t i = 0; i < s->ndocs; i++)
            if (s->docs[i] == old) {
                memmove(s->docs + i, s->docs + i + 1, (s->ndocs - i - 1) * sizeof(lsp_doc *));
                s->ndocs--;
                break;
            }
        doc_free(old);
    }
    lsp_doc *d = cc_xcalloc(1, sizeof *d);
    d->uri = strdup(uri);
    const char *lang = json_str(td, "languageId");
    d->language = strdup(lang ? lang : "");
    json_t *ver = json_object_get(td, "version");
    d->version = json_is_integer(ver) ? json_integer_value(ver) : 0;
    char *path = lsp_path_from_uri(uri);
    if (path) {
        char real[PATH_MAX];
        if (realpath(path, real)) {
            free(path);
            path = strdup(real);
        }
        d->path = path;
    } else {
        d->path = strdup(uri);
    }
    d->fe = doc_frontend(d->language, d->path);
    d->unit_id = CC_NONE;
    cc_lsp_text_init(&d->text);
    if (cc_lsp_text_set(&d->text, json_string_value(text), json_string_length(text)) != CC_OK)
        show_message(s, 2, "%s is larger than %u MiB; concur does not analyse it", uri,
                     CC_LSP_MAX_TEXT >> 20);
    if (d->fe && d->fe->doc_new)
        d->fedoc = d->fe->doc_new();
    d->dirty = true;
    CC_VEC_PUSH(s->docs, s->ndocs, s->capdocs, d);
    s->dirty = true;
}

/* Rows and byte columns of an offset, for the front end's edit record. */
static void point_of(const cc_lsp_text *t, uint32_t offset, uint32_t *row, uint32_t *col)
{
    *row = cc_lsp_text_line_of(t, offset);
    *col = offset - t->lines[*row];
}

static void did_change(lsp_server *s, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    const char *uri = json_str(td, "uri");
    lsp_doc *d = uri ? lsp_doc_find(s, uri) : NULL;
    if (!d) {
        lsp_log(s, "didChange of a document that is not open (%s); ignored", uri ? uri : "?");
        return;
    }
    json_t *ver = json_object_get(td, "version");
    if (json_is_integer(ver))
        d->version = json_integer_value(ver);
    json_t *changes = json_object_get(params, "contentChanges");
    size_t i;
    json_t *c;
    json_array_foreach(changes, i, c)
    {
        json_t *text = json_object_get(c, "text");
        if (!json_is_string(text))
            continue;
        json_t *range = json_object_get(c, "range");
        uint32_t start, end;
        if (json_is_object(range)) {
            uint32_t l0, c0, l1, c1;
            if (!position_of(json_object_get(range, "start"), &l0, &c0) ||
                !position_of(json_object_get(range, "end"), &l1, &c1)) {
                lsp_log(s, "didChange with a malformed range; change ignored");
                continue;
            }
            start = cc_lsp_text_offset(&d->text, l0, c0, s->enc);
            end = cc_lsp_text_offset(&d->text, l1, c1, s->enc);
            if (end < start) {
                uint32_t t = start;
                start = end;
                end = t;
            }
        } else {
            start = 0;
            end = d->text.len;
        }
        cc_doc_edit e = {.start = start, .old_end = end};
        point_of(&d->text, start, &e.start_row, &e.start_col);
        point_of(&d->text, end, &e.old_end_row, &e.old_end_col);
        size_t len = json_string_length(text);
        if (cc_lsp_text_replace(&d->text, start, end, json_string_value(text), len) != CC_OK) {
            show_message(s, 2, "%s would grow larger than %u MiB; the change is ignored", d->uri,
                         CC_LSP_MAX_TEXT >> 20);
            continue;
        }
        e.new_end = start + (uint32_t)len;
        point_of(&d->text, e.new_end, &e.new_end_row, &e.new_end_col);
        if (d->fedoc)
            d->fe->doc_edit(d->fedoc, &e);
    }
    d->dirty = true;
    s->dirty = true;
}

static void did_close(lsp_server *s, json_t *params)
{
    const char *uri = json_str(json_object_get(params, "textDocument"), "uri");
    lsp_doc *d = uri ? lsp_doc_find(s, uri) : NULL;
    if (!d)
        return;
    for (size_t i = 0; i < s->ndocs; i++)
        if (s->docs[i] == d) {
            memmove(s->docs + i, s->docs + i + 1, (s->ndocs - i - 1) * sizeof(lsp_doc *));
            s->ndocs--;
            break;
        }
    /* A program borrows the document's unit: it goes first. */
    lsp_unit_dropping(s, d->unit);
    /* The file on disk may differ from what the editor had: read it again. */
    if (d->path[0] == '/')
        lsp_workspace_file_changed(s, d->path, 2);
    if (d->published && !s->publish_all) {
        json_t *p = json_object();
        json_object_set_new(p, "uri", json_string(d->uri));
        json_object_set_new(p, "diagnostics", json_array());
        lsp_notify(s, "textDocument/publishDiagnostics", p);
    }
    doc_free(d);
    s->dirty = true;
}

static bool is_config_file(const char *path)
{
    return ends_with(path, "/pyproject.toml") || ends_with(path, "/.concur.toml");
}

static void did_save(lsp_server *s, json_t *params)
{
    const char *uri = json_str(json_object_get(params, "textDocument"), "uri");
    char *path = uri ? lsp_path_from_uri(uri) : NULL;
    if (path && is_config_file(path)) {
        lsp_log(s, "configuration saved: reading the workspace again");
        lsp_workspace_reset(s);
    }
    free(path);
    s->dirty = true;
}

/* ---- settings ------------------------------------------------------------------------------ */

static void strv_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static bool code_known(const char *code)
{
    if (!strcasecmp(code, "ALL"))
        return true;
    uint32_t n;
    const cc_rule *r = cc_rules(&n);
    for (uint32_t i = 0; i < n; i++)
        if (cc_rule_matches(code, r[i].code) || !strcmp(code, r[i].name))
            return true;
    return false;
}

/* Reads a list of codes: a JSON array of strings, or one comma-separated string. */
static bool settings_codes(lsp_server *s, json_t *v, const char *what, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    json_t *items = NULL;
    if (json_is_string(v)) {
        items = json_array();
        char *copy = strdup(json_string_value(v));
        for (char *tok = strtok(copy, ", "); tok; tok = strtok(NULL, ", "))
            json_array_append_new(items, json_string(tok));
        free(copy);
    } else if (json_is_array(v)) {
        items = json_incref(v);
    } else {
        return false;
    }
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        const char *code = json_string_value(it);
        if (!code || !code[0])
            continue;
        if (!code_known(code)) {
            show_message(s, 2, "concur.%s: unknown rule code `%s` (see `concur rules`); ignored",
                         what, code);
            continue;
        }
        char *c = strdup(code);
        CC_VEC_PUSH(*out, *n, cap, c);
    }
    json_decref(items);
    return true;
}

static bool strv_equal(char *const *a, size_t na, char *const *b, size_t nb)
{
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++)
        if (strcmp(a[i], b[i]) != 0)
            return false;
    return true;
}

static bool settings_equal(const lsp_settings *a, const lsp_settings *b)
{
    return a->has_target == b->has_target &&
           (!a->has_target ||
            (a->target.major == b->target.major && a->target.minor == b->target.minor &&
             a->target.free_threaded == b->target.free_threaded)) &&
           a->has_select == b->has_select && a->has_ignore == b->has_ignore &&
           strv_equal(a->select, a->nselect, b->select, b->nselect) &&
           strv_equal(a->ignore, a->nignore, b->ignore, b->nignore);
}

/* Applies the client's "concur" settings object (NULL or null: none). */
static void apply_settings(lsp_server *s, json_t *obj)
{
    lsp_settings *st = &s->settings;
    lsp_settings old = *st;
    memset(st, 0, sizeof *st);
    if (!json_is_object(obj))
        goto done;
    /* Some clients nest the section: {"concur": {...}}. */
    if (json_is_object(json_object_get(obj, "concur")))
        obj = json_object_get(obj, "concur");
    const char *target = json_str(obj, "targetPython");
    if (target && target[0]) {
        if (cc_pyversion_parse(target, &st->target))
            st->has_target = true;
        else
            show_message(s, 2,
                         "concur.targetPython: expected a version like 3.12 or 3.13t, got `%s`; "
                         "ignored",
                         target);
    }
    json_t *sel = json_object_get(obj, "select");
    if (sel && !json_is_null(sel) && !(json_is_array(sel) && json_array_size(sel) == 0) &&
        !(json_is_string(sel) && !json_string_value(sel)[0]))
        st->has_select = settings_codes(s, sel, "select", &st->select, &st->nselect);
    json_t *ign = json_object_get(obj, "ignore");
    if (ign && !json_is_null(ign))
        st->has_ignore = settings_codes(s, ign, "ignore", &st->ignore, &st->nignore);
done:
    /* the target and the selection apply to every program: when they changed, every group is
     * analysed again */
    if (!settings_equal(&old, st)) {
        lsp_program_drop(s);
        s->dirty = true;
    }
    strv_free(old.select, old.nselect);
    strv_free(old.ignore, old.nignore);
}

static void pull_configuration(lsp_server *s)
{
    json_t *item = json_object();
    json_object_set_new(item, "section", json_string("concur"));
    if (s->nroots) {
        char *u = lsp_uri_from_path(s->roots[0]);
        json_object_set_new(item, "scopeUri", json_string(u));
        free(u);
    }
    json_t *items = json_array();
    json_array_append_new(items, item);
    json_t *p = json_object();
    json_object_set_new(p, "items", items);
    lsp_request(s, "workspace/configuration", p, "configuration");
}

static void did_change_configuration(lsp_server *s, json_t *params)
{
    /* VS Code sends `settings: null` and expects the server to ask. */
    if (s->cap_config_pull) {
        pull_configuration(s);
        return;
    }
    json_t *settings = json_object_get(params, "settings");
    if (json_is_object(settings))
        apply_settings(s, json_object_get(settings, "concur") ? json_object_get(settings, "concur")
                                                              : settings);
}

/* ---- workspace folders ---------------------------------------------------------------------- */

static void add_root(lsp_server *s, const char *uri)
{
    char *path = lsp_path_from_uri(uri);
    if (!path)
        return;
    char real[PATH_MAX];
    if (realpath(path, real)) {
        free(path);
        path = strdup(real);
    }
    for (size_t i = 0; i < s->nroots; i++)
        if (!strcmp(s->roots[i], path)) {
            free(path);
            return;
        }
    s->roots = cc_xrealloc(s->roots, (s->nroots + 1) * sizeof(char *));
    s->roots[s->nroots++] = path;
}

static void remove_root(lsp_server *s, const char *uri)
{
    char *path = lsp_path_from_uri(uri);
    if (!path)
        return;
    char real[PATH_MAX];
    const char *p = realpath(path, real) ? real : path;
    for (size_t i = 0; i < s->nroots; i++)
        if (!strcmp(s->roots[i], p)) {
            free(s->roots[i]);
            memmove(s->roots + i, s->roots + i + 1, (s->nroots - i - 1) * sizeof(char *));
            s->nroots--;
            break;
        }
    free(path);
}

static void did_change_folders(lsp_server *s, json_t *params)
{
    json_t *ev = json_object_get(params, "event");
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(ev, "removed"), i, f)
    {
        const char *u = json_str(f, "uri");
        if (u)
            remove_root(s, u);
    }
    json_array_foreach(json_object_get(ev, "added"), i, f)
    {
        const char *u = json_str(f, "uri");
        if (u)
            add_root(s, u);
    }
    lsp_workspace_reset(s);
}

static void did_change_watched(lsp_server *s, json_t *params)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(params, "changes"), i, c)
    {
        const char *uri = json_str(c, "uri");
        json_t *type = json_object_get(c, "type");
        char *path = uri ? lsp_path_from_uri(uri) : NULL;
        if (!path || !json_is_integer(type)) {
            free(path);
            continue;
        }
        if (is_config_file(path)) {
            lsp_workspace_reset(s);
        } else {
            lsp_workspace_file_changed(s, path, (int)json_integer_value(type));
        }
        free(path);
    }
    s->dirty = true;
}

/* ---- initialize ---------------------------------------------------------------------------- */

static json_t *jpath(json_t *v, const char *a, const char *b, const char *c)
{
    v = json_object_get(v, a);
    if (b)
        v = json_object_get(v, b);
    if (c)
        v = json_object_get(v, c);
    return v;
}

static json_t *handle_initialize(lsp_server *s, json_t *params)
{
    json_t *caps = json_object_get(params, "capabilities");
    /* UTF-8 positions when the client offers them; else the protocol's UTF-16. */
    s->enc = CC_LSP_UTF16;
    size_t i;
    json_t *e;
    json_array_foreach(jpath(caps, "general", "positionEncodings", NULL), i,
                       e) if (json_is_string(e) && !strcmp(json_string_value(e), "utf-8")) s->enc =
        CC_LSP_UTF8;
    s->cap_config_pull = json_is_true(jpath(caps, "workspace", "configuration", NULL));
    s->cap_config_dynreg =
        json_is_true(jpath(caps, "workspace", "didChangeConfiguration", "dynamicRegistration"));
    s->cap_watch_dynreg =
        json_is_true(jpath(caps, "workspace", "didChangeWatchedFiles", "dynamicRegistration"));
    s->cap_hover_md = false;
    json_array_foreach(jpath(caps, "textDocument", "hover", "contentFormat"), i,
                       e) if (json_is_string(e) && !strcmp(json_string_value(e), "markdown"))
        s->cap_hover_md = true;
    if (!json_is_array(jpath(caps, "textDocument", "hover", "contentFormat")))
        s->cap_hover_md = true;
    /* The workspace: its folders, else rootUri, else rootPath. */
    json_t *folders = json_object_get(params, "workspaceFolders");
    json_t *f;
    json_array_foreach(folders, i, f)
    {
        const char *u = json_str(f, "uri");
        if (u)
            add_root(s, u);
    }
    if (!s->nroots && json_str(params, "rootUri"))
        add_root(s, json_str(params, "rootUri"));
    if (!s->nroots && json_str(params, "rootPath")) {
        char *u = lsp_uri_from_path(json_str(params, "rootPath"));
        add_root(s, u);
        free(u);
    }
    json_t *init = json_object_get(params, "initializationOptions");
    if (json_is_object(init)) {
        json_t *st = json_object_get(init, "settings");
        apply_settings(s, json_is_object(st) ? st : init);
    }

    json_t *c = json_object();
    json_object_set_new(c, "positionEncoding",
                        json_string(s->enc == CC_LSP_UTF8 ? "utf-8" : "utf-16"));
    json_t *sync = json_object();
    json_object_set_new(sync, "openClose", json_true());
    json_object_set_new(sync, "change", json_integer(2)); /* incremental */
    json_t *save = json_object();
    json_object_set_new(save, "includeText", json_false());
    json_object_set_new(sync, "save", save);
    json_object_set_new(c, "textDocumentSync", sync);
    json_object_set_new(c, "hoverProvider", json_true());
    json_t *ca = json_object();
    json_t *kinds = json_array();
    json_array_append_new(kinds, json_string("quickfix"));
    json_object_set_new(ca, "codeActionKinds", kinds);
    json_object_set_new(ca, "resolveProvider", json_false());
    json_object_set_new(c, "codeActionProvider", ca);
    json_t *ih = json_object();
    json_object_set_new(ih, "resolveProvider", json_false());
    json_object_set_new(c, "inlayHintProvider", ih);
    json_t *ex = json_object();
    json_t *cmds = json_array();
    json_array_append_new(cmds, json_string("concur.lsp.analyseWorkspace"));
    json_object_set_new(ex, "commands", cmds);
    json_object_set_new(c, "executeCommandProvider", ex);
    json_t *ws = json_object();
    json_t *wf = json_object();
    json_object_set_new(wf, "supported", json_true());
    json_object_set_new(wf, "changeNotifications", json_true());
    json_object_set_new(ws, "workspaceFolders", wf);
    json_object_set_new(c, "workspace", ws);

    json_t *r = json_object();
    json_object_set_new(r, "capabilities", c);
    json_t *info = json_object();
    json_object_set_new(info, "name", json_string("concur"));
    json_object_set_new(info, "version", json_string(CONCUR_VERSION));
    json_object_set_new(r, "serverInfo", info);
    lsp_log(s, "initialized: %s positions, %zu workspace folder%s",
            s->enc == CC_LSP_UTF8 ? "UTF-8" : "UTF-16", s->nroots, s->nroots == 1 ? "" : "s");
    return r;
}

static void handle_initialized(lsp_server *s)
{
    json_t *regs = json_array();
    if (s->cap_config_dynreg) {
        json_t *r = json_object();
        json_object_set_new(r, "id", json_string("concur-configuration"));
        json_object_set_new(r, "method", json_string("workspace/didChangeConfiguration"));
        json_t *o = json_object();
        json_object_set_new(o, "section", json_string("concur"));
        json_object_set_new(r, "registerOptions", o);
        json_array_append_new(regs, r);
    }
    if (s->cap_watch_dynreg) {
        json_t *r = json_object();
        json_object_set_new(r, "id", json_string("concur-files"));
        json_object_set_new(r, "method", json_string("workspace/didChangeWatchedFiles"));
        json_t *watchers = json_array();
        static const char *const globs[] = {"**/*.py", "**/*.c", "**/*.h", "**/pyproject.toml",
                                            "**/.concur.toml"};
        for (size_t i = 0; i < sizeof globs / sizeof *globs; i++) {
            json_t *w = json_object();
            json_object_set_new(w, "globPattern", json_string(globs[i]));
            json_array_append_new(watchers, w);
        }
        json_t *o = json_object();
        json_object_set_new(o, "watchers", watchers);
        json_object_set_new(r, "registerOptions", o);
        json_array_append_new(regs, r);
    }
    if (json_array_size(regs)) {
        json_t *p = json_object();
        json_object_set_new(p, "registrations", regs);
        lsp_request(s, "client/registerCapability", p, "register");
    } else {
        json_decref(regs);
    }
    if (s->cap_config_pull)
        pull_configuration(s);
    s->dirty = true;
}

static void handle_response(lsp_server *s, json_t *msg)
{
    json_t *id = json_object_get(msg, "id");
    const char *key = json_string_value(id);
    json_t *purpose = key ? json_object_get(s->awaiting, key) : NULL;
    if (!purpose) {
        lsp_log(s, "a response to no request of the server; ignored");
        return;
    }
    const char *what = json_string_value(purpose);
    json_t *err = json_object_get(msg, "error");
    if (err) {
        lsp_log(s, "the client answered %s with an error: %s", what,
                json_str(err, "message") ? json_str(err, "message") : "?");
    } else if (!strcmp(what, "configuration")) {
        json_t *res = json_object_get(msg, "result");
        apply_settings(s, json_is_array(res) ? json_array_get(res, 0) : NULL);
    }
    json_object_del(s->awaiting, key);
}

/* ---- dispatch ------------------------------------------------------------------------------ */

static bool valid_id(json_t *id)
{
    return id && (json_is_integer(id) || json_is_string(id));
}

static lsp_doc *request_doc(lsp_server *s, json_t *id, json_t *params)
{
    const char *uri = json_str(json_object_get(params, "textDocument"), "uri");
    if (!uri) {
        server__error(s, id, LSP_INVALID_PARAMS, "params.textDocument.uri is missing");
        return NULL;
    }
    lsp_doc *d = lsp_doc_find(s, uri);
    if (!d)
        server__respond(s, id, json_null()); /* not open: nothing to say about it */
    return d;
}

static void handle_request(lsp_server *s, const char *method, json_t *id, json_t *params,
                           bool cancelled)
{
    if (s->state == LSP_STATE_NEW && strcmp(method, "initialize") != 0) {
        server__error(s, id, LSP_SERVER_NOT_INITIALIZED,
                      "the server is not initialized: send `initialize` first");
        return;
    }
    if (s->state == LSP_STATE_SHUTDOWN) {
        server__error(s, id, LSP_INVALID_REQUEST,
                      "the server is shut down: only `exit` is accepted");
        return;
    }
    if (cancelled) {
        server__error(s, id, LSP_REQUEST_CANCELLED, "the request was cancelled");
        return;
    }
    if (!strcmp(method, "initialize")) {
        if (s->state != LSP_STATE_NEW) {
            server__error(s, id, LSP_INVALID_REQUEST, "`initialize` may be sent only once");
            return;
        }
        server__respond(s, id, handle_initialize(s, params));
        s->state = LSP_STATE_RUNNING;
        return;
    }
    if (!strcmp(method, "shutdown")) {
        s->state = LSP_STATE_SHUTDOWN;
        server__respond(s, id, json_null());
        return;
    }
    bool hover = !strcmp(method, "textDocument/hover");
    bool action = !strcmp(method, "textDocument/codeAction");
    bool inlay = !strcmp(method, "textDocument/inlayHint");
    bool command = !strcmp(method, "workspace/executeCommand");
    if (!hover && !action && !inlay && !command) {
        server__error(s, id, LSP_METHOD_NOT_FOUND, "unknown method `%s`", method);
        return;
    }
    if (command) {
        const char *cmd = json_str(params, "command");
        if (!cmd || strcmp(cmd, "concur.lsp.analyseWorkspace") != 0) {
            server__error(s, id, LSP_INVALID_PARAMS, "unknown command `%s`", cmd ? cmd : "");
            return;
        }
        s->publish_all = true;
        s->dirty = true;
        lsp_transport_set_current(s->tr, id);
        lsp_analyse(s);
        lsp_publish(s);
        bool stale = lsp_transport_current_cancelled(s->tr);
        lsp_transport_set_current(s->tr, NULL);
        if (stale)
            server__error(s, id, LSP_REQUEST_CANCELLED, "the request was cancelled");
        else
            server__respond(s, id, json_null());
        return;
    }
    lsp_doc *d = request_doc(s, id, params);
    if (!d)
        return;
    /* Answers are about the current text: analyse first when it changed. A cancellation that
     * arrives meanwhile still answers -32800. */
    lsp_transport_set_current(s->tr, id);
    lsp_analyse(s);
    json_t *result = NULL;
    if (hover) {
        uint32_t line, character;
        if (!position_of(json_object_get(params, "position"), &line, &character)) {
            lsp_transport_set_current(s->tr, NULL);
            server__error(s, id, LSP_INVALID_PARAMS, "params.position is missing or malformed");
            return;
        }
        result = lsp_hover(s, d, line, character);
    } else if (action) {
        result = lsp_code_actions(s, d, params);
    } else {
        result = lsp_inlay_hints(s, d, params);
    }
    bool stale = lsp_transport_current_cancelled(s->tr);
    lsp_transport_set_current(s->tr, NULL);
    if (stale) {
        json_decref(result);
        server__error(s, id, LSP_REQUEST_CANCELLED, "the request was cancelled");
        return;
    }
    server__respond(s, id, result);
}

static void handle_notification(lsp_server *s, const char *method, json_t *params)
{
    if (!strcmp(method, "exit")) {
        s->exit_code = s->state == LSP_STATE_SHUTDOWN ? CC_LSP_EXIT_OK : CC_LSP_EXIT_NO_SHUTDOWN;
        return;
    }
    /* Before initialize and after shutdown, notifications are dropped. */
    if (s->state != LSP_STATE_RUNNING)
        return;
    if (!strcmp(method, "initialized"))
        handle_initialized(s);
    else if (!strcmp(method, "textDocument/didOpen"))
        did_open(s, params);
    else if (!strcmp(method, "textDocument/didChange"))
        did_change(s, params);
    else if (!strcmp(method, "textDocument/didClose"))
        did_close(s, params);
    else if (!strcmp(method, "textDocument/didSave"))
        did_save(s, params);
    else if (!strcmp(method, "workspace/didChangeConfiguration"))
        did_change_configuration(s, params);
    else if (!strcmp(method, "workspace/didChangeWorkspaceFolders"))
        did_change_folders(s, params);
    else if (!strcmp(method, "workspace/didChangeWatchedFiles"))
        did_change_watched(s, params);
    else if (s->opts.verbose && strncmp(method, "$/", 2) != 0)
        lsp_log(s, "notification `%s` ignored", method);
}

static void handle_message(lsp_server *s, lsp_msg *m)
{
    switch (m->kind) {
    case LSP_MSG_PARSE_ERROR:
        lsp_log(s, "a message is not valid JSON: %s", m->why);
        server__error(s, NULL, LSP_PARSE_ERROR, "parse error: %s", m->why);
        return;
    case LSP_MSG_FATAL:
        lsp_log(s, "%s; the message stream cannot be recovered, stopping", m->why);
        s->exit_code = CC_LSP_EXIT_PROTOCOL;
        return;
    case LSP_MSG_EOF:
        if (s->state != LSP_STATE_SHUTDOWN)
            lsp_log(s, "the input ended without `shutdown` and `exit`");
        s->exit_code = s->state == LSP_STATE_SHUTDOWN ? CC_LSP_EXIT_OK : CC_LSP_EXIT_NO_SHUTDOWN;
        return;
    default:
        break;
    }
    json_t *j = m->json;
    if (!json_is_object(j)) {
        server__error(s, NULL, LSP_INVALID_REQUEST, "a message must be a JSON object");
        return;
    }
    json_t *id = json_object_get(j, "id");
    json_t *method = json_object_get(j, "method");
    if (!method) {
        if (id && (json_object_get(j, "result") || json_object_get(j, "error")))
            handle_response(s, j);
        else
            server__error(s, valid_id(id) ? id : NULL, LSP_INVALID_REQUEST,
                          "a message needs a method (or a result or error)");
        return;
    }
    if (!json_is_string(method) || (id && !valid_id(id))) {
        server__error(s, valid_id(id) ? id : NULL, LSP_INVALID_REQUEST,
                      "the method must be a string and the id a number or a string");
        return;
    }
    const char *name = json_string_value(method);
    json_t *params = json_object_get(j, "params");
    double t0 = s->opts.verbose ? now_ms() : 0;
    if (id)
        handle_request(s, name, id, params, m->cancelled);
    else
        handle_notification(s, name, params);
    if (s->opts.verbose)
        lsp_log(s, "%s %s: %.1f ms", id ? "request" : "notification", name, now_ms() - t0);
}

/* ---- the server ---------------------------------------------------------------------------- */

cc_lsp_server *cc_lsp_server_new(const cc_lsp_options *opts)
{
    lsp_server *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->opts = *opts;
    s->log = opts->log ? opts->log : stderr;
    s->tr = lsp_transport_new(opts->in_fd, opts->out_fd, s->log);
    s->in = cc_interner_new();
    s->awaiting = json_object();
    if (!s->tr || !s->in || !s->awaiting) {
        cc_lsp_server_delete(s);
        return NULL;
    }
    s->exit_code = -1;
    s->enc = CC_LSP_UTF16;
    return s;
}

int cc_lsp_server_run(cc_lsp_server *s)
{
    if (!lsp_transport_start(s->tr)) {
        lsp_log(s, "cannot start the reader thread");
        return CC_LSP_EXIT_IO;
    }
    bool unpublished = false;
    while (s->exit_code < 0) {
        bool work = s->state == LSP_STATE_RUNNING && (s->dirty || unpublished);
        lsp_msg *m = lsp_transport_pop(s->tr, !work);
        if (!m) {
            /* Nothing waits: analyse what changed, and publish unless newer edits are already
             * queued (those results would be out of date). */
            if (s->dirty) {
                lsp_analyse(s);
                unpublished = true;
            }
            if (!lsp_transport_sync_pending(s->tr)) {
                lsp_publish(s);
                unpublished = false;
            }
            continue;
        }
        bool was_dirty = s->dirty;
        handle_message(s, m);
        lsp_msg_delete(m);
        /* A request that analysed leaves results to publish. */
        if (was_dirty && !s->dirty)
            unpublished = true;
    }
    return s->exit_code;
}

void cc_lsp_server_delete(cc_lsp_server *s)
{
    if (!s)
        return;
    lsp_transport_delete(s->tr);
    lsp_workspace_free(s);
    for (size_t i = 0; i < s->ndocs; i++)
        doc_free(s->docs[i]);
    free(s->docs);
    for (size_t i = 0; i < s->npub; i++) {
        free(s->pub[i].uri);
        free(s->pub[i].json);
    }
    free(s->pub);
    for (size_t i = 0; i < s->nroots; i++)
        free(s->roots[i]);
    free(s->roots);
    strv_free(s->settings.select, s->settings.nselect);
    strv_free(s->settings.ignore, s->settings.nignore);
    json_decref(s->awaiting);
    cc_interner_delete(s->in);
    free(s);
}

int cc_lsp_main(int argc, char **argv)
{
    cc_lsp_options o = {.in_fd = 0, .out_fd = 1, .log = stderr};
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(LSP_USAGE, stdout);
            return 0;
        } else if (!strcmp(argv[i], "--stdio")) {
            continue;
        } else if (!strcmp(argv[i], "--verbose") || !strcmp(argv[i], "-v")) {
            o.verbose = 1;
        } else if (!strncmp(argv[i], "--clientProcessId", 17)) {
            /* vscode-languageclient adds --clientProcessId=N: accepted, unused */
            if (!strchr(argv[i], '=') && i + 1 < argc)
                i++;
        } else {
            fprintf(stderr,
                    "concur: lsp: unknown option `%s`\nRun 'concur lsp --help' for usage.\n",
                    argv[i]);
            return 2;
        }
    }
    /* A client that goes away must not kill the server with SIGPIPE: the write fails and the
     * server stops with a message. */
    signal(SIGPIPE, SIG_IGN);
    cc_lsp_server *s = cc_lsp_server_new(&o);
    if (!s) {
        fprintf(stderr, "concur: lsp: out of memory\n");
        return CC_LSP_EXIT_IO;
    }
    int rc = cc_lsp_server_run(s);
    cc_lsp_server_delete(s);
    return rc;
}
