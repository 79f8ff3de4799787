/* toml.c - TOML text → a validated value tree, through tree-sitter-toml 0.7.0.
 *
 * The only file that includes tree_sitter for TOML. The grammar gives the shape of the text; this
 * file checks what a syntax tree cannot (escapes, ranges, dates, the table rules of TOML 1.0)
 * and builds plain structs owned by one arena per document.
 *
 * Table rules follow tomli (the reference for Python's tomllib): a [header] defines its table
 * once; a table created by dotted keys can take more dotted keys only in the section (or inline
 * table) that created it, and never a header of its own, though headers may define tables below
 * it; inline tables and static arrays are complete where they are written.
 *
 * Grammar quirks handled here: it accepts two pairs on one line (`a = 1 b = 2`), so every pair
 * and header is checked to start a line; it refuses a line-ending backslash followed by spaces in
 * a multi-line basic string, which TOML allows, so the parser reads a copy where the backslash
 * is moved after the spaces (strings are decoded from the original text); its scanner takes a
 * run of three or more quotes before the closing delimiter as content (a string `'''x''''''`),
 * which TOML forbids, so decoding checks for it. Its escape rule does not check Unicode scalar
 * values, nor its date rule calendars; both are checked here.
 *
 * Walks: the syntax-error scan uses a tree cursor; values are built recursively, bounded by
 * CC_TOML_MAX_DEPTH (containers deeper than that are an error before the recursion goes on). */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

#include "concur/arena.h"
#include "toml.h"

const TSLanguage *tree_sitter_toml(void);

enum { F_HEADER = 1, F_DOTTED = 2, F_FROZEN = 4 };
enum { INDEX_MIN = 8 }; /* tables with more keys than this get a hash index */

/* A table or an array while it is built; the public value is its first member, so a value of
 * type TABLE or ARRAY can be cast back to its node. */
typedef struct node {
    cc_toml_value v;
    cc_toml_entry *entries;      /* tables */
    cc_toml_value **items;       /* arrays */
    uint32_t cap;
    uint32_t *index;             /* open addressing: entry index + 1, 0 for empty */
    uint32_t index_cap;          /* a power of two, or 0 */
    uint32_t section;            /* F_DOTTED: the section or inline table that defined it */
    uint32_t depth;
    unsigned flags;
    cc_toml_pos defined;         /* where it was defined (header, dotted key, `{`, `[`) */
    const char *path;            /* its key path from the root, for messages */
} node;

struct cc_toml_document {
    cc_arena *arena;
    const cc_toml_value *root;
};

typedef enum nk {
    N_OTHER, N_ERROR, N_PAIR, N_TABLE, N_TABLE_ARRAY, N_BARE_KEY, N_QUOTED_KEY, N_DOTTED_KEY,
    N_STRING, N_INTEGER, N_FLOAT, N_BOOLEAN, N_OFFSET_DT, N_LOCAL_DT, N_LOCAL_DATE, N_LOCAL_TIME,
    N_ARRAY, N_INLINE_TABLE, N_COMMENT,
} nk;

typedef struct keypart {
    const char *s;               /* decoded, in the arena */
    uint32_t len;
    uint32_t off;                /* byte offset of the key in the text */
} keypart;

typedef struct parser {
    const char *text;            /* the original text */
    uint32_t len;
    uint32_t base;               /* bytes before the parsed part (a byte order mark) */
    uint32_t *lines;             /* offset of each line's first byte */
    size_t nlines;
    cc_arena *arena;
    cc_toml_error err;
    locale_t c_locale;
    uint32_t next_section;
    keypart *keys;               /* the key being read; reused */
    size_t nkeys, capkeys;
} parser;

/* ---- positions and errors -------------------------------------------------------------------- */

static cc_toml_pos pos_of(const parser *p, uint32_t off)
{
    size_t lo = 0, hi = p->nlines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->lines[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    uint32_t col = 1;
    for (uint32_t i = p->lines[lo]; i < off && i < p->len; i++)
        if (((unsigned char)p->text[i] & 0xC0) != 0x80)
            col++;
    return (cc_toml_pos){(uint32_t)lo + 1, col};
}

static cc_status fail_pos(parser *p, cc_toml_error_kind kind, cc_toml_pos pos, cc_toml_pos first,
                          const char *key, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static cc_status fail_pos(parser *p, cc_toml_error_kind kind, cc_toml_pos pos, cc_toml_pos first,
                          const char *key, const char *fmt, ...)
{
    p->err.kind = kind;
    p->err.pos = pos;
    p->err.first = first;
    snprintf(p->err.key, sizeof p->err.key, "%s", key ? key : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err.message, sizeof p->err.message, fmt, ap);
    va_end(ap);
    return CC_ERR_PARSE;
}

#define fail_at(p, kind, off, key, ...)                                                        \
    fail_pos((p), (kind), pos_of((p), (off)), (cc_toml_pos){0, 0}, (key), __VA_ARGS__)

/* Quotes up to `max` code points of text[off..end) for a message, stopping at a line end. */
static const char *snippet(parser *p, uint32_t off, uint32_t end, uint32_t max)
{
    uint32_t i = off, n = 0;
    bool cut = false;
    if (end > p->len)
        end = p->len;
    for (; i < end && p->text[i] != '\n' && p->text[i] != '\r'; i++) {
        if (((unsigned char)p->text[i] & 0xC0) != 0x80 && n++ == max) {
            cut = true;
            break;
        }
    }
    while (i > off && (p->text[i - 1] == ' ' || p->text[i - 1] == '\t'))
        i--;
    const char *s = cc_arena_strndup(p->arena, p->text + off, i - off);
    return cut ? cc_arena_printf(p->arena, "%s...", s) : s;
}

size_t cc_toml_key_format(const char *key, size_t len, char *buf, size_t cap)
{
    bool bare = len > 0;
    for (size_t i = 0; i < len && bare; i++) {
        char c = key[i];
        bare = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
    }
    size_t n = 0;
#define PUT(ch)                                                                                \
    do {                                                                                       \
        if (cap && n < cap - 1)                                                                \
            buf[n] = (ch);                                                                     \
        n++;                                                                                   \
    } while (0)
    if (!bare)
        PUT('"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)key[i];
        if (!bare && (c == '"' || c == '\\')) {
            PUT('\\');
            PUT((char)c);
        } else if (!bare && (c < 0x20 || c == 0x7F)) {
            char esc[8];
            snprintf(esc, sizeof esc, "\\u%04X", c);
            for (int k = 0; esc[k]; k++)
                PUT(esc[k]);
        } else {
            PUT((char)c);
        }
    }
    if (!bare)
        PUT('"');
#undef PUT
    if (cap)
        buf[n < cap ? n : cap - 1] = '\0';
    return n;
}

static const char *key_path(parser *p, const char *parent, const keypart *k)
{
    char small[128];
    size_t need = cc_toml_key_format(k->s, k->len, small, sizeof small);
    char *part = small;
    if (need >= sizeof small) {
        part = cc_arena_alloc_raw(p->arena, need + 1);
        cc_toml_key_format(k->s, k->len, part, need + 1);
    }
    return parent && parent[0] ? cc_arena_printf(p->arena, "%s.%s", parent, part)
                               : cc_arena_strndup(p->arena, part, need);
}

/* ---- node kinds and children ----------------------------------------------------------------- */

static nk kind_of(TSNode n)
{
    if (ts_node_is_null(n))
        return N_OTHER;
    /* ts_builtin_sym_error; 0.20.7 has no ts_node_is_error */
    if (ts_node_symbol(n) == (TSSymbol)-1)
        return N_ERROR;
    if (!ts_node_is_named(n))
        return N_OTHER;
    static const struct {
        const char *name;
        nk kind;
    } KINDS[] = {
        {"pair", N_PAIR}, {"table", N_TABLE}, {"table_array_element", N_TABLE_ARRAY},
        {"bare_key", N_BARE_KEY}, {"quoted_key", N_QUOTED_KEY}, {"dotted_key", N_DOTTED_KEY},
        {"string", N_STRING}, {"integer", N_INTEGER}, {"float", N_FLOAT},
        {"boolean", N_BOOLEAN}, {"offset_date_time", N_OFFSET_DT},
        {"local_date_time", N_LOCAL_DT}, {"local_date", N_LOCAL_DATE},
        {"local_time", N_LOCAL_TIME}, {"array", N_ARRAY}, {"inline_table", N_INLINE_TABLE},
        {"comment", N_COMMENT},
    };
    const char *t = ts_node_type(n);
    for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (!strcmp(t, KINDS[i].name))
            return KINDS[i].kind;
    return N_OTHER;
}

static uint32_t start_of(const parser *p, TSNode n)
{
    return ts_node_start_byte(n) + p->base;
}

static uint32_t end_of(const parser *p, TSNode n)
{
    return ts_node_end_byte(n) + p->base;
}

/* Iterates the named children of a node that are not comments, in O(1) per step (ts_node_child
 * is O(i) in 0.20). */
typedef struct kids {
    TSTreeCursor c;
    bool started, done;
} kids;

static kids kids_of(TSNode n)
{
    return (kids){ts_tree_cursor_new(n), false, false};
}

static bool kids_next(kids *k, TSNode *out)
{
    for (;;) {
        if (k->done)
            return false;
        bool moved = k->started ? ts_tree_cursor_goto_next_sibling(&k->c)
                                : ts_tree_cursor_goto_first_child(&k->c);
        k->started = true;
        if (!moved) {
            k->done = true;
            return false;
        }
        TSNode n = ts_tree_cursor_current_node(&k->c);
        if (ts_node_is_named(n) && kind_of(n) != N_COMMENT) {
            *out = n;
            return true;
        }
    }
}

static void kids_done(kids *k)
{
    ts_tree_cursor_delete(&k->c);
}

/* ---- encoding -------------------------------------------------------------------------------- */

/* Length of the UTF-8 sequence at s[0..n), or 0 when it is not valid UTF-8 (overlong forms,
 * surrogates and values above U+10FFFF are invalid). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    uint32_t cp, min;
    if ((c & 0xE0) == 0xC0) {
        len = 2, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, cp = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

static size_t utf8_put(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Checks UTF-8 and builds the line table. */
static cc_status scan_text(parser *p)
{
    size_t cap = 64;
    p->lines = cc_xmalloc(cap * sizeof *p->lines);
    p->lines[0] = 0;
    p->nlines = 1;
    const unsigned char *s = (const unsigned char *)p->text;
    for (uint32_t i = 0; i < p->len;) {
        size_t n = utf8_len(s + i, p->len - i);
        if (n == 0)
            return fail_at(p, CC_TOML_ERR_ENCODING, i, NULL,
                           "invalid UTF-8 (byte 0x%02X); TOML files are UTF-8", s[i]);
        if (s[i] == '\n')
            CC_VEC_PUSH(p->lines, p->nlines, cap, i + 1);
        bool crlf = s[i] == '\r' && i + 1 < p->len && s[i + 1] == '\n';
        if ((s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && !crlf) || s[i] == 0x7F)
            return fail_at(p, CC_TOML_ERR_ESCAPE, i, NULL,
                           "control character U+%04X is not allowed in TOML (in a string, "
                           "write it as an escape such as \\u%04X)", s[i], s[i]);
        i += (uint32_t)n;
    }
    return CC_OK;
}

/* The grammar refuses `\` + spaces + line end in multi-line basic strings, which TOML 1.0
 * allows. Returns a copy of the text with each such backslash moved after its spaces (same
 * length, same line structure), or NULL when there is none. `\\` pairs are skipped so an escaped
 * backslash is never moved. Outside strings the moved backslash is still a syntax error. */
static char *grammar_copy(const parser *p)
{
    char *copy = NULL;
    const char *t = p->text;
    for (uint32_t i = p->base; i < p->len; i++) {
        if (t[i] != '\\')
            continue;
        if (i + 1 < p->len && t[i + 1] == '\\') {
            i++;
            continue;
        }
        uint32_t j = i + 1;
        while (j < p->len && (t[j] == ' ' || t[j] == '\t'))
            j++;
        bool eol = j < p->len && (t[j] == '\n' || (t[j] == '\r' && j + 1 < p->len &&
                                                   t[j + 1] == '\n'));
        if (j == i + 1 || !eol)
            continue;
        if (!copy)
            copy = cc_arena_dup(p->arena, t, p->len);
        memmove(copy + i, t + i + 1, j - i - 1);
        copy[j - 1] = '\\';
        i = j - 1;
    }
    return copy;
}

/* ---- syntax errors --------------------------------------------------------------------------- */

static bool is_problem(TSNode n)
{
    return ts_node_is_missing(n) || ts_node_symbol(n) == (TSSymbol)-1;
}

/* The first ERROR or MISSING node at or below n in document order (n itself when it is one), or
 * a null node. Subtrees without errors are skipped. */
static TSNode first_problem(TSNode n, bool include_self)
{
    if (include_self && is_problem(n))
        return n;
    TSTreeCursor c = ts_tree_cursor_new(n);
    TSNode found = {{0}, NULL, NULL};
    bool descend = true;
    for (;;) {
        if (descend && ts_tree_cursor_goto_first_child(&c)) {
            /* moved down */
        } else {
            while (!ts_tree_cursor_goto_next_sibling(&c))
                if (!ts_tree_cursor_goto_parent(&c))
                    goto out;
        }
        TSNode cur = ts_tree_cursor_current_node(&c);
        if (is_problem(cur)) {
            found = cur;
            break;
        }
        descend = ts_node_has_error(cur);
    }
out:
    ts_tree_cursor_delete(&c);
    return found;
}

static bool is_value_leaf(nk k)
{
    return k == N_INTEGER || k == N_FLOAT || k == N_BOOLEAN || k == N_OFFSET_DT ||
           k == N_LOCAL_DT || k == N_LOCAL_DATE || k == N_LOCAL_TIME;
}

static cc_status escape_error(parser *p, uint32_t off)
{
    const char *t = p->text;
    uint32_t end = off + 1;
    char c = end < p->len ? t[end] : '\0';
    if (c == 'u' || c == 'U') {
        unsigned want = c == 'u' ? 4 : 8, have = 0;
        while (have < want && end + 1 + have < p->len && hex_digit(t[end + 1 + have]) >= 0)
            have++;
        return fail_at(p, CC_TOML_ERR_ESCAPE, off, NULL,
                       "invalid escape `%s`: \\%c needs exactly %u hexadecimal digits",
                       snippet(p, off, end + 1 + have, 12), c, want);
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        return fail_at(p, CC_TOML_ERR_ESCAPE, off, NULL,
                       "invalid escape: a backslash before the end of a line is only allowed in "
                       "multi-line basic strings (\"\"\"...\"\"\")");
    size_t n = end < p->len ? utf8_len((const unsigned char *)t + end, p->len - end) : 0;
    return fail_at(p, CC_TOML_ERR_ESCAPE, off, NULL,
                   "invalid escape `%s` (TOML has \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX "
                   "\\UXXXXXXXX)", snippet(p, off, end + (uint32_t)n, 4));
}

static cc_status syntax_error(parser *p, TSNode root)
{
    TSNode e = first_problem(root, true);
    if (ts_node_is_null(e)) {
        /* Only a hidden token is missing (a line end): name the innermost node holding it. */
        e = root;
        for (bool deeper = true; deeper;) {
            deeper = false;
            TSTreeCursor c = ts_tree_cursor_new(e);
            for (bool more = ts_tree_cursor_goto_first_child(&c); more;
                 more = ts_tree_cursor_goto_next_sibling(&c)) {
                TSNode child = ts_tree_cursor_current_node(&c);
                if (ts_node_has_error(child)) {
                    e = child;
                    deeper = true;
                    break;
                }
            }
            ts_tree_cursor_delete(&c);
        }
        uint32_t at = start_of(p, e);
        return fail_at(p, CC_TOML_ERR_SYNTAX, at, NULL, "syntax error in `%s`",
                       snippet(p, at, end_of(p, e), 40));
    }
    /* The outermost ERROR often spans a whole pair; a nested one is more precise. */
    while (!ts_node_is_missing(e)) {
        TSNode inner = first_problem(e, false);
        if (ts_node_is_null(inner))
            break;
        e = inner;
    }
    uint32_t off = start_of(p, e);
    if (ts_node_is_missing(e)) {
        const char *type = ts_node_type(e);
        if (ts_node_is_named(e))
            return fail_at(p, CC_TOML_ERR_SYNTAX, off, NULL, "syntax error: missing %s", type);
        return fail_at(p, CC_TOML_ERR_SYNTAX, off, NULL, "syntax error: missing `%s`", type);
    }
    if (off < p->len && p->text[off] == '\\')
        return escape_error(p, off);
    /* A number or date run together with what follows (`012`, `1__0`, `+0x1`, `1.e5`) is
     * split by the lexer into a value and a bare key; name the whole token. */
    TSTreeCursor c = ts_tree_cursor_new(e);
    uint32_t run_start = 0, run_end = 0, run_len = 0;
    nk run_kind = N_OTHER;
    for (bool more = ts_tree_cursor_goto_first_child(&c); more;
         more = ts_tree_cursor_goto_next_sibling(&c)) {
        TSNode child = ts_tree_cursor_current_node(&c);
        nk ck = kind_of(child);
        bool joins = is_value_leaf(ck) || ck == N_BARE_KEY ||
                     (!ts_node_is_named(child) && !strcmp(ts_node_type(child), "."));
        if (run_len && joins && start_of(p, child) == run_end) {
            run_end = end_of(p, child);
            run_len++;
            continue;
        }
        if (run_len >= 2)
            break;
        run_len = 0;
        if (is_value_leaf(ck)) {
            run_kind = ck;
            run_start = start_of(p, child);
            run_end = end_of(p, child);
            run_len = 1;
        }
    }
    ts_tree_cursor_delete(&c);
    if (run_len >= 2) {
        const char *text = snippet(p, run_start, run_end, 40);
        if (run_kind == N_INTEGER || run_kind == N_FLOAT)
            return fail_at(p, CC_TOML_ERR_INTEGER, run_start, NULL,
                           "invalid number `%s` (no leading zeros, `_` only between digits, no "
                           "sign on 0x/0o/0b numbers, digits on both sides of `.`)", text);
        return fail_at(p, CC_TOML_ERR_SYNTAX, run_start, NULL, "invalid value `%s`", text);
    }
    /* `key = <something wrong>` (the ERROR starts with the key, or with `=` inside a pair):
     * name the value. */
    bool eq = false, keyed = false;
    TSNode after = {{0}, NULL, NULL};
    uint32_t eq_end = 0, nth = 0;
    nk parent = kind_of(ts_node_parent(e));
    c = ts_tree_cursor_new(e);
    for (bool more = ts_tree_cursor_goto_first_child(&c); more;
         more = ts_tree_cursor_goto_next_sibling(&c), nth++) {
        TSNode child = ts_tree_cursor_current_node(&c);
        nk ck = kind_of(child);
        if (eq) {
            after = child;
            break;
        }
        if (nth == 0 && (ck == N_BARE_KEY || ck == N_QUOTED_KEY || ck == N_DOTTED_KEY)) {
            keyed = true;
        } else if (!ts_node_is_named(child) && !strcmp(ts_node_type(child), "=") &&
                   (nth == 1 ? keyed : nth == 0 && parent == N_PAIR)) {
            eq = true;
            eq_end = end_of(p, child);
        } else {
            break;
        }
    }
    ts_tree_cursor_delete(&c);
    if (eq && keyed && parent == N_INLINE_TABLE)
        return fail_at(p, CC_TOML_ERR_SYNTAX, off, NULL,
                       "syntax error: expected `,` or `}` before `%s`",
                       snippet(p, off, end_of(p, e), 40));
    if (eq) {
        if (ts_node_is_null(after)) {
            while (eq_end < p->len && (p->text[eq_end] == ' ' || p->text[eq_end] == '\t'))
                eq_end++;
            return fail_at(p, CC_TOML_ERR_SYNTAX, eq_end, NULL,
                           "syntax error: missing value after `=`");
        }
        uint32_t at = start_of(p, after);
        const char *type = ts_node_type(after);
        if (!ts_node_is_named(after) && (type[0] == '"' || type[0] == '\''))
            return fail_at(p, CC_TOML_ERR_SYNTAX, at, NULL,
                           "syntax error: unterminated string (a `%s` string must end with "
                           "`%s`%s)", type, type, strlen(type) == 1 ? " on the same line" : "");
        if (!ts_node_is_named(after) && !strcmp(type, "["))
            return fail_at(p, CC_TOML_ERR_SYNTAX, at, NULL,
                           "syntax error: array not closed with `]`, or a bad value in it");
        if (!ts_node_is_named(after) && !strcmp(type, "{"))
            return fail_at(p, CC_TOML_ERR_SYNTAX, at, NULL,
                           "syntax error: inline table not closed with `}` on the same line, or "
                           "a bad value in it");
        if (kind_of(after) == N_BARE_KEY)
            return fail_at(p, CC_TOML_ERR_SYNTAX, at, NULL,
                           "syntax error: invalid value `%s` (strings need quotes; booleans are "
                           "`true` and `false`)", snippet(p, at, end_of(p, after), 40));
        return fail_at(p, CC_TOML_ERR_SYNTAX, at, NULL, "syntax error: invalid value `%s`",
                       snippet(p, at, end_of(p, e), 40));
    }
    const char *text = snippet(p, off, end_of(p, e), 40);
    if (!text[0])
        return fail_at(p, CC_TOML_ERR_SYNTAX, off, NULL, "syntax error: unexpected end of %s",
                       off < p->len ? "line" : "file");
    return fail_at(p, CC_TOML_ERR_SYNTAX, off, NULL, "syntax error at `%s`", text);
}

/* ---- tables ---------------------------------------------------------------------------------- */

static uint32_t hash_key(const char *s, uint32_t len)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static int find_entry(const node *t, const char *s, uint32_t len)
{
    uint32_t n = t->v.table.count;
    if (t->index_cap) {
        uint32_t mask = t->index_cap - 1;
        for (uint32_t h = hash_key(s, len) & mask;; h = (h + 1) & mask) {
            uint32_t slot = t->index[h];
            if (!slot)
                return -1;
            const cc_toml_entry *e = &t->entries[slot - 1];
            if (e->key_len == len && !memcmp(e->key, s, len))
                return (int)(slot - 1);
        }
    }
    for (uint32_t i = 0; i < n; i++)
        if (t->entries[i].key_len == len && !memcmp(t->entries[i].key, s, len))
            return (int)i;
    return -1;
}

static void index_put(node *t, uint32_t i)
{
    uint32_t mask = t->index_cap - 1;
    const cc_toml_entry *e = &t->entries[i];
    uint32_t h = hash_key(e->key, e->key_len) & mask;
    while (t->index[h])
        h = (h + 1) & mask;
    t->index[h] = i + 1;
}

static void add_entry(parser *p, node *t, const keypart *k, const cc_toml_value *v)
{
    uint32_t n = t->v.table.count;
    if (n == t->cap) {
        uint32_t cap = t->cap ? t->cap * 2 : 4;
        cc_toml_entry *grown = cc_arena_alloc_raw(p->arena, cap * sizeof *grown);
        if (n)
            memcpy(grown, t->entries, n * sizeof *grown);
        t->entries = grown;
        t->cap = cap;
    }
    t->entries[n] = (cc_toml_entry){k->s, k->len, pos_of(p, k->off), v};
    t->v.table.entries = t->entries;
    t->v.table.count = n + 1;
    if (n + 1 > INDEX_MIN) {
        if (2 * (n + 1) > t->index_cap) {
            t->index_cap = t->index_cap ? t->index_cap * 2 : 4 * INDEX_MIN;
            t->index = cc_arena_alloc(p->arena, t->index_cap * sizeof *t->index);
            for (uint32_t i = 0; i <= n; i++)
                index_put(t, i);
        } else {
            index_put(t, n);
        }
    }
}

static void push_item(parser *p, node *a, cc_toml_value *v)
{
    uint32_t n = a->v.array.count;
    if (n == a->cap) {
        uint32_t cap = a->cap ? a->cap * 2 : 4;
        cc_toml_value **grown = cc_arena_alloc_raw(p->arena, cap * sizeof *grown);
        if (n)
            memcpy(grown, a->items, n * sizeof *grown);
        a->items = grown;
        a->cap = cap;
    }
    a->items[n] = v;
    a->v.array.items = (const cc_toml_value *const *)a->items;
    a->v.array.count = n + 1;
}

static cc_status new_node(parser *p, cc_toml_type type, uint32_t depth, uint32_t off,
                          const char *path, node **out)
{
    if (depth > CC_TOML_MAX_DEPTH)
        return fail_at(p, CC_TOML_ERR_TOO_DEEP, off, path,
                       "values are nested more than %d levels deep here", CC_TOML_MAX_DEPTH);
    node *n = cc_arena_alloc(p->arena, sizeof *n);
    n->v.type = type;
    n->v.pos = pos_of(p, off);
    n->depth = depth;
    n->defined = n->v.pos;
    n->path = path;
    *out = n;
    return CC_OK;
}

static cc_status new_table(parser *p, node *parent, const keypart *k, cc_toml_table_kind kind,
                           unsigned flags, uint32_t section, node **out)
{
    const char *path = key_path(p, parent->path, k);
    cc_status st = new_node(p, CC_TOML_TABLE, parent->depth + 1, k->off, path, out);
    if (st != CC_OK)
        return st;
    (*out)->v.table.kind = kind;
    (*out)->flags = flags;
    (*out)->section = section;
    add_entry(p, parent, k, &(*out)->v);
    return CC_OK;
}

static const char *at_line(parser *p, cc_toml_pos pos)
{
    return cc_arena_printf(p->arena, "line %u, column %u", pos.line, pos.col);
}

/* Error for defining `k` in t again, where e already holds it; `as_table` when the new
 * definition makes it a table (a header or a dotted key). */
static cc_status duplicate(parser *p, node *t, const keypart *k, const cc_toml_entry *e,
                           bool as_table)
{
    const char *path = key_path(p, t->path, k);
    if (as_table || e->value->type == CC_TOML_TABLE ||
        (e->value->type == CC_TOML_ARRAY && e->value->array.of_tables))
        return fail_pos(p, CC_TOML_ERR_DUPLICATE_KEY, pos_of(p, k->off), e->pos, path,
                        "duplicate key `%s`: it is already defined as %s at %s", path,
                        cc_toml_value_describe(e->value), at_line(p, e->pos));
    return fail_pos(p, CC_TOML_ERR_DUPLICATE_KEY, pos_of(p, k->off), e->pos, path,
                    "duplicate key `%s` (first defined at %s)", path, at_line(p, e->pos));
}

/* One step of a dotted key `k.rest = v` inside t, in section `section`. */
static cc_status dotted_step(parser *p, node **t, const keypart *k, uint32_t section)
{
    int i = find_entry(*t, k->s, k->len);
    if (i < 0)
        return new_table(p, *t, k, CC_TOML_TABLE_DOTTED, F_DOTTED, section, t);
    const cc_toml_entry *e = &(*t)->entries[i];
    node *n = (node *)e->value;
    cc_toml_pos at = pos_of(p, k->off);
    if (e->value->type == CC_TOML_TABLE) {
        if (n->flags & F_FROZEN)
            return fail_pos(p, CC_TOML_ERR_INLINE_EXTENDED, at, n->defined, n->path,
                            "inline table `%s` (%s) cannot be extended: inline tables are "
                            "complete where they are written", n->path, at_line(p, n->defined));
        if (n->flags & F_HEADER)
            return fail_pos(p, CC_TOML_ERR_TABLE_REDEFINED, at, n->defined, n->path,
                            "table `%s` is defined by a header at %s; dotted keys cannot add to "
                            "it from another table", n->path, at_line(p, n->defined));
        if ((n->flags & F_DOTTED) && n->section != section)
            return fail_pos(p, CC_TOML_ERR_TABLE_REDEFINED, at, n->defined, n->path,
                            "table `%s` was defined by dotted keys at %s, under another "
                            "header; it cannot be extended here", n->path,
                            at_line(p, n->defined));
        if (!(n->flags & F_DOTTED)) {
            n->flags |= F_DOTTED;
            n->section = section;
            n->defined = at;
        }
        *t = n;
        return CC_OK;
    }
    if (e->value->type == CC_TOML_ARRAY && e->value->array.of_tables)
        return fail_pos(p, CC_TOML_ERR_TABLE_REDEFINED, at, n->defined, n->path,
                        "`%s` is an array of tables (%s); dotted keys cannot add to it",
                        n->path, at_line(p, n->defined));
    if (e->value->type == CC_TOML_ARRAY)
        return fail_pos(p, CC_TOML_ERR_INLINE_EXTENDED, at, n->defined, n->path,
                        "`%s` is an array (%s) and cannot be extended", n->path,
                        at_line(p, n->defined));
    return duplicate(p, *t, k, e, true);
}

/* One intermediate step of a header [k.rest] or [[k.rest]]. */
static cc_status header_step(parser *p, node **t, const keypart *k)
{
    int i = find_entry(*t, k->s, k->len);
    if (i < 0)
        return new_table(p, *t, k, CC_TOML_TABLE_IMPLICIT, 0, 0, t);
    const cc_toml_entry *e = &(*t)->entries[i];
    node *n = (node *)e->value;
    cc_toml_pos at = pos_of(p, k->off);
    if (e->value->type == CC_TOML_TABLE) {
        if (n->flags & F_FROZEN)
            return fail_pos(p, CC_TOML_ERR_INLINE_EXTENDED, at, n->defined, n->path,
                            "inline table `%s` (%s) cannot be extended: inline tables are "
                            "complete where they are written", n->path, at_line(p, n->defined));
        *t = n;
        return CC_OK;
    }
    if (e->value->type == CC_TOML_ARRAY && e->value->array.of_tables) {
        *t = (node *)e->value->array.items[e->value->array.count - 1];
        return CC_OK;
    }
    if (e->value->type == CC_TOML_ARRAY)
        return fail_pos(p, CC_TOML_ERR_INLINE_EXTENDED, at, n->defined, n->path,
                        "`%s` is an array (%s) and cannot be extended", n->path,
                        at_line(p, n->defined));
    return duplicate(p, *t, k, e, true);
}

/* The table a header [k] or [[k]] (the last key part) opens in t. */
static cc_status header_last(parser *p, node **t, const keypart *k, bool array, uint32_t off)
{
    int i = find_entry(*t, k->s, k->len);
    cc_toml_pos at = pos_of(p, off);
    node *parent = *t;
    cc_status st;
    if (i < 0) {
        if (!array) {
            st = new_table(p, parent, k, CC_TOML_TABLE_HEADER, F_HEADER, 0, t);
            if (st == CC_OK)
                (*t)->v.pos = (*t)->defined = at;
            return st;
        }
        node *a;
        st = new_node(p, CC_TOML_ARRAY, parent->depth + 1, off, key_path(p, parent->path, k),
                      &a);
        if (st != CC_OK)
            return st;
        a->v.array.of_tables = true;
        add_entry(p, parent, k, &a->v);
        i = (int)parent->v.table.count - 1;
    }
    const cc_toml_entry *e = &parent->entries[i];
    node *n = (node *)e->value;
    if (e->value->type == CC_TOML_ARRAY && e->value->array.of_tables && array) {
        node *el;
        st = new_node(p, CC_TOML_TABLE, n->depth + 1, off, n->path, &el);
        if (st != CC_OK)
            return st;
        el->v.table.kind = CC_TOML_TABLE_ELEMENT;
        el->flags = F_HEADER;
        push_item(p, n, &el->v);
        *t = el;
        return CC_OK;
    }
    if (e->value->type == CC_TOML_TABLE && !array) {
        if (n->flags & F_FROZEN)
            return fail_pos(p, CC_TOML_ERR_INLINE_EXTENDED, at, n->defined, n->path,
                            "inline table `%s` (%s) cannot be extended: inline tables are "
                            "complete where they are written", n->path, at_line(p, n->defined));
        if (n->flags & F_HEADER)
            return fail_pos(p, CC_TOML_ERR_TABLE_REDEFINED, at, n->defined, n->path,
                            "table [%s] is defined twice (first at %s)", n->path,
                            at_line(p, n->defined));
        if (n->flags & F_DOTTED)
            return fail_pos(p, CC_TOML_ERR_TABLE_REDEFINED, at, n->defined, n->path,
                            "table [%s] is already defined by dotted keys at %s", n->path,
                            at_line(p, n->defined));
        n->flags |= F_HEADER;
        n->v.table.kind = CC_TOML_TABLE_HEADER;
        n->defined = at;
        *t = n;
        return CC_OK;
    }
    if (e->value->type == CC_TOML_TABLE)
        return fail_pos(p, CC_TOML_ERR_TABLE_REDEFINED, at, n->defined, n->path,
                        "`%s` is already a table (defined at %s); [[%s]] cannot make it an "
                        "array of tables", n->path, at_line(p, n->defined), n->path);
    if (e->value->type == CC_TOML_ARRAY && e->value->array.of_tables)
        return fail_pos(p, CC_TOML_ERR_TABLE_REDEFINED, at, n->defined, n->path,
                        "`%s` is already an array of tables (defined at %s); [%s] cannot "
                        "redefine it", n->path, at_line(p, n->defined), n->path);
    if (e->value->type == CC_TOML_ARRAY && array)
        return fail_pos(p, CC_TOML_ERR_INLINE_EXTENDED, at, n->defined, n->path,
                        "`%s` is a static array (%s); [[%s]] cannot append to it", n->path,
                        at_line(p, n->defined), n->path);
    return duplicate(p, parent, k, e, true);
}

/* ---- scalars --------------------------------------------------------------------------------- */

/* Decodes the string (or quoted key) text[start..end). */
static cc_status decode_string(parser *p, uint32_t start, uint32_t end, const char **out,
                               uint32_t *outlen)
{
    const char *t = p->text;
    bool multi = end - start >= 6 && (!memcmp(t + start, "\"\"\"", 3) ||
                                      !memcmp(t + start, "'''", 3));
    bool basic = t[start] == '"';
    uint32_t i = start + (multi ? 3 : 1), e = end - (multi ? 3 : 1);
    if (multi && i < e && t[i] == '\n')
        i++;
    else if (multi && i + 1 < e && t[i] == '\r' && t[i + 1] == '\n')
        i += 2;
    char *buf = cc_arena_alloc_raw(p->arena, e - i + 1), *o = buf;
    char delim = basic ? '"' : '\'';
    uint32_t quotes = 0; /* raw delimiters in a row: three would have ended the string */
    while (i < e) {
        unsigned char c = (unsigned char)t[i];
        quotes = c == (unsigned char)delim ? quotes + 1 : 0;
        if (multi && quotes == 3)
            return fail_at(p, CC_TOML_ERR_SYNTAX, i - 2, NULL,
                           "syntax error: three `%c` in a row end a multi-line string; escape "
                           "one%s", delim, basic ? " (\\\")" : " or use a basic string");
        if (c == '\\' && basic) {
            char x = i + 1 < e ? t[i + 1] : '\0';
            char simple = x == 'b' ? '\b' : x == 't' ? '\t' : x == 'n' ? '\n' : x == 'f' ? '\f'
                        : x == 'r' ? '\r' : x == '"' ? '"' : x == '\\' ? '\\' : '\0';
            if (simple) {
                *o++ = simple;
                i += 2;
                continue;
            }
            if (x == 'u' || x == 'U') {
                uint32_t want = x == 'u' ? 4 : 8, cp = 0;
                for (uint32_t k = 0; k < want; k++) {
                    int d = i + 2 + k < e ? hex_digit(t[i + 2 + k]) : -1;
                    if (d < 0)
                        return escape_error(p, i);
                    cp = cp << 4 | (uint32_t)d;
                }
                if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                    return fail_at(p, CC_TOML_ERR_ESCAPE, i, NULL,
                                   "invalid escape `%s`: U+%04X is not a Unicode scalar value "
                                   "(surrogates and values above U+10FFFF are not allowed)",
                                   snippet(p, i, i + 2 + want, 12), cp);
                o += utf8_put(o, cp);
                i += 2 + want;
                continue;
            }
            if (multi && (x == ' ' || x == '\t' || x == '\n' || x == '\r')) {
                uint32_t j = i + 1;
                while (j < e && (t[j] == ' ' || t[j] == '\t'))
                    j++;
                if (j < e && (t[j] == '\n' || (t[j] == '\r' && j + 1 < e && t[j + 1] == '\n'))) {
                    while (j < e && (t[j] == ' ' || t[j] == '\t' || t[j] == '\n' || t[j] == '\r'))
                        j++;
                    i = j;
                    continue;
                }
            }
            return escape_error(p, i);
        }
        if (multi && c == '\r' && i + 1 < e && t[i + 1] == '\n') {
            *o++ = '\n';
            i += 2;
            continue;
        }
        if ((c < 0x20 && c != '\t' && !(multi && c == '\n')) || c == 0x7F)
            return fail_at(p, CC_TOML_ERR_ESCAPE, i, NULL,
                           "control character U+%04X must be escaped in a string", c);
        *o++ = (char)c;
        i++;
    }
    *o = '\0';
    *out = buf;
    *outlen = (uint32_t)(o - buf);
    return CC_OK;
}

static cc_status parse_integer(parser *p, uint32_t start, uint32_t end, int64_t *out)
{
    const char *t = p->text;
    uint32_t i = start;
    bool neg = false;
    if (t[i] == '+' || t[i] == '-')
        neg = t[i++] == '-';
    unsigned base = 10;
    if (end - i > 2 && t[i] == '0' && (t[i + 1] == 'x' || t[i + 1] == 'o' || t[i + 1] == 'b')) {
        base = t[i + 1] == 'x' ? 16 : t[i + 1] == 'o' ? 8 : 2;
        i += 2;
    }
    uint64_t acc = 0;
    bool over = false;
    for (; i < end; i++) {
        if (t[i] == '_')
            continue;
        int d = hex_digit(t[i]);
        if (d < 0 || (unsigned)d >= base)
            return fail_at(p, CC_TOML_ERR_INTEGER, start, NULL, "invalid integer `%s`",
                           snippet(p, start, end, 40));
        if (acc > (UINT64_MAX - (unsigned)d) / base)
            over = true;
        else
            acc = acc * base + (unsigned)d;
    }
    uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    if (over || acc > limit)
        return fail_at(p, CC_TOML_ERR_INTEGER, start, NULL,
                       "integer `%s` is out of range: TOML integers are 64-bit signed (from "
                       "-9223372036854775808 to 9223372036854775807)", snippet(p, start, end, 40));
    *out = neg ? (acc == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)acc) : (int64_t)acc;
    return CC_OK;
}

static cc_status parse_float(parser *p, uint32_t start, uint32_t end, double *out)
{
    const char *t = p->text;
    char *buf = cc_arena_alloc_raw(p->arena, end - start + 1), *o = buf;
    for (uint32_t i = start; i < end; i++)
        if (t[i] != '_')
            *o++ = t[i];
    *o = '\0';
    const char *digits = buf + (buf[0] == '+' || buf[0] == '-');
    double sign = buf[0] == '-' ? -1.0 : 1.0;
    if (!strcmp(digits, "inf")) {
        *out = sign * INFINITY;
        return CC_OK;
    }
    if (!strcmp(digits, "nan")) {
        *out = copysign(NAN, sign);
        return CC_OK;
    }
    char *rest;
    errno = 0;
    double d = strtod_l(buf, &rest, p->c_locale);
    if (*rest)
        return fail_at(p, CC_TOML_ERR_FLOAT, start, NULL, "invalid float `%s`",
                       snippet(p, start, end, 40));
    if (errno == ERANGE && isinf(d))
        return fail_at(p, CC_TOML_ERR_FLOAT, start, NULL,
                       "float `%s` is out of range for a 64-bit float",
                       snippet(p, start, end, 40));
    *out = d;
    return CC_OK;
}

static cc_status check_date(parser *p, uint32_t start, uint32_t end)
{
    const char *t = p->text;
    uint32_t i = start;
    while (i < end && t[i] >= '0' && t[i] <= '9')
        i++;
    if (i - start != 4)
        return fail_at(p, CC_TOML_ERR_DATETIME, start, NULL,
                       "invalid date `%s`: the year must have 4 digits",
                       snippet(p, start, end, 40));
    int year = (t[start] - '0') * 1000 + (t[start + 1] - '0') * 100 + (t[start + 2] - '0') * 10 +
               (t[start + 3] - '0');
    int month = (t[i + 1] - '0') * 10 + (t[i + 2] - '0');
    int day = (t[i + 4] - '0') * 10 + (t[i + 5] - '0');
    static const int DAYS[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    int max = DAYS[month - 1] + (month == 2 && leap);
    if (day > max)
        return fail_at(p, CC_TOML_ERR_DATETIME, start, NULL,
                       "invalid date `%s`: month %d of %d has %d days",
                       snippet(p, start, start + 10, 40), month, year, max);
    return CC_OK;
}

/* ---- building -------------------------------------------------------------------------------- */

static cc_status read_keys(parser *p, TSNode key)
{
    p->nkeys = 0;
    /* dotted_key is left-recursive: a.b.c is ((a . b) . c); collect right parts backwards. */
    for (;;) {
        TSNode part = key;
        bool dotted = kind_of(key) == N_DOTTED_KEY;
        if (dotted)
            part = ts_node_named_child(key, ts_node_named_child_count(key) - 1);
        keypart k = {NULL, 0, start_of(p, part)};
        if (kind_of(part) == N_QUOTED_KEY) {
            cc_status st = decode_string(p, k.off, end_of(p, part), &k.s, &k.len);
            if (st != CC_OK)
                return st;
        } else {
            k.len = end_of(p, part) - k.off;
            k.s = cc_arena_strndup(p->arena, p->text + k.off, k.len);
        }
        CC_VEC_PUSH(p->keys, p->nkeys, p->capkeys, k);
        if (!dotted)
            break;
        key = ts_node_named_child(key, 0);
    }
    for (size_t i = 0, j = p->nkeys - 1; i < j; i++, j--) {
        keypart tmp = p->keys[i];
        p->keys[i] = p->keys[j];
        p->keys[j] = tmp;
    }
    return CC_OK;
}

static cc_status build_value(parser *p, TSNode n, uint32_t depth, const char *path,
                             cc_toml_value **out);

/* Adds the pair `n` to table t, in section `section`. */
static cc_status add_pair(parser *p, node *t, TSNode n, uint32_t section)
{
    kids k = kids_of(n);
    TSNode key, val;
    bool ok = kids_next(&k, &key) && kids_next(&k, &val);
    kids_done(&k);
    if (!ok)
        return fail_at(p, CC_TOML_ERR_SYNTAX, start_of(p, n), NULL, "syntax error: pair without "
                       "a value");
    cc_status st = read_keys(p, key);
    for (size_t i = 0; st == CC_OK && i + 1 < p->nkeys; i++)
        st = dotted_step(p, &t, &p->keys[i], section);
    if (st != CC_OK)
        return st;
    keypart last = p->keys[p->nkeys - 1]; /* building the value reuses p->keys */
    int i = find_entry(t, last.s, last.len);
    if (i >= 0)
        return duplicate(p, t, &last, &t->entries[i], false);
    cc_toml_value *v;
    st = build_value(p, val, t->depth + 1, key_path(p, t->path, &last), &v);
    if (st == CC_OK)
        add_entry(p, t, &last, v);
    return st;
}

static cc_status build_value(parser *p, TSNode n, uint32_t depth, const char *path,
                             cc_toml_value **out)
{
    uint32_t start = start_of(p, n), end = end_of(p, n);
    nk kind = kind_of(n);
    cc_status st = CC_OK;
    if (kind == N_ARRAY || kind == N_INLINE_TABLE) {
        node *c;
        st = new_node(p, kind == N_ARRAY ? CC_TOML_ARRAY : CC_TOML_TABLE, depth, start, path, &c);
        if (st != CC_OK)
            return st;
        kids k = kids_of(n);
        TSNode item;
        if (kind == N_ARRAY) {
            while (st == CC_OK && kids_next(&k, &item)) {
                cc_toml_value *v;
                const char *ipath = cc_arena_printf(p->arena, "%s[%u]", path, c->v.array.count);
                st = build_value(p, item, depth + 1, ipath, &v);
                if (st == CC_OK)
                    push_item(p, c, v);
            }
        } else {
            c->v.table.kind = CC_TOML_TABLE_INLINE;
            uint32_t section = p->next_section++;
            while (st == CC_OK && kids_next(&k, &item))
                st = add_pair(p, c, item, section);
            c->flags = F_FROZEN;
        }
        kids_done(&k);
        *out = &c->v;
        return st;
    }
    cc_toml_value *v = cc_arena_alloc(p->arena, sizeof *v);
    v->pos = pos_of(p, start);
    switch (kind) {
    case N_STRING: {
        uint32_t len;
        v->type = CC_TOML_STRING;
        st = decode_string(p, start, end, &v->string.data, &len);
        v->string.len = len;
        break;
    }
    case N_INTEGER:
        v->type = CC_TOML_INTEGER;
        st = parse_integer(p, start, end, &v->integer);
        break;
    case N_FLOAT:
        v->type = CC_TOML_FLOAT;
        st = parse_float(p, start, end, &v->floating);
        break;
    case N_BOOLEAN:
        v->type = CC_TOML_BOOLEAN;
        v->boolean = p->text[start] == 't';
        break;
    case N_OFFSET_DT:
    case N_LOCAL_DT:
    case N_LOCAL_DATE:
    case N_LOCAL_TIME:
        v->type = CC_TOML_DATETIME;
        v->datetime.kind = kind == N_OFFSET_DT  ? CC_TOML_OFFSET_DATE_TIME
                           : kind == N_LOCAL_DT ? CC_TOML_LOCAL_DATE_TIME
                           : kind == N_LOCAL_DATE ? CC_TOML_LOCAL_DATE
                                                  : CC_TOML_LOCAL_TIME;
        v->datetime.text = cc_arena_strndup(p->arena, p->text + start, end - start);
        v->datetime.len = end - start;
        if (kind != N_LOCAL_TIME)
            st = check_date(p, start, end);
        break;
    default:
        st = fail_at(p, CC_TOML_ERR_SYNTAX, start, NULL, "syntax error at `%s`",
                     snippet(p, start, end, 40));
        break;
    }
    *out = v;
    return st;
}

/* Pairs and headers each start a line: the grammar lets `a = 1 b = 2` through. */
static cc_status check_line_start(parser *p, TSNode n)
{
    uint32_t off = start_of(p, n), i = off;
    while (i > p->base && (p->text[i - 1] == ' ' || p->text[i - 1] == '\t'))
        i--;
    if (i == p->base || p->text[i - 1] == '\n')
        return CC_OK;
    return fail_at(p, CC_TOML_ERR_SYNTAX, off, NULL,
                   "syntax error: `%s` must start on a new line",
                   snippet(p, off, end_of(p, n), 20));
}

static cc_status open_header(parser *p, node *root, TSNode header, bool array, node **cur)
{
    kids k = kids_of(header);
    TSNode key;
    bool ok = kids_next(&k, &key);
    kids_done(&k);
    if (!ok)
        return fail_at(p, CC_TOML_ERR_SYNTAX, start_of(p, header), NULL,
                       "syntax error: header without a key");
    cc_status st = read_keys(p, key);
    node *t = root;
    for (size_t i = 0; st == CC_OK && i + 1 < p->nkeys; i++)
        st = header_step(p, &t, &p->keys[i]);
    if (st == CC_OK)
        st = header_last(p, &t, &p->keys[p->nkeys - 1], array, start_of(p, header));
    *cur = t;
    return st;
}

static cc_status build_document(parser *p, TSNode root, node *doc)
{
    cc_status st = CC_OK;
    uint32_t section = p->next_section++;
    TSTreeCursor c = ts_tree_cursor_new(root);
    bool more = ts_tree_cursor_goto_first_child(&c);
    while (st == CC_OK && more) {
        TSNode n = ts_tree_cursor_current_node(&c);
        nk k = kind_of(n);
        if (k == N_PAIR) {
            st = check_line_start(p, n);
            if (st == CC_OK)
                st = add_pair(p, doc, n, section);
        } else if (k == N_TABLE || k == N_TABLE_ARRAY) {
            node *t = NULL;
            section = p->next_section++;
            st = check_line_start(p, n);
            if (st == CC_OK)
                st = open_header(p, doc, n, k == N_TABLE_ARRAY, &t);
            kids pk = kids_of(n);
            TSNode item;
            bool first = true;
            while (st == CC_OK && kids_next(&pk, &item)) {
                if (first) { /* the header's key */
                    first = false;
                    continue;
                }
                st = check_line_start(p, item);
                if (st == CC_OK)
                    st = add_pair(p, t, item, section);
            }
            kids_done(&pk);
        }
        more = ts_tree_cursor_goto_next_sibling(&c);
    }
    ts_tree_cursor_delete(&c);
    return st;
}

/* ---- public ---------------------------------------------------------------------------------- */

cc_status cc_toml_document_new(const char *text, size_t len, cc_toml_document **out,
                               cc_toml_error *err)
{
    *out = NULL;
    parser p = {0};
    p.text = text;
    p.arena = cc_arena_new();
    if (!p.arena)
        return CC_ERR_NOMEM;
    cc_status st = CC_OK;
    TSParser *tsp = NULL;
    TSTree *tree = NULL;
    if (len > CC_TOML_MAX_BYTES) {
        p.lines = cc_xmalloc(sizeof *p.lines);
        p.lines[0] = 0;
        p.nlines = 1;
        st = fail_pos(&p, CC_TOML_ERR_ENCODING, (cc_toml_pos){1, 1}, (cc_toml_pos){0, 0}, NULL,
                      "the file is larger than %u MiB", CC_TOML_MAX_BYTES >> 20);
        goto done;
    }
    p.len = (uint32_t)len;
    if ((st = scan_text(&p)) != CC_OK)
        goto done;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        p.base = 3;
    p.c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    tsp = ts_parser_new();
    if (!p.c_locale || !tsp || !ts_parser_set_language(tsp, tree_sitter_toml())) {
        st = CC_ERR_NOMEM;
        goto done;
    }
    const char *input = grammar_copy(&p);
    if (!input)
        input = text;
    tree = ts_parser_parse_string(tsp, NULL, input + p.base, p.len - p.base);
    if (!tree) {
        st = CC_ERR_NOMEM;
        goto done;
    }
    TSNode root = ts_tree_root_node(tree);
    /* A missing hidden token (a line end) leaves no ERROR or MISSING node to show; building
     * first lets the line-start check name `a = 1 b = 2` precisely. */
    if (ts_node_has_error(root) && !ts_node_is_null(first_problem(root, true))) {
        st = syntax_error(&p, root);
        goto done;
    }
    node *doc;
    st = new_node(&p, CC_TOML_TABLE, 0, 0, "", &doc);
    if (st != CC_OK)
        goto done;
    doc->v.table.kind = CC_TOML_TABLE_ROOT;
    doc->v.pos = (cc_toml_pos){1, 1};
    st = build_document(&p, root, doc);
    if (st == CC_OK && ts_node_has_error(root))
        st = syntax_error(&p, root);
    if (st == CC_OK) {
        cc_toml_document *d = cc_xmalloc(sizeof *d);
        d->arena = p.arena;
        d->root = &doc->v;
        p.arena = NULL;
        *out = d;
    }
done:
    if (st != CC_OK && err) {
        *err = p.err;
        if (st == CC_ERR_NOMEM) {
            memset(err, 0, sizeof *err);
            snprintf(err->message, sizeof err->message, "out of memory");
        }
    }
    if (tree)
        ts_tree_delete(tree);
    if (tsp)
        ts_parser_delete(tsp);
    if (p.c_locale)
        freelocale(p.c_locale);
    free(p.lines);
    free(p.keys);
    cc_arena_delete(p.arena);
    return st;
}

void cc_toml_document_delete(cc_toml_document *self)
{
    if (!self)
        return;
    cc_arena_delete(self->arena);
    free(self);
}

const cc_toml_value *cc_toml_document_root(const cc_toml_document *self)
{
    return self->root;
}

const cc_toml_entry *cc_toml_table_find(const cc_toml_value *self, const char *key)
{
    if (!self || self->type != CC_TOML_TABLE || !key)
        return NULL;
    const node *t = (const node *)self;
    int i = find_entry(t, key, (uint32_t)strlen(key));
    return i < 0 ? NULL : &t->entries[i];
}

const cc_toml_value *cc_toml_table_get(const cc_toml_value *self, const char *key)
{
    const cc_toml_entry *e = cc_toml_table_find(self, key);
    return e ? e->value : NULL;
}

const char *cc_toml_type_name(cc_toml_type type)
{
    switch (type) {
    case CC_TOML_TABLE: return "table";
    case CC_TOML_ARRAY: return "array";
    case CC_TOML_STRING: return "string";
    case CC_TOML_INTEGER: return "integer";
    case CC_TOML_FLOAT: return "float";
    case CC_TOML_BOOLEAN: return "boolean";
    case CC_TOML_DATETIME: return "datetime";
    }
    return "value";
}

const char *cc_toml_value_describe(const cc_toml_value *self)
{
    if (self->type == CC_TOML_ARRAY && self->array.of_tables)
        return "array of tables";
    if (self->type == CC_TOML_TABLE && self->table.kind == CC_TOML_TABLE_INLINE)
        return "inline table";
    if (self->type == CC_TOML_DATETIME) {
        switch (self->datetime.kind) {
        case CC_TOML_OFFSET_DATE_TIME: return "offset date-time";
        case CC_TOML_LOCAL_DATE_TIME: return "local date-time";
        case CC_TOML_LOCAL_DATE: return "local date";
        case CC_TOML_LOCAL_TIME: return "local time";
        }
    }
    return cc_toml_type_name(self->type);
}
