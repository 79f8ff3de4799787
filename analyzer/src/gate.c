/* gate.c - fingerprints, suppressions, selection, baseline and --diff; see gate.h. */
#include "concur/gate.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libgen.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xxhash.h>

#include "concur/arena.h"
#include "concur/rule.h"

extern char **environ;

/* ---- atomic files ------------------------------------------------------------------------- */

cc_status cc_atomic_write(const char *path, bool (*write)(FILE *out, void *ctx), void *ctx,
                          char *err, size_t errcap)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *d = dirname(dir);
    struct stat st;
    if (stat(d, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errcap, "cannot write %s: the folder %s does not exist", path, d);
        return CC_ERR_IO;
    }
    char tmp[PATH_MAX + 32];
    if (snprintf(tmp, sizeof tmp, "%s/.concur-XXXXXX", d) >= (int)sizeof tmp) {
        snprintf(err, errcap, "cannot write %s: path too long", path);
        return CC_ERR_IO;
    }
    int fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, errcap, "cannot write %s: %s", path, strerror(errno));
        return CC_ERR_IO;
    }
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(tmp);
        snprintf(err, errcap, "cannot write %s: %s", path, strerror(errno));
        return CC_ERR_IO;
    }
    bool ok = write(f, ctx);
    ok = ok && fflush(f) == 0 && !ferror(f) && fsync(fileno(f)) == 0;
    int saved = errno;
    if (fclose(f) != 0)
        ok = false;
    /* mkstemp makes 0600; a report is an ordinary file. */
    mode_t mask = umask(0);
    umask(mask);
    if (ok)
        chmod(tmp, 0666 & ~mask);
    if (!ok || rename(tmp, path) != 0) {
        if (ok)
            saved = errno;
        unlink(tmp);
        snprintf(err, errcap, "cannot write %s: %s", path, strerror(saved ? saved : EIO));
        return CC_ERR_IO;
    }
    return CC_OK;
}

/* ---- paths ---------------------------------------------------------------------------------- */

static const char *relpath(const cc_program *prog, const char *root, uint32_t unit, char *buf,
                           size_t cap)
{
    const char *path = cc_program_unit(prog, unit)->path;
    char real[PATH_MAX];
    if (root && realpath(path, real)) {
        size_t n = strlen(root);
        if (!strncmp(real, root, n) && real[n] == '/') {
            snprintf(buf, cap, "%s", real + n + 1);
            return buf;
        }
    }
    snprintf(buf, cap, "%s", path);
    return buf;
}

/* ---- fingerprints ------------------------------------------------------------------------- */

/* The statement's tokens without layout: the line's text with runs of blanks collapsed, leading
 * and trailing blanks and a trailing comment removed. Strings are kept as they are. */
static size_t normalise_line(const cc_unit *u, uint32_t line, char *out, size_t cap)
{
    uint32_t len;
    const char *s = cc_unit_line(u, line, &len);
    size_t n = 0;
    char quote = 0;
    bool blank = false;
    for (uint32_t i = 0; i < len && n + 2 < cap; i++) {
        char c = s[i];
        if (quote) {
            out[n++] = c;
            if (c == '\\' && i + 1 < len && n + 2 < cap)
                out[n++] = s[++i];
            else if (c == quote)
                quote = 0;
            continue;
        }
        if (c == '"' || c == '\'') {
            quote = c;
        } else if ((c == '#' && u->lang == CC_LANG_PYTHON) ||
                   (c == '/' && i + 1 < len && s[i + 1] == '/' && u->lang == CC_LANG_C)) {
            break;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
            blank = n > 0;
            continue;
        }
        if (blank && n + 2 < cap)
            out[n++] = ' ';
        blank = false;
        out[n++] = c;
    }
    out[n] = 0;
    return n;
}

typedef struct fp_item {
    uint64_t key;            /* hash of code, path, where, tokens (without the ordinal) */
    uint32_t index;          /* finding */
} fp_item;

static int fp_cmp(const void *a, const void *b)
{
    const fp_item *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Fingerprint: rule, file, enclosing qualified name, normalised statement tokens, the related
 * location's statement for races, and an ordinal among findings equal in all of those (in
 * source order). Line numbers are not in it, so it survives edits elsewhere in the file. */
static void fingerprint_all(cc_program *prog, const char *root, bool only_missing)
{
    uint32_t n = cc_program_finding_count(prog);
    fp_item *items = cc_xcalloc(n + 1, sizeof(fp_item));
    cc_interner *in = cc_program_interner(prog);
    for (uint32_t i = 0; i < n; i++) {
        const cc_diag *d = cc_program_finding(prog, i);
        char path[PATH_MAX], tokens[1024], rel_tokens[1024] = "";
        const char *where = "";
        tokens[0] = 0;
        if (d->unit < cc_program_unit_count(prog)) {
            relpath(prog, root, d->unit, path, sizeof path);
            where = cc_program_func_at(prog, d->unit, d->span.start);
            normalise_line(cc_program_unit(prog, d->unit), d->span.line, tokens, sizeof tokens);
            if (d->nrelated && d->related[0].unit < cc_program_unit_count(prog))
                normalise_line(cc_program_unit(prog, d->related[0].unit),
                               d->related[0].span.line, rel_tokens, sizeof rel_tokens);
        } else {
            snprintf(path, sizeof path, "-");
        }
        XXH3_state_t *st = XXH3_createState();
        XXH3_64bits_reset(st);
        const char *parts[] = {d->code, path, where, tokens, rel_tokens};
        for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
            XXH3_64bits_update(st, parts[k], strlen(parts[k]) + 1);
        items[i].key = XXH3_64bits_digest(st);
        items[i].index = i;
        XXH3_freeState(st);
    }
    qsort(items, n, sizeof(fp_item), fp_cmp);
    uint32_t ordinal = 0;
    for (uint32_t k = 0; k < n; k++) {
        ordinal = (k > 0 && items[k].key == items[k - 1].key) ? ordinal + 1 : 0;
        if (only_missing && cc_program_finding(prog, items[k].index)->fingerprint)
            continue;
        uint64_t h = XXH3_64bits_withSeed(&items[k].key, sizeof items[k].key, ordinal);
        char buf[32];
        snprintf(buf, sizeof buf, "v1:%016llx", (unsigned long long)h);
        cc_program_finding_mut(prog, items[k].index)->fingerprint =
            cc_str_text(in, cc_intern_cstr(in, buf));
    }
    free(items);
}

/* ---- suppressions ------------------------------------------------------------------------- */

enum { MAX_SUPPRESS_CODES = 8 };

typedef struct suppression {
    uint32_t unit, line;
    uint32_t start, end;     /* the comment's text, for CC001 */
    bool own_line;           /* the comment is alone on its line: it covers the next line too */
    uint32_t ncodes;         /* 0: a bare `ignore` silences everything */
    char codes[MAX_SUPPRESS_CODES][8];
    bool used[MAX_SUPPRESS_CODES + 1];
} suppression;

typedef struct suppressions {
    suppression *v;
    uint32_t n, cap;
} suppressions;

/* Whether offset `at` of line text s[0..len) is inside a comment (not a string). Strings that
 * span lines are not followed: a triple-quoted string holding `# concur: ignore` on a line of
 * its own would count. */
static bool in_comment(const cc_unit *u, const char *s, uint32_t at, bool *own_line)
{
    char quote = 0;
    *own_line = true;
    for (uint32_t i = 0; i < at; i++) {
        char c = s[i];
        if (quote) {
            if (c == '\\')
                i++;
            else if (c == quote)
                quote = 0;
            continue;
        }
        if (u->lang == CC_LANG_PYTHON && c == '#')
            return true;
        if (u->lang == CC_LANG_C && c == '/' && (s[i + 1] == '/' || s[i + 1] == '*'))
            return true;
        if (c == '"' || c == '\'')
            quote = c;
        if (!isspace((unsigned char)c))
            *own_line = false;
    }
    return false;
}

static void scan_suppressions(const cc_program *prog, suppressions *out)
{
    static const char KEY[] = "concur:";
    for (uint32_t u = 0; u < cc_program_unit_count(prog); u++) {
        const cc_unit *un = cc_program_unit(prog, u);
        const char *t = un->text, *end = un->text + un->len;
        while (t < end) {
            const char *hit = memmem(t, (size_t)(end - t), KEY, sizeof KEY - 1);
            if (!hit)
                break;
            t = hit + sizeof KEY - 1;
            const char *p = t;
            while (p < end && (*p == ' ' || *p == '\t'))
                p++;
            if ((size_t)(end - p) < 6 || memcmp(p, "ignore", 6) != 0)
                continue;
            p += 6;
            uint32_t line, col;
            cc_unit_position(un, (uint32_t)(hit - un->text), &line, &col);
            uint32_t llen;
            const char *ls = cc_unit_line(un, line, &llen);
            suppression s = {.unit = u, .line = line, .start = (uint32_t)(hit - un->text)};
            if (!in_comment(un, ls, (uint32_t)(hit - ls), &s.own_line))
                continue;
            if (p < end && *p == '[') {
                p++;
                while (p < end && *p != ']' && *p != '\n') {
                    while (p < end && (*p == ',' || *p == ' '))
                        p++;
                    const char *c0 = p;
                    while (p < end && isalnum((unsigned char)*p))
                        p++;
                    size_t cl = (size_t)(p - c0);
                    if (cl > 0 && cl < 8 && s.ncodes < MAX_SUPPRESS_CODES) {
                        memcpy(s.codes[s.ncodes], c0, cl);
                        s.codes[s.ncodes][cl] = 0;
                        for (char *q = s.codes[s.ncodes]; *q; q++)
                            *q = (char)toupper((unsigned char)*q);
                        s.ncodes++;
                    }
                    if (cl == 0 && p < end && *p != ']')
                        p++;
                }
                if (p < end && *p == ']')
                    p++;
                if (s.ncodes == 0)
                    continue; /* `ignore[]` names nothing */
            } else if (p < end && (isalnum((unsigned char)*p) || *p == '_')) {
                continue; /* `ignored`, `ignores`: not ours */
            }
            s.end = (uint32_t)(p - un->text);
            CC_VEC_PUSH(out->v, out->n, out->cap, s);
        }
    }
}

/* The suppression silencing finding d, marking it used; NULL when none does. */
static suppression *suppressor(suppressions *sup, const cc_diag *d)
{
    for (uint32_t i = 0; i < sup->n; i++) {
        suppression *s = &sup->v[i];
        if (s->unit != d->unit)
            continue;
        if (!(s->line == d->span.line || (s->own_line && s->line + 1 == d->span.line)))
            continue;
        if (s->ncodes == 0) {
            s->used[MAX_SUPPRESS_CODES] = true;
            return s;
        }
        for (uint32_t k = 0; k < s->ncodes; k++)
            if (cc_rule_matches(s->codes[k], d->code)) {
                s->used[k] = true;
                return s;
            }
    }
    return NULL;
}

/* ---- baseline ------------------------------------------------------------------------------ */

typedef struct baseline_write {
    const cc_program *prog;
    const char *root;
    size_t written;
} baseline_write;

static bool write_baseline(FILE *out, void *ctx)
{
    baseline_write *w = ctx;
    json_t *list = json_array();
    for (uint32_t i = 0; i < cc_program_finding_count(w->prog); i++) {
        const cc_diag *d = cc_program_finding(w->prog, i);
        char path[PATH_MAX] = "-";
        if (d->unit < cc_program_unit_count(w->prog))
            relpath(w->prog, w->root, d->unit, path, sizeof path);
        json_t *item = json_object();
        json_object_set_new(item, "code", json_string(d->code));
        json_object_set_new(item, "fingerprint", json_string(d->fingerprint));
        json_object_set_new(item, "path", json_string(path));
        json_object_set_new(item, "message", json_string(d->message));
        json_array_append_new(list, item);
        w->written++;
    }
    /* Sorted by path, code and fingerprint: the same findings give the same bytes. */
    size_t n = json_array_size(list);
    json_t **items = cc_xcalloc(n + 1, sizeof(json_t *));
    for (size_t i = 0; i < n; i++)
        items[i] = json_array_get(list, i);
    for (size_t i = 1; i < n; i++) {
        for (size_t j = i; j > 0; j--) {
            const char *keys[] = {"path", "code", "fingerprint"};
            int c = 0;
            for (int k = 0; k < 3 && !c; k++)
                c = strcmp(json_string_value(json_object_get(items[j - 1], keys[k])),
                           json_string_value(json_object_get(items[j], keys[k])));
            if (c <= 0)
                break;
            json_t *t = items[j - 1];
            items[j - 1] = items[j];
            items[j] = t;
        }
    }
    json_t *sorted = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append(sorted, items[i]);
    free(items);
    json_t *root = json_object();
    json_object_set_new(root, "concur-baseline", json_integer(1));
    json_object_set_new(root, "findings", sorted);
    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
    fputc('\n', out);
    json_decref(root);
    json_decref(list);
    return rc == 0;
}

typedef struct known {
    const char **fps;
    size_t n;
} known;

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static cc_status read_baseline(const char *path, json_t **doc, known *out, char *err,
                               size_t errcap)
{
    json_error_t je;
    *doc = json_load_file(path, 0, &je);
    if (!*doc) {
        if (je.line <= 0 && access(path, R_OK) != 0)
            snprintf(err, errcap, "--baseline %s: %s", path, strerror(errno));
        else
            snprintf(err, errcap, "--baseline %s:%d:%d: not a concur baseline (%s)", path,
                     je.line, je.column, je.text);
        return CC_ERR_CONFIG;
    }
    json_t *ver = json_object_get(*doc, "concur-baseline");
    json_t *list = json_object_get(*doc, "findings");
    if (!json_is_integer(ver) || json_integer_value(ver) != 1 || !json_is_array(list)) {
        snprintf(err, errcap,
                 "--baseline %s: not a concur baseline (expected \"concur-baseline\": 1 and a "
                 "\"findings\" array; write one with --write-baseline)",
                 path);
        return CC_ERR_CONFIG;
    }
    out->n = 0;
    out->fps = cc_xcalloc(json_array_size(list) + 1, sizeof(char *));
    for (size_t i = 0; i < json_array_size(list); i++) {
        const char *fp = json_string_value(json_object_get(json_array_get(list, i), "fingerprint"));
        if (!fp) {
            snprintf(err, errcap, "--baseline %s: finding %zu has no \"fingerprint\" string",
                     path, i + 1);
            free(out->fps);
            out->fps = NULL;
            return CC_ERR_CONFIG;
        }
        out->fps[out->n++] = fp;
    }
    qsort(out->fps, out->n, sizeof(char *), str_cmp);
    return CC_OK;
}

/* ---- --diff -------------------------------------------------------------------------------- */

/* Runs argv (no shell) and captures its standard output. Returns the exit status, or -1 when it
 * could not be started. */
static int run_capture(char *const argv[], char **out, size_t *len)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        return -1;
    }
    size_t cap = 4096, n = 0;
    char *buf = cc_xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap)
            buf = cc_xrealloc(buf, cap *= 2);
        ssize_t r = read(fds[0], buf + n, cap - n - 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    close(fds[0]);
    buf[n] = 0;
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    *out = buf;
    *len = n;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* Marks the units whose files changed since rev (tracked changes, and untracked new files). */
static cc_status changed_units(const cc_program *prog, const char *rev, bool *marked, char *err,
                               size_t errcap)
{
    char *top;
    size_t toplen;
    char *argv_top[] = {"git", "rev-parse", "--show-toplevel", NULL};
    int rc = run_capture(argv_top, &top, &toplen);
    if (rc != 0) {
        if (rc >= 0)
            free(top);
        snprintf(err, errcap, "--diff: %s", rc < 0 ? "cannot run git" : "not inside a git repository");
        return CC_ERR_USAGE;
    }
    while (toplen && (top[toplen - 1] == '\n' || top[toplen - 1] == '\r'))
        top[--toplen] = 0;
    char *diff, *untracked;
    size_t dlen, ulen;
    char *argv_diff[] = {"git", "diff", "--name-only", "-z", (char *)rev, "--", NULL};
    rc = run_capture(argv_diff, &diff, &dlen);
    if (rc != 0) {
        if (rc >= 0)
            free(diff);
        free(top);
        snprintf(err, errcap, "--diff: git cannot compare with `%s` (is it a commit, branch or "
                 "tag?)", rev);
        return CC_ERR_USAGE;
    }
    char *argv_new[] = {"git", "ls-files", "--others", "--exclude-standard", "--full-name", "-z",
                        ":/", NULL};
    if (run_capture(argv_new, &untracked, &ulen) != 0) {
        untracked = NULL;
        ulen = 0;
    }
    const char *lists[2] = {diff, untracked};
    size_t lens[2] = {dlen, ulen};
    for (uint32_t u = 0; u < cc_program_unit_count(prog); u++) {
        char real[PATH_MAX];
        if (!realpath(cc_program_unit(prog, u)->path, real))
            continue;
        size_t tl = strlen(top);
        if (strncmp(real, top, tl) != 0 || real[tl] != '/')
            continue;
        const char *rel = real + tl + 1;
        for (int k = 0; k < 2 && !marked[u]; k++)
            for (size_t i = 0; lists[k] && i < lens[k]; i += strlen(lists[k] + i) + 1)
                if (!strcmp(lists[k] + i, rel))
                    marked[u] = true;
    }
    free(top);
    free(diff);
    free(untracked);
    return CC_OK;
}

/* ---- the gate ------------------------------------------------------------------------------ */

typedef struct keep_ctx {
    const cc_gate_options *o;
    suppressions *sup;
    known *base;
    const bool *changed;
    const cc_program *prog;
    cc_gate_result *res;
    int pass; /* 1: suppressions and selection; 2: baseline and diff */
} keep_ctx;

static bool keep_finding(const cc_diag *d, void *ctx)
{
    keep_ctx *k = ctx;
    if (k->pass == 1) {
        if (suppressor(k->sup, d)) {
            k->res->nsuppressed++;
            return false;
        }
        if (k->o->selected && !k->o->selected(d->code, k->o->selected_ctx))
            return false;
        if (k->o->ignored_for_path && d->unit < cc_program_unit_count(k->prog)) {
            char path[PATH_MAX];
            relpath(k->prog, k->o->root, d->unit, path, sizeof path);
            if (k->o->ignored_for_path(path, d->code, k->o->ignored_ctx))
                return false;
        }
        return true;
    }
    if (k->base && d->fingerprint &&
        bsearch(&d->fingerprint, k->base->fps, k->base->n, sizeof(char *), str_cmp)) {
        k->res->nbaselined++;
        return false;
    }
    if (k->changed) {
        bool touches = d->unit < cc_program_unit_count(k->prog) &&
                       cc_program_imports_any(k->prog, d->unit, k->changed);
        for (uint32_t r = 0; r < d->nrelated && !touches; r++)
            touches = d->related[r].unit < cc_program_unit_count(k->prog) &&
                      k->changed[d->related[r].unit];
        if (!touches) {
            k->res->nunchanged++;
            return false;
        }
    }
    return true;
}

cc_status cc_gate_apply(cc_program *prog, const cc_gate_options *o, cc_gate_result *res,
                        char *err, size_t errcap)
{
    memset(res, 0, sizeof(*res));
    cc_status st = CC_OK;
    suppressions sup = {0};
    known base = {0};
    json_t *base_doc = NULL;
    bool *changed = NULL;
    if (o->baseline && (st = read_baseline(o->baseline, &base_doc, &base, err, errcap)) != CC_OK)
        goto done;
    if (o->diff_rev) {
        changed = cc_xcalloc(cc_program_unit_count(prog) + 1, sizeof(bool));
        if ((st = changed_units(prog, o->diff_rev, changed, err, errcap)) != CC_OK)
            goto done;
    }
    /* Fingerprints first, over every finding: what is suppressed or selected must not shift the
     * ordinals of the others. */
    fingerprint_all(prog, o->root, false);
    scan_suppressions(prog, &sup);
    keep_ctx k = {o, &sup, o->baseline ? &base : NULL, changed, prog, res, 1};
    cc_program_filter_findings(prog, keep_finding, &k);
    if (o->report_unused_suppressions &&
        (!o->selected || o->selected("CC001", o->selected_ctx))) {
        for (uint32_t i = 0; i < sup.n; i++) {
            suppression *s = &sup.v[i];
            const cc_unit *un = cc_program_unit(prog, s->unit);
            char msg[256];
            cc_span span = {.start = s->start, .end = s->end};
            cc_unit_position(un, s->start, &span.line, &span.col);
            cc_unit_position(un, s->end, &span.end_line, &span.end_col);
            if (s->ncodes == 0) {
                if (!s->used[MAX_SUPPRESS_CODES]) {
                    snprintf(msg, sizeof msg, "unused suppression: `concur: ignore` silences "
                             "nothing here");
                    cc_program_report(prog, "CC001", s->unit, span, msg,
                                      "remove the comment");
                }
                continue;
            }
            for (uint32_t c = 0; c < s->ncodes; c++) {
                if (s->used[c])
                    continue;
                /* Every rule ran, whatever is selected, so every code can be judged. */
                bool known_code = false;
                uint32_t nr;
                const cc_rule *rules = cc_rules(&nr);
                for (uint32_t r = 0; r < nr; r++)
                    known_code |= cc_rule_matches(s->codes[c], rules[r].code);
                if (known_code)
                    snprintf(msg, sizeof msg, "unused suppression: no %s finding here to silence",
                             s->codes[c]);
                else
                    snprintf(msg, sizeof msg, "unused suppression: %s is not a concur rule code",
                             s->codes[c]);
                cc_program_report(prog, "CC001", s->unit, span, msg,
                                  "remove the code from the comment (or the comment)");
            }
        }
        cc_program_sort_findings(prog);
    }
    if (o->severity_of)
        for (uint32_t i = 0; i < cc_program_finding_count(prog); i++) {
            cc_diag *d = cc_program_finding_mut(prog, i);
            int sev = o->severity_of(d->code, o->severity_ctx);
            if (sev >= 0)
                d->severity = (cc_severity)sev;
        }
    fingerprint_all(prog, o->root, true); /* the CC001 findings just added */
    if (o->write_baseline) {
        baseline_write w = {prog, o->root, 0};
        if ((st = cc_atomic_write(o->write_baseline, write_baseline, &w, err, errcap)) != CC_OK)
            goto done;
        res->nwritten = w.written;
    }
    k.pass = 2;
    if (o->baseline || changed)
        cc_program_filter_findings(prog, keep_finding, &k);
done:
    free(sup.v);
    free(base.fps);
    json_decref(base_doc);
    free(changed);
    return st;
}
