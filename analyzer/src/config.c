/* config.c - the concur configuration model over the TOML value tree (frontends/toml).
 *
 * Validation walks the concur table in file order and stops at the first problem, so the error
 * a user sees is the first one in the file. Every string and array of a cc_config lives in one
 * arena, freed by cc_config_delete. */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "concur/arena.h"
#include "concur/config.h"
#include "concur/rule.h"
#include "toml/toml.h"

/* The public struct first, so cc_config_delete finds the arena. */
typedef struct config_box {
    cc_config cfg;
    cc_arena *arena;
} config_box;

typedef struct loader {
    cc_arena *arena;
    cc_config *cfg;
    cc_config_error *err;
    const char *base;            /* dotted path of the concur table: "tool.concur" or "" */
} loader;

/* ---- messages -------------------------------------------------------------------------------- */

static cc_status fail(loader *L, cc_toml_pos pos, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static cc_status fail(loader *L, cc_toml_pos pos, const char *key, const char *fmt, ...)
{
    cc_config_error *e = L->err;
    e->line = pos.line;
    e->column = pos.col;
    snprintf(e->key, sizeof e->key, "%s", key);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    return CC_ERR_CONFIG;
}

/* `key` as TOML writes it (quoted when it must be). */
static const char *key_text(loader *L, const char *key, size_t len)
{
    size_t n = cc_toml_key_format(key, len, NULL, 0);
    char *buf = cc_arena_alloc_raw(L->arena, n + 1);
    cc_toml_key_format(key, len, buf, n + 1);
    return buf;
}

/* The dotted path of `rel` (a path inside the concur table, may be "") from the document root. */
static const char *full(loader *L, const char *rel)
{
    if (!L->base[0])
        return rel;
    if (!rel[0])
        return L->base;
    return cc_arena_printf(L->arena, "%s.%s", L->base, rel);
}

/* "[tool.concur.thresholds] " for a table path relative to the concur table; "" for the top of
 * a .concur.toml. */
static const char *label(loader *L, const char *rel_table)
{
    const char *t = full(L, rel_table);
    return t[0] ? cc_arena_printf(L->arena, "[%s] ", t) : "";
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 64;
    size_t row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]) ||
                                  (strchr("-_", a[i - 1]) && strchr("-_", b[j - 1]))
                              ? 0
                              : 1;
            size_t best = diag + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* The closest of names[] to `word`, when it is close enough to be a typo; else NULL. */
static const char *closest(const char *word, const char *const *names, size_t n)
{
    const char *best = NULL;
    size_t best_d = SIZE_MAX, len = strlen(word);
    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(word, names[i]);
        if (d < best_d) {
            best_d = d;
            best = names[i];
        }
    }
    if (best && (best_d <= 2 || best_d <= len / 3))
        return best;
    /* A name cut short ("warn" for "warning"). */
    for (size_t i = 0; len >= 3 && i < n; i++)
        if (!strncasecmp(word, names[i], len))
            return names[i];
    return NULL;
}

static const char *did_you_mean(loader *L, const char *word, const char *const *names, size_t n)
{
    const char *c = closest(word, names, n);
    return c ? cc_arena_printf(L->arena, " (did you mean `%s`?)", c) : "";
}

static const char *one_of(loader *L, const char *const *names, size_t n)
{
    const char *s = "";
    for (size_t i = 0; i < n; i++)
        s = cc_arena_printf(L->arena, "%s%s%s", s, i ? ", " : "", names[i]);
    return s;
}

/* An unknown key `e` of the table whose label is `lab` and full dotted path `table`. */
static cc_status unknown_key(loader *L, const char *lab, const char *table, const cc_toml_entry *e,
                             const char *const *names, size_t n)
{
    const char *k = key_text(L, e->key, e->key_len);
    const char *hint = did_you_mean(L, e->key, names, n);
    if (!hint[0])
        hint = cc_arena_printf(L->arena, " (expected one of %s)", one_of(L, names, n));
    const char *key = table[0] ? cc_arena_printf(L->arena, "%s.%s", table, k) : k;
    return fail(L, e->pos, key, "%sunknown key `%s`%s", lab, k, hint);
}

/* "<lab>`shown` must be <what>, got integer" at the value. `lab` is the table label
 * ("[tool.concur] ") and `key` the full dotted key, for every helper below. */
static cc_status wrong_type(loader *L, const char *lab, const char *shown, const char *key,
                            const cc_toml_value *v, const char *what)
{
    return fail(L, v->pos, key, "%s`%s` must be %s, got %s", lab, shown, what,
                cc_toml_value_describe(v));
}

/* ---- values ---------------------------------------------------------------------------------- */

static bool is_plain_string(const cc_toml_value *v)
{
    return v->type == CC_TOML_STRING && strlen(v->string.data) == v->string.len;
}

static const char *copy(loader *L, const cc_toml_value *v)
{
    return cc_arena_strndup(L->arena, v->string.data, v->string.len);
}

/* Reads an array of strings into the config's arena, checking each element's type. */
static cc_status string_array(loader *L, const char *lab, const char *shown, const char *key,
                              const cc_toml_value *v, bool nonempty, const char ***out, size_t *n)
{
    if (v->type != CC_TOML_ARRAY || v->array.of_tables)
        return wrong_type(L, lab, shown, key, v, "an array of strings");
    const char **a = cc_arena_alloc(L->arena, (v->array.count + 1) * sizeof *a);
    for (uint32_t i = 0; i < v->array.count; i++) {
        const cc_toml_value *item = v->array.items[i];
        const char *ik = cc_arena_printf(L->arena, "%s[%u]", key, i);
        if (!is_plain_string(item))
            return fail(L, item->pos, ik, "%s`%s` must be an array of strings, got %s at "
                        "index %u", lab, shown,
                        item->type == CC_TOML_STRING ? "a string holding U+0000"
                                                     : cc_toml_value_describe(item), i);
        if (nonempty && !item->string.len)
            return fail(L, item->pos, ik, "%s`%s` must not hold an empty string", lab, shown);
        a[i] = copy(L, item);
    }
    *out = a;
    *n = v->array.count;
    return CC_OK;
}

/* A rule pattern: "ALL", or "CC" and up to 3 digits selecting at least one registered rule.
 * Writes the upper-case spelling, in the config's arena, to *out. */
static cc_status rule_pattern(loader *L, const char *lab, const char *shown, const char *key,
                              cc_toml_pos pos, const char *text, const char **out)
{
    if (!strcasecmp(text, "ALL")) {
        *out = "ALL";
        return CC_OK;
    }
    size_t len = strlen(text);
    char up[8];
    bool shape = len >= 2 && len <= 5;
    for (size_t i = 0; shape && i < len; i++) {
        up[i] = (char)toupper((unsigned char)text[i]);
        shape = i < 2 ? up[i] == 'C' : (up[i] >= '0' && up[i] <= '9');
    }
    uint32_t n;
    const cc_rule *rules = cc_rules(&n);
    if (shape) {
        up[len] = '\0';
        for (uint32_t i = 0; i < n; i++)
            if (cc_rule_matches(up, rules[i].code)) {
                *out = cc_arena_strndup(L->arena, up, len);
                return CC_OK;
            }
    }
    const cc_rule *named = cc_rule_find(text);
    const char *hint;
    if (named) {
        hint = cc_arena_printf(L->arena, " (`%s` is the name of %s: write the code)", text,
                               named->code);
    } else {
        const char **codes = cc_arena_alloc(L->arena, n * sizeof *codes);
        for (uint32_t i = 0; i < n; i++)
            codes[i] = rules[i].code;
        hint = did_you_mean(L, text, codes, n);
        if (!hint[0])
            hint = " (run `concur rules` for the list)";
    }
    return fail(L, pos, key, "%s`%s`: %s `%s`%s", lab, shown,
                shape ? "no rule has the code or prefix" : "unknown rule code", text, hint);
}

static cc_status code_list(loader *L, const char *lab, const char *shown, const char *key,
                           const cc_toml_value *v, const char *const **out, size_t *n)
{
    const char **a;
    cc_status st = string_array(L, lab, shown, key, v, false, &a, n);
    for (size_t i = 0; st == CC_OK && i < *n; i++)
        st = rule_pattern(L, lab, shown, cc_arena_printf(L->arena, "%s[%zu]", key, i),
                          v->array.items[i]->pos, a[i], &a[i]);
    *out = a;
    return st;
}

/* One of names[] (a string value); *index receives its position. */
static cc_status choice(loader *L, const char *lab, const char *shown, const char *key,
                        const cc_toml_value *v, const char *const *names, size_t n,
                        size_t *index)
{
    if (v->type != CC_TOML_STRING)
        return fail(L, v->pos, key, "%s`%s` must be one of %s, got %s", lab, shown,
                    one_of(L, names, n), cc_toml_value_describe(v));
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v->string.data, names[i]) && strlen(names[i]) == v->string.len) {
            *index = i;
            return CC_OK;
        }
    return fail(L, v->pos, key, "%s`%s` must be one of %s, got `%s`%s", lab, shown,
                one_of(L, names, n), v->string.data, did_you_mean(L, v->string.data, names, n));
}

static const char *const SEVERITIES[] = {"note", "warning", "error"};

/* ---- paths ----------------------------------------------------------------------------------- */

/* Writes path, absolute, normalised (no `.`, `..`, empty components or trailing `/`) to out,
 * which has room for strlen(path) + 2 bytes. */
static void normalise_to(char *out, const char *path)
{
    size_t o = 0;
    const char *s = path;
    while (*s) {
        while (*s == '/')
            s++;
        const char *e = s;
        while (*e && *e != '/')
            e++;
        size_t n = (size_t)(e - s);
        if (n == 0 || (n == 1 && s[0] == '.')) {
            /* skip */
        } else if (n == 2 && s[0] == '.' && s[1] == '.') {
            while (o > 0 && out[o - 1] != '/')
                o--;
            if (o > 0)
                o--;
        } else {
            out[o++] = '/';
            memmove(out + o, s, n);
            o += n;
        }
        s = e;
    }
    if (o == 0)
        out[o++] = '/';
    out[o] = '\0';
}

static char *normalise(cc_arena *arena, const char *path)
{
    char *out = cc_arena_alloc(arena, strlen(path) + 2);
    normalise_to(out, path);
    return out;
}

/* An absolute, normalised spelling of path (taken from the current folder when relative). */
static char *absolute(cc_arena *arena, const char *path)
{
    if (path[0] == '/')
        return normalise(arena, path);
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return NULL;
    return normalise(arena, cc_arena_printf(arena, "%s/%s", cwd, path));
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Reads a whole file. Returns CC_ERR_IO with errno set on failure. */
static cc_status read_file(const char *path, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return CC_ERR_IO;
    size_t cap = 4096, n = 0;
    char *buf = cc_xmalloc(cap);
    for (;;) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap) {
            if (ferror(f)) {
                int e = errno;
                fclose(f);
                free(buf);
                errno = e ? e : EIO;
                return CC_ERR_IO;
            }
            break;
        }
        if (cap > (size_t)CC_TOML_MAX_BYTES) /* cc_toml_document_new reports the size */
            break;
        cap *= 2;
        buf = cc_xrealloc(buf, cap);
    }
    fclose(f);
    *out = buf;
    *len = n;
    return CC_OK;
}

/* ---- requires-python ------------------------------------------------------------------------- */

/* The lowest version a PEP 440 specifier set allows (the highest of its lower bounds), 0.0 when
 * it has none. Returns false when the text is not a specifier set. */
static bool specifier_minimum(const char *s, cc_pyversion *out)
{
    cc_pyversion best = {0, 0, false};
    for (;;) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s)
            break;
        static const char *const OPS[] = {"===", "~=", "==", "!=", "<=", ">=", "<", ">"};
        size_t op = 0, oplen = 0;
        for (; op < sizeof OPS / sizeof OPS[0]; op++)
            if (!strncmp(s, OPS[op], strlen(OPS[op]))) {
                oplen = strlen(OPS[op]);
                break;
            }
        if (!oplen)
            return false;
        s += oplen;
        while (*s == ' ' || *s == '\t')
            s++;
        if (!isdigit((unsigned char)*s))
            return false;
        long part[2] = {0, 0};
        int nparts = 0;
        while (isdigit((unsigned char)*s)) {
            long v = 0;
            while (isdigit((unsigned char)*s)) {
                v = v * 10 + (*s++ - '0');
                if (v > 1000000)
                    return false;
            }
            if (nparts < 2)
                part[nparts] = v;
            nparts++;
            if (*s == '.' && isdigit((unsigned char)s[1]))
                s++;
            else
                break;
        }
        /* ".*" wildcards, and pre-, post-, dev- and local-release suffixes */
        while (*s && *s != ',' && *s != ' ' && *s != '\t') {
            if (!isalnum((unsigned char)*s) && !strchr(".*+-_!", *s))
                return false;
            s++;
        }
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s && *s != ',')
            return false;
        if (*s == ',')
            s++;
        bool lower = op == 0 || op == 1 || op == 2 || op == 5 || op == 7;
        if (lower && (part[0] > best.major || (part[0] == best.major && part[1] > best.minor))) {
            best.major = (int)part[0];
            best.minor = (int)part[1];
        }
    }
    *out = best;
    return true;
}

bool cc_pyversion_parse(const char *text, cc_pyversion *out)
{
    if (text[0] != '3' || text[1] != '.' || !isdigit((unsigned char)text[2]))
        return false;
    int minor = text[2] - '0';
    size_t i = 3;
    if (isdigit((unsigned char)text[3])) {
        if (text[2] == '0')
            return false;
        minor = minor * 10 + (text[3] - '0');
        i = 4;
    }
    bool t = text[i] == 't';
    if (text[i + t] != '\0')
        return false;
    *out = (cc_pyversion){3, minor, t};
    return true;
}

/* ---- the concur table ------------------------------------------------------------------------ */

static const char *const TOP_KEYS[] = {
    "select", "ignore", "severity", "fail-on", "target-python", "source-roots", "exclude",
    "per-file-ignores", "thresholds", "knowledge",
};
enum { NTOP = sizeof TOP_KEYS / sizeof TOP_KEYS[0] };

static const char *const THRESHOLD_KEYS[] = {"min-task-seconds", "large-payload-bytes",
                                             "cpu-bound-steps"};

static const char *const EFFECTS[] = {"io-bound", "gil-releasing", "mt-unsafe", "pool-new",
                                      "start", "submit", "join", "lock-new", "unpicklable"};

static const char *const KNOWLEDGE_KEYS[] = {"name", "effect", "model", "what", "function-arg"};

const char *cc_config_effect_name(cc_config_effect effect)
{
    return (size_t)effect < sizeof EFFECTS / sizeof EFFECTS[0] ? EFFECTS[effect] : "unknown";
}

static cc_status load_severity(loader *L, const cc_toml_value *v)
{
    const char *tkey = full(L, "severity"), *lab = label(L, "severity");
    if (v->type != CC_TOML_TABLE)
        return wrong_type(L, label(L, ""), "severity", tkey, v, "a table of rule codes");
    cc_config_severity *a = cc_arena_alloc(L->arena, (v->table.count + 1) * sizeof *a);
    for (uint32_t i = 0; i < v->table.count; i++) {
        const cc_toml_entry *e = &v->table.entries[i];
        const char *k = key_text(L, e->key, e->key_len);
        const char *key = cc_arena_printf(L->arena, "%s.%s", tkey, k);
        size_t which;
        cc_status st = rule_pattern(L, lab, k, key, e->pos, e->key, &a[i].pattern);
        if (st == CC_OK)
            st = choice(L, lab, k, key, e->value, SEVERITIES, 3, &which);
        if (st != CC_OK)
            return st;
        a[i].severity = (cc_severity)which; /* SEVERITIES is in cc_severity order */
    }
    L->cfg->severities = a;
    L->cfg->nseverities = v->table.count;
    return CC_OK;
}

static cc_status load_per_file(loader *L, const cc_toml_value *v)
{
    const char *tkey = full(L, "per-file-ignores"), *lab = label(L, "per-file-ignores");
    if (v->type != CC_TOML_TABLE)
        return wrong_type(L, label(L, ""), "per-file-ignores", tkey, v,
                          "a table of globs to arrays of rule codes");
    cc_config_per_file *a = cc_arena_alloc(L->arena, (v->table.count + 1) * sizeof *a);
    for (uint32_t i = 0; i < v->table.count; i++) {
        const cc_toml_entry *e = &v->table.entries[i];
        const char *k = key_text(L, e->key, e->key_len);
        const char *key = cc_arena_printf(L->arena, "%s.%s", tkey, k);
        if (!e->key_len || strlen(e->key) != e->key_len)
            return fail(L, e->pos, key, "%sthe glob %s is empty or holds U+0000", lab, k);
        a[i].glob = cc_arena_strndup(L->arena, e->key, e->key_len);
        cc_status st = code_list(L, lab, k, key, e->value, &a[i].codes, &a[i].ncodes);
        if (st != CC_OK)
            return st;
    }
    L->cfg->per_file_ignores = a;
    L->cfg->nper_file_ignores = v->table.count;
    return CC_OK;
}

static cc_status load_thresholds(loader *L, const cc_toml_value *v)
{
    const char *tkey = full(L, "thresholds"), *lab = label(L, "thresholds");
    if (v->type != CC_TOML_TABLE)
        return wrong_type(L, label(L, ""), "thresholds", tkey, v, "a table");
    cc_config_thresholds *t = &L->cfg->thresholds;
    for (uint32_t i = 0; i < v->table.count; i++) {
        const cc_toml_entry *e = &v->table.entries[i];
        const cc_toml_value *x = e->value;
        const char *key = cc_arena_printf(L->arena, "%s.%s", tkey,
                                          key_text(L, e->key, e->key_len));
        if (!strcmp(e->key, "min-task-seconds")) {
            if (x->type != CC_TOML_FLOAT && x->type != CC_TOML_INTEGER)
                return wrong_type(L, lab, e->key, key, x, "a positive number of seconds");
            double d = x->type == CC_TOML_FLOAT ? x->floating : (double)x->integer;
            if (!(d > 0) || isinf(d))
                return fail(L, x->pos, key, "%s`%s` must be a positive number of seconds, got "
                            "%g", lab, e->key, d);
            t->min_task_seconds = d;
        } else if (!strcmp(e->key, "large-payload-bytes") || !strcmp(e->key, "cpu-bound-steps")) {
            if (x->type != CC_TOML_INTEGER)
                return wrong_type(L, lab, e->key, key, x, "a positive integer");
            if (x->integer <= 0)
                return fail(L, x->pos, key, "%s`%s` must be a positive integer, got %lld", lab,
                            e->key, (long long)x->integer);
            if (e->key[0] == 'l')
                t->large_payload_bytes = x->integer;
            else
                t->cpu_bound_steps = x->integer;
        } else {
            return unknown_key(L, lab, tkey, e, THRESHOLD_KEYS, 3);
        }
    }
    return CC_OK;
}

static bool is_qualified_name(const char *s)
{
    for (;;) {
        unsigned char c = (unsigned char)*s;
        if (!(isalpha(c) || c == '_' || c >= 0x80))
            return false;
        while (isalnum((unsigned char)*s) || *s == '_' || (unsigned char)*s >= 0x80)
            s++;
        if (!*s)
            return true;
        if (*s++ != '.')
            return false;
    }
}

enum { NEFFECTS = sizeof EFFECTS / sizeof EFFECTS[0] };

static cc_status load_knowledge_entry(loader *L, const cc_toml_value *t, uint32_t index,
                                      cc_config_knowledge *k)
{
    const char *lab = cc_arena_printf(L->arena, "[[%s]] ", full(L, "knowledge"));
    const char *ekey = cc_arena_printf(L->arena, "%s[%u]", full(L, "knowledge"), index);
    *k = (cc_config_knowledge){NULL, CC_EFFECT_IO_BOUND, CC_MODEL_UNKNOWN, NULL, -1,
                               t->pos.line, t->pos.col};
    const cc_toml_entry *model = NULL, *what = NULL, *farg = NULL;
    bool has_effect = false;
    cc_status st = CC_OK;
    for (uint32_t i = 0; st == CC_OK && i < t->table.count; i++) {
        const cc_toml_entry *e = &t->table.entries[i];
        const cc_toml_value *x = e->value;
        const char *key = cc_arena_printf(L->arena, "%s.%s", ekey,
                                          key_text(L, e->key, e->key_len));
        if (!strcmp(e->key, "name")) {
            if (!is_plain_string(x))
                return wrong_type(L, lab, "name", key, x, "a string");
            if (!is_qualified_name(x->string.data))
                return fail(L, x->pos, key, "%s`name` must be a dotted qualified name like "
                            "\"pkg.module.function\", got `%s`", lab, x->string.data);
            k->name = copy(L, x);
        } else if (!strcmp(e->key, "effect")) {
            size_t which;
            st = choice(L, lab, "effect", key, x, EFFECTS, NEFFECTS, &which);
            if (st == CC_OK) {
                k->effect = (cc_config_effect)which;
                has_effect = true;
            }
        } else if (!strcmp(e->key, "model")) {
            model = e;
        } else if (!strcmp(e->key, "what")) {
            what = e;
        } else if (!strcmp(e->key, "function-arg")) {
            farg = e;
        } else {
            st = unknown_key(L, lab, ekey, e, KNOWLEDGE_KEYS, 5);
        }
    }
    if (st != CC_OK)
        return st;
    if (!k->name || !has_effect)
        return fail(L, t->pos, ekey, "%sentry %u lacks `%s` (every entry needs `name` and "
                    "`effect`)", lab, index + 1, !k->name ? "name" : "effect");
    const char *eff = EFFECTS[k->effect];
    if (model) {
        static const char *const MODELS[] = {"thread", "process"};
        const char *key = cc_arena_printf(L->arena, "%s.model", ekey);
        size_t which;
        if (k->effect != CC_EFFECT_POOL_NEW && k->effect != CC_EFFECT_START &&
            k->effect != CC_EFFECT_SUBMIT)
            return fail(L, model->pos, key, "%s`model` applies to the effects pool-new, start "
                        "and submit, not %s", lab, eff);
        if ((st = choice(L, lab, "model", key, model->value, MODELS, 2, &which)) != CC_OK)
            return st;
        k->model = which == 0 ? CC_MODEL_THREAD : CC_MODEL_PROCESS;
    }
    if (what) {
        const char *key = cc_arena_printf(L->arena, "%s.what", ekey);
        if (k->effect != CC_EFFECT_UNPICKLABLE)
            return fail(L, what->pos, key, "%s`what` applies to the effect unpicklable, not %s",
                        lab, eff);
        if (!is_plain_string(what->value) || !what->value->string.len)
            return wrong_type(L, lab, "what", key, what->value, "a non-empty string");
        k->what = copy(L, what->value);
    }
    if (farg) {
        const char *key = cc_arena_printf(L->arena, "%s.function-arg", ekey);
        const cc_toml_value *x = farg->value;
        if (k->effect != CC_EFFECT_SUBMIT)
            return fail(L, farg->pos, key, "%s`function-arg` applies to the effect submit, not "
                        "%s", lab, eff);
        if (x->type != CC_TOML_INTEGER)
            return wrong_type(L, lab, "function-arg", key, x,
                              "an integer (the callable's positional index)");
        if (x->integer < 0 || x->integer > 255)
            return fail(L, x->pos, key, "%s`function-arg` must be from 0 to 255, got %lld", lab,
                        (long long)x->integer);
        k->function_arg = (int)x->integer;
    }
    return CC_OK;
}

static cc_status load_knowledge(loader *L, const cc_toml_value *v)
{
    const char *tkey = full(L, "knowledge");
    if (v->type != CC_TOML_ARRAY)
        return wrong_type(L, label(L, ""), "knowledge", tkey, v,
                          "an array of tables ([[knowledge]] entries)");
    cc_config_knowledge *a = cc_arena_alloc(L->arena, (v->array.count + 1) * sizeof *a);
    for (uint32_t i = 0; i < v->array.count; i++) {
        const cc_toml_value *t = v->array.items[i];
        const char *ekey = cc_arena_printf(L->arena, "%s[%u]", tkey, i);
        if (t->type != CC_TOML_TABLE)
            return fail(L, t->pos, ekey, "%s`knowledge` must be an array of tables, got %s at "
                        "index %u", label(L, ""), cc_toml_value_describe(t), i);
        cc_status st = load_knowledge_entry(L, t, i, &a[i]);
        if (st != CC_OK)
            return st;
        for (uint32_t j = 0; j < i; j++)
            if (!strcmp(a[j].name, a[i].name) && a[j].effect == a[i].effect)
                return fail(L, t->pos, ekey, "[[%s]] `%s` is already declared %s at line %u",
                            tkey, a[i].name, EFFECTS[a[i].effect], a[j].line);
    }
    L->cfg->knowledge = a;
    L->cfg->nknowledge = v->array.count;
    return CC_OK;
}

static cc_status load_concur(loader *L, const cc_toml_value *table)
{
    static const char *const LEVELS[] = {"error", "warning", "note", "never"};
    static const cc_fail_on LEVEL_VALUES[] = {CC_FAIL_ON_ERROR, CC_FAIL_ON_WARNING,
                                              CC_FAIL_ON_NOTE, CC_FAIL_ON_NEVER};
    cc_config *c = L->cfg;
    const char *lab = label(L, "");
    cc_status st = CC_OK;
    for (uint32_t i = 0; st == CC_OK && i < table->table.count; i++) {
        const cc_toml_entry *e = &table->table.entries[i];
        const cc_toml_value *v = e->value;
        size_t which = NTOP;
        for (size_t k = 0; k < NTOP; k++)
            if (!strcmp(e->key, TOP_KEYS[k]) && strlen(TOP_KEYS[k]) == e->key_len)
                which = k;
        const char *shown = which < NTOP ? TOP_KEYS[which] : "";
        const char *key = full(L, shown);
        switch (which) {
        case 0: /* select */
            c->has_select = true;
            st = code_list(L, lab, shown, key, v, &c->select, &c->nselect);
            break;
        case 1: /* ignore */
            st = code_list(L, lab, shown, key, v, &c->ignore, &c->nignore);
            break;
        case 2:
            st = load_severity(L, v);
            break;
        case 3: { /* fail-on */
            size_t idx;
            st = choice(L, lab, shown, key, v, LEVELS, 4, &idx);
            if (st == CC_OK)
                c->fail_on = LEVEL_VALUES[idx];
            break;
        }
        case 4: /* target-python */
            if (v->type != CC_TOML_STRING)
                st = wrong_type(L, lab, shown, key, v, "a string like \"3.12\" or \"3.13t\"");
            else if (!cc_pyversion_parse(v->string.data, &c->target_python))
                st = fail(L, v->pos, key, "%s`target-python` must be a version like \"3.12\" or "
                          "\"3.13t\", got `%s`", lab, v->string.data);
            break;
        case 5: { /* source-roots */
            const char **roots;
            st = string_array(L, lab, shown, key, v, true, &roots, &c->nsource_roots);
            for (size_t r = 0; st == CC_OK && r < c->nsource_roots; r++)
                roots[r] = normalise(L->arena, roots[r][0] == '/' ? roots[r]
                                     : cc_arena_printf(L->arena, "%s/%s", c->dir, roots[r]));
            c->source_roots = roots;
            break;
        }
        case 6: { /* exclude */
            const char **ex;
            st = string_array(L, lab, shown, key, v, true, &ex, &c->nexclude);
            c->exclude = ex;
            break;
        }
        case 7:
            st = load_per_file(L, v);
            break;
        case 8:
            st = load_thresholds(L, v);
            break;
        case 9:
            st = load_knowledge(L, v);
            break;
        default:
            st = unknown_key(L, lab, L->base, e, TOP_KEYS, NTOP);
            break;
        }
    }
    return st;
}

/* [project] requires-python of a pyproject.toml. */
static cc_status load_requires_python(loader *L, const cc_toml_value *root)
{
    const cc_toml_value *project = cc_toml_table_get(root, "project");
    if (!project || project->type != CC_TOML_TABLE)
        return CC_OK; /* not ours to judge */
    const cc_toml_value *rp = cc_toml_table_get(project, "requires-python");
    if (!rp)
        return CC_OK;
    if (!is_plain_string(rp))
        return fail(L, rp->pos, "project.requires-python",
                    "[project] `requires-python` must be a string like \">=3.10\", got %s",
                    cc_toml_value_describe(rp));
    if (!specifier_minimum(rp->string.data, &L->cfg->requires_python_min))
        return fail(L, rp->pos, "project.requires-python",
                    "[project] `requires-python` is not a version specifier (PEP 440) like "
                    "\">=3.10\": `%s`", rp->string.data);
    L->cfg->requires_python = copy(L, rp);
    return CC_OK;
}

/* The concur table of a pyproject.toml, NULL when it has none. */
static cc_status pyproject_concur(loader *L, const cc_toml_value *root, const cc_toml_value **out)
{
    *out = NULL;
    const cc_toml_value *tool = cc_toml_table_get(root, "tool");
    if (!tool)
        return CC_OK;
    if (tool->type != CC_TOML_TABLE)
        return fail(L, tool->pos, "tool", "`tool` must be a table, got %s",
                    cc_toml_value_describe(tool));
    const cc_toml_value *concur = cc_toml_table_get(tool, "concur");
    if (concur && concur->type != CC_TOML_TABLE)
        return fail(L, concur->pos, "tool.concur", "`tool.concur` must be a table, got %s",
                    cc_toml_value_describe(concur));
    *out = concur;
    return CC_OK;
}

/* ---- public ---------------------------------------------------------------------------------- */

cc_status cc_config_load(const char *path, cc_config **out, cc_config_error *err)
{
    cc_config_error scratch;
    if (!err)
        err = &scratch;
    memset(err, 0, sizeof *err);
    snprintf(err->path, sizeof err->path, "%s", path);
    *out = NULL;
    char *text;
    size_t len;
    if (read_file(path, &text, &len) != CC_OK) {
        snprintf(err->message, sizeof err->message, "cannot read the configuration: %s",
                 strerror(errno));
        return CC_ERR_IO;
    }
    cc_toml_document *doc;
    cc_toml_error terr;
    cc_status st = cc_toml_document_new(text, len, &doc, &terr);
    free(text);
    if (st != CC_OK) {
        err->line = terr.pos.line;
        err->column = terr.pos.col;
        snprintf(err->key, sizeof err->key, "%s", terr.key);
        snprintf(err->message, sizeof err->message, "%s", terr.message);
        return st == CC_ERR_NOMEM ? CC_ERR_NOMEM : CC_ERR_CONFIG;
    }
    config_box *box = cc_xcalloc(1, sizeof *box);
    box->arena = cc_arena_new();
    if (!box->arena) {
        free(box);
        cc_toml_document_delete(doc);
        snprintf(err->message, sizeof err->message, "out of memory");
        return CC_ERR_NOMEM;
    }
    cc_config *c = &box->cfg;
    loader L = {box->arena, c, err, ""};
    char real[PATH_MAX];
    c->path = realpath(path, real) ? cc_arena_strndup(box->arena, real, strlen(real))
                                   : absolute(box->arena, path);
    if (!c->path) {
        snprintf(err->message, sizeof err->message, "cannot name the current folder: %s",
                 strerror(errno));
        st = CC_ERR_IO;
        goto done;
    }
    const char *slash = strrchr(c->path, '/');
    c->dir = slash == c->path ? "/" : cc_arena_strndup(box->arena, c->path,
                                                       (size_t)(slash - c->path));
    c->pyproject = !strcmp(base_name(path), "pyproject.toml");
    const cc_toml_value *root = cc_toml_document_root(doc), *concur = root;
    st = CC_OK;
    if (c->pyproject) {
        L.base = "tool.concur";
        st = load_requires_python(&L, root);
        if (st == CC_OK)
            st = pyproject_concur(&L, root, &concur);
    }
    if (st == CC_OK && concur)
        st = load_concur(&L, concur);
done:
    cc_toml_document_delete(doc); /* the config holds copies of everything it keeps */
    if (st != CC_OK) {
        cc_arena_delete(box->arena);
        free(box);
        return st;
    }
    *out = c;
    return CC_OK;
}

void cc_config_delete(cc_config *self)
{
    if (!self)
        return;
    config_box *box = (config_box *)self;
    cc_arena_delete(box->arena);
    free(box);
}

int cc_config_error_format(const cc_config_error *self, char *buf, size_t cap)
{
    if (self->line)
        return snprintf(buf, cap, "%s:%u:%u: %s", self->path, self->line, self->column,
                        self->message);
    return snprintf(buf, cap, "%s: %s", self->path, self->message);
}

cc_pyversion cc_config_target(const cc_config *self)
{
    if (!self)
        return (cc_pyversion){0, 0, false};
    if (self->target_python.major)
        return self->target_python;
    return self->requires_python_min;
}

bool cc_config_ignores(const cc_config *self, const char *path, const char *code)
{
    if (!self || !self->nper_file_ignores)
        return false;
    char joined[2 * PATH_MAX + 2], abs[2 * PATH_MAX + 4];
    const char *rel = path;
    size_t len = strlen(path);
    if (path[0] == '/' && len < sizeof joined) {
        normalise_to(abs, path);
        rel = abs;
    } else if (len < PATH_MAX && getcwd(joined, PATH_MAX)) {
        size_t n = strlen(joined);
        joined[n] = '/';
        memcpy(joined + n + 1, path, len + 1);
        normalise_to(abs, joined);
        rel = abs;
    }
    size_t dl = strlen(self->dir);
    if (rel == abs && !strncmp(abs, self->dir, dl) && (abs[dl] == '/' || dl == 1))
        rel = abs + dl + (dl > 1);
    const char *name = base_name(rel);
    bool hit = false;
    for (size_t i = 0; i < self->nper_file_ignores && !hit; i++) {
        const cc_config_per_file *pf = &self->per_file_ignores[i];
        const char *glob = !strncmp(pf->glob, "./", 2) ? pf->glob + 2 : pf->glob;
        if (fnmatch(glob, rel, 0) && fnmatch(glob, name, 0))
            continue;
        for (size_t k = 0; k < pf->ncodes && !hit; k++)
            hit = cc_rule_matches(pf->codes[k], code);
    }
    return hit;
}

cc_severity cc_config_severity_of(const cc_config *self, const char *code, cc_severity fallback)
{
    if (!self)
        return fallback;
    size_t best = 0;
    bool found = false;
    for (size_t i = 0; i < self->nseverities; i++) {
        const char *p = self->severities[i].pattern;
        size_t len = strcmp(p, "ALL") ? strlen(p) : 0;
        if (cc_rule_matches(p, code) && (!found || len >= best)) {
            best = len;
            found = true;
            fallback = self->severities[i].severity;
        }
    }
    return fallback;
}

/* True when the pyproject.toml at path has a [tool.concur] table, or is not valid TOML (so that
 * loading it reports the error). */
static cc_status pyproject_has_concur(const char *path, bool *has)
{
    char *text;
    size_t len;
    if (read_file(path, &text, &len) != CC_OK)
        return CC_ERR_IO;
    cc_toml_document *doc;
    cc_status st = cc_toml_document_new(text, len, &doc, NULL);
    free(text);
    if (st == CC_ERR_NOMEM)
        return st;
    if (st != CC_OK) {
        *has = true;
        return CC_OK;
    }
    const cc_toml_value *tool = cc_toml_table_get(cc_toml_document_root(doc), "tool");
    *has = tool && (tool->type != CC_TOML_TABLE || cc_toml_table_get(tool, "concur"));
    cc_toml_document_delete(doc);
    return CC_OK;
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static cc_status put_path(char *out, size_t cap, const char *path)
{
    if (strlen(path) >= cap)
        return CC_ERR_USAGE;
    memcpy(out, path, strlen(path) + 1);
    return CC_OK;
}

cc_status cc_config_find(const char *const *paths, size_t n, char *out_path, size_t cap,
                         bool *found)
{
    *found = false;
    cc_arena *a = cc_arena_new();
    if (!a)
        return CC_ERR_NOMEM;
    cc_status st = CC_OK;
    static const char *const here[] = {"."};
    if (n == 0) {
        paths = here;
        n = 1;
    }
    for (size_t i = 0; i < n && st == CC_OK && !*found; i++) {
        char real[PATH_MAX];
        char *dir = realpath(paths[i], real) ? cc_arena_strndup(a, real, strlen(real))
                                             : absolute(a, paths[i]);
        if (!dir) {
            st = CC_ERR_IO;
            break;
        }
        struct stat sb;
        if (!(stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode))) {
            char *slash = strrchr(dir, '/');
            if (slash == dir)
                dir[1] = '\0';
            else
                *slash = '\0';
        }
        for (;;) {
            const char *sep = strcmp(dir, "/") ? "/" : "";
            char *cand = cc_arena_printf(a, "%s%s.concur.toml", dir, sep);
            if (is_file(cand)) {
                st = put_path(out_path, cap, cand);
                *found = st == CC_OK;
                break;
            }
            cand = cc_arena_printf(a, "%s%spyproject.toml", dir, sep);
            if (is_file(cand)) {
                bool has = false;
                st = pyproject_has_concur(cand, &has);
                if (st == CC_ERR_IO) {
                    if (put_path(out_path, cap, cand) != CC_OK && cap)
                        out_path[0] = '\0';
                    break;
                }
                if (st == CC_OK && has) {
                    st = put_path(out_path, cap, cand);
                    *found = st == CC_OK;
                }
                if (st != CC_OK || has)
                    break;
            }
            if (!strcmp(dir, "/"))
                break;
            char *slash = strrchr(dir, '/');
            if (slash == dir)
                dir[1] = '\0';
            else
                *slash = '\0';
        }
    }
    cc_arena_delete(a);
    return st;
}
