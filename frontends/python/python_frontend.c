/* python_frontend.c - Python source → the common IR, through tree-sitter-python 0.23.6.
 *
 * The only file that includes tree_sitter. It translates syntax and nothing else: which call
 * starts a thread or takes a lock is decided later by the analyzer and the knowledge base.
 *
 * Walks: statements and expressions are lowered recursively with an explicit depth bound
 * (MAX_DEPTH); deeper code becomes an UNKNOWN op and one CC000 diagnostic, so a 10,000-deep
 * expression cannot overflow the stack. Scans that need no results (bound names, syntax errors)
 * are iterative with a tree cursor. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

#include "concur/arena.h"
#include "concur/ir.h"
#include "decode.h"
#include "frontend.h"

const TSLanguage *tree_sitter_python(void);

enum { MAX_DEPTH = 300, MAX_SYNTAX_DIAGS = 10 };

/* ---- node kinds ---------------------------------------------------------------------------- */

#define PY_KINDS(X)                                                                            \
    X(module) X(block) X(expression_statement) X(assignment) X(augmented_assignment)           \
    X(function_definition) X(class_definition) X(decorated_definition) X(decorator)            \
    X(if_statement) X(elif_clause) X(else_clause) X(for_statement) X(while_statement)          \
    X(try_statement) X(except_clause) X(except_group_clause) X(finally_clause)                 \
    X(with_statement) X(with_clause) X(with_item) X(as_pattern) X(return_statement)            \
    X(raise_statement) X(break_statement) X(continue_statement) X(pass_statement)              \
    X(import_statement) X(import_from_statement) X(future_import_statement) X(aliased_import)  \
    X(dotted_name) X(relative_import) X(import_prefix) X(wildcard_import) X(global_statement)  \
    X(nonlocal_statement) X(delete_statement) X(assert_statement) X(match_statement)           \
    X(case_clause) X(type_alias_statement) X(print_statement) X(exec_statement)                \
    X(identifier) X(attribute) X(subscript) X(call) X(argument_list) X(keyword_argument)       \
    X(list_splat) X(dictionary_splat) X(list_splat_pattern) X(dictionary_splat_pattern)        \
    X(parenthesized_expression) X(expression_list) X(pattern_list) X(tuple_pattern)            \
    X(list_pattern) X(tuple) X(list) X(set) X(dictionary) X(pair) X(list_comprehension)        \
    X(set_comprehension) X(dictionary_comprehension) X(generator_expression) X(for_in_clause)  \
    X(if_clause) X(integer) X(float) X(string) X(concatenated_string) X(string_start)          \
    X(string_content) X(string_end) X(escape_sequence) X(interpolation) X(true) X(false)       \
    X(none) X(ellipsis) X(binary_operator) X(unary_operator) X(boolean_operator)               \
    X(not_operator) X(comparison_operator) X(conditional_expression) X(lambda)                 \
    X(lambda_parameters) X(parameters) X(default_parameter) X(typed_parameter)                 \
    X(typed_default_parameter) X(await) X(yield) X(named_expression) X(slice) X(comment)       \
    X(ERROR) X(keyword_separator) X(positional_separator) X(type) X(line_continuation)

typedef enum pk {
    K_OTHER = 0,
#define X(n) K_##n,
    PY_KINDS(X)
#undef X
    K__COUNT
} pk;

#define START(n) ts_node_start_byte(n)
#define END(n) ts_node_end_byte(n)

typedef struct kind_table {
    uint16_t *of_symbol;
    uint32_t nsymbols;
    TSFieldId f_name, f_body, f_parameters, f_superclasses, f_condition, f_consequence,
        f_alternative, f_left, f_right, f_operator, f_function, f_arguments, f_object,
        f_attribute, f_value, f_subscript, f_alias, f_module_name, f_key, f_definition,
        f_argument, f_subject, f_guard;
} kind_table;

static kind_table KT;
static pthread_once_t KT_once = PTHREAD_ONCE_INIT;

static void kt_init(void)
{
    const TSLanguage *lang = tree_sitter_python();
    static const char *const names[] = {
        "",
#define X(n) #n,
        PY_KINDS(X)
#undef X
    };
    KT.nsymbols = ts_language_symbol_count(lang);
    KT.of_symbol = calloc(KT.nsymbols, sizeof(uint16_t));
    for (uint32_t s = 0; s < KT.nsymbols; s++) {
        if (ts_language_symbol_type(lang, (TSSymbol)s) == TSSymbolTypeAuxiliary)
            continue;
        const char *sn = ts_language_symbol_name(lang, (TSSymbol)s);
        bool named = ts_language_symbol_type(lang, (TSSymbol)s) == TSSymbolTypeRegular;
        for (int k = 1; k < K__COUNT; k++)
            if (named && strcmp(sn, names[k]) == 0)
                KT.of_symbol[s] = (uint16_t)k;
    }
#define F(n) KT.f_##n = ts_language_field_id_for_name(lang, #n, (uint32_t)strlen(#n))
    F(name); F(body); F(parameters); F(superclasses); F(condition); F(consequence);
    F(alternative); F(left); F(right); F(operator); F(function); F(arguments); F(object);
    F(attribute); F(value); F(subscript); F(alias); F(module_name); F(key); F(definition);
    F(argument); F(subject); F(guard);
#undef F
}

static pk kind(TSNode n)
{
    if (ts_node_is_null(n))
        return K_OTHER;
    TSSymbol s = ts_node_symbol(n);
    if (s == (TSSymbol)-1) /* ts_builtin_sym_error; 0.20.7 has no ts_node_is_error */
        return K_ERROR;
    /* A MISSING node keeps its kind; it is zero-width, and its error is reported on its own. */
    return s < KT.nsymbols ? (pk)KT.of_symbol[s] : K_OTHER;
}

static TSNode field(TSNode n, TSFieldId f)
{
    return ts_node_child_by_field_id(n, f);
}

/* Iterates the children of a node in O(1) per step (ts_node_child is O(i) in 0.20). Cursors
 * come from a per-thread pool: iterations nest strictly, so the pool is a stack, and a reset
 * cursor keeps its allocation. */
typedef struct kids {
    TSTreeCursor c;
    bool started, done;
} kids;

enum { CURSOR_POOL = 64 };

/* Per-thread state: the parser and the cursor pool. */
typedef struct pyworker {
    TSParser *parser;
    TSTreeCursor pool[CURSOR_POOL];
    int npool;
} pyworker;

#define cursor_pool (p->w->pool)
#define cursor_pool_n (p->w->npool)

static bool kids_next(kids *k, TSNode *out)
{
    if (k->done)
        return false;
    bool ok = k->started ? ts_tree_cursor_goto_next_sibling(&k->c)
                         : ts_tree_cursor_goto_first_child(&k->c);
    k->started = true;
    if (!ok) {
        k->done = true;
        return false;
    }
    *out = ts_tree_cursor_current_node(&k->c);
    return true;
}

/* Named, non-comment children only. */
static bool kids_next_named(kids *k, TSNode *out)
{
    while (kids_next(k, out))
        if (ts_node_is_named(*out) && kind(*out) != K_comment &&
            kind(*out) != K_line_continuation)
            return true;
    return false;
}

/* ---- name sets ----------------------------------------------------------------------------- */

typedef struct strset {
    cc_str *slots;
    uint32_t cap, n;
} strset;

static bool strset_has(const strset *s, cc_str x)
{
    if (!s->cap || !x)
        return false;
    for (uint32_t i = (x * 2654435761u) & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
        if (s->slots[i] == x)
            return true;
        if (!s->slots[i])
            return false;
    }
}

static void strset_add(strset *s, cc_str x)
{
    if (!x || strset_has(s, x))
        return;
    if ((s->n + 1) * 2 > s->cap) {
        strset old = *s;
        s->cap = s->cap ? s->cap * 2 : 16;
        s->slots = cc_xcalloc(s->cap, sizeof(cc_str));
        s->n = 0;
        for (uint32_t i = 0; i < old.cap; i++)
            if (old.slots[i])
                strset_add(s, old.slots[i]);
        free(old.slots);
    }
    uint32_t i = (x * 2654435761u) & (s->cap - 1);
    while (s->slots[i])
        i = (i + 1) & (s->cap - 1);
    s->slots[i] = x;
    s->n++;
}

/* ---- translation state --------------------------------------------------------------------- */

typedef struct loopctx {
    uint32_t header, exit;
    cc_str var;
} loopctx;

/* A return, break or continue waiting in a finally (or `with` cleanup) block: once that block
 * has run, control goes on to `target`. */
typedef struct pending {
    uint32_t target;     /* block */
    uint32_t loop;       /* index of the loop left by break/continue, CC_NONE for return */
    uint8_t kind;        /* cc_edge_kind */
} pending;

typedef struct pendings {
    pending *v;
    uint32_t n, cap;
} pendings;

typedef struct tryctx {
    uint32_t handler;    /* where an exception goes: the dispatch block or the finally block */
    uint32_t fin;        /* finally (or with-cleanup) block, or CC_NONE */
    pendings *pend;      /* jumps that pass through fin */
    uint32_t nloops;     /* loops open when the try began: a break of an outer loop leaves it */
} tryctx;

typedef struct fctx {
    struct fctx *parent;
    uint32_t func;
    cc_func_kind kind;
    cc_str qualname;
    uint32_t class_idx;  /* for class bodies: the class */
    loopctx *loops;
    uint32_t nloops, caploops;
    tryctx *tries;
    uint32_t ntries, captries;
    bool in_main_guard;
} fctx;

typedef struct py {
    pyworker *w;
    cc_builder *b;
    cc_interner *in;
    const char *src;
    uint32_t srclen;
    fctx *fc;
    int depth;
    bool depth_reported;
    int syntax_diags;
    bool module_code_seen;   /* a statement other than a docstring or __future__ import ran */
    uint32_t module_stmts;   /* top-level statements seen so far */
} py;

static void kids_begin(py *p, kids *k, TSNode n)
{
    if (cursor_pool_n > 0) {
        k->c = cursor_pool[--cursor_pool_n];
        ts_tree_cursor_reset(&k->c, n);
    } else {
        k->c = ts_tree_cursor_new(n);
    }
    k->started = false;
    k->done = false;
}

static void kids_end(py *p, kids *k)
{
    if (cursor_pool_n < CURSOR_POOL)
        cursor_pool[cursor_pool_n++] = k->c;
    else
        ts_tree_cursor_delete(&k->c);
}



/* A syntax problem CPython would refuse; capped per file like tree-sitter's errors. */
static void syntax_diag(py *p, TSNode n, const char *what)
{
    if (p->syntax_diags++ < MAX_SYNTAX_DIAGS)
        cc_builder_diag(p->b, CC_SEV_WARNING, START(n), END(n),
                        "syntax error: %s; the rest of the file is analysed", what);
}

static cc_str text_of(py *p, TSNode n)
{
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (e > p->srclen)
        e = p->srclen;
    return e > s ? cc_intern(p->in, p->src + s, e - s) : CC_STR_NONE;
}

static cc_str S(py *p, const char *s)
{
    return cc_intern_cstr(p->in, s);
}


static uint32_t op(py *p, cc_op_kind k, uint8_t sub, uint32_t a, uint32_t b, cc_str name,
                   int64_t ival, TSNode at)
{
    return cc_builder_op(p->b, k, sub, a, b, name, ival, START(at), END(at));
}

static uint32_t expr(py *p, TSNode n);
static void stmts(py *p, TSNode blk);
static void stmt(py *p, TSNode n);

/* Guards recursion; false (with one diagnostic per file) when too deep. */
static bool enter(py *p, TSNode n)
{
    if (p->depth >= MAX_DEPTH) {
        if (!p->depth_reported) {
            p->depth_reported = true;
            cc_builder_diag(p->b, CC_SEV_WARNING, START(n), END(n),
                            "code nested more than %d levels deep; the inner part is not analysed",
                            MAX_DEPTH);
        }
        return false;
    }
    p->depth++;
    return true;
}

static void leave(py *p)
{
    p->depth--;
}

/* ---- scopes -------------------------------------------------------------------------------- */

/* Names bound in one function: stores and deletes of NAME places, and parameters. */
static void bound_names(cc_builder *b, uint32_t f, strset *out)
{
    uint32_t n;
    cc_op *ops = cc_builder_func_ops(b, f, &n);
    const cc_func *fn = cc_builder_func_info(b, f);
    for (uint32_t i = 0; i < fn->nparams; i++)
        strset_add(out, fn->params[i]);
    for (uint32_t i = 0; i < n; i++)
        if ((ops[i].kind == CC_OP_STORE || ops[i].kind == CC_OP_DELETE) && ops[i].a < n &&
            ops[ops[i].a].kind == CC_OP_NAME)
            strset_add(out, ops[ops[i].a].name);
}

static bool has_name(const cc_str *names, uint32_t n, cc_str x)
{
    for (uint32_t i = 0; i < n; i++)
        if (names[i] == x)
            return true;
    return false;
}

/* Decides the scope of every NAME op of the unit, as CPython's symbol table does: `global` and
 * `nonlocal` declarations first, then bindings in the function itself, then enclosing functions
 * (class bodies are not visible from the functions inside them), else module globals. */
static void resolve_scopes(cc_builder *b)
{
    uint32_t nf = cc_builder_func_count(b);
    strset *bound = cc_xcalloc(nf ? nf : 1, sizeof(strset));
    for (uint32_t f = 0; f < nf; f++)
        bound_names(b, f, &bound[f]);
    for (uint32_t f = 0; f < nf; f++) {
        const cc_func *fn = cc_builder_func_info(b, f);
        uint32_t n;
        cc_op *ops = cc_builder_func_ops(b, f, &n);
        for (uint32_t i = 0; i < n; i++) {
            cc_op *o = &ops[i];
            if (o->kind != CC_OP_NAME)
                continue;
            cc_str x = o->name;
            cc_scope sc = CC_SCOPE_GLOBAL;
            if (fn->kind == CC_FUNC_MODULE || has_name(fn->globals, fn->nglobals, x)) {
                sc = CC_SCOPE_GLOBAL;
            } else if (has_name(fn->nonlocals, fn->nnonlocals, x)) {
                sc = CC_SCOPE_ENCLOSING;
            } else if (strset_has(&bound[f], x)) {
                sc = fn->kind == CC_FUNC_CLASS_BODY ? CC_SCOPE_CLASS : CC_SCOPE_LOCAL;
            } else {
                for (uint32_t up = fn->parent; up != CC_NONE;) {
                    const cc_func *uf = cc_builder_func_info(b, up);
                    if (uf->kind == CC_FUNC_MODULE)
                        break;
                    if (uf->kind != CC_FUNC_CLASS_BODY) {
                        if (has_name(uf->globals, uf->nglobals, x))
                            break;
                        if (strset_has(&bound[up], x) ||
                            has_name(uf->nonlocals, uf->nnonlocals, x)) {
                            sc = CC_SCOPE_ENCLOSING;
                            break;
                        }
                    }
                    up = uf->parent;
                }
            }
            o->sub = (uint8_t)sc;
        }
    }
    for (uint32_t f = 0; f < nf; f++)
        free(bound[f].slots);
    free(bound);
}

static void fctx_free(fctx *fc)
{
    free(fc->loops);
    free(fc->tries);
}

static cc_str child_qualname(py *p, cc_str name)
{
    fctx *fc = p->fc;
    const char *n = cc_str_text(p->in, name);
    if (fc->kind == CC_FUNC_MODULE)
        return name;
    char buf[512];
    const char *q = cc_str_text(p->in, fc->qualname);
    snprintf(buf, sizeof buf, fc->kind == CC_FUNC_CLASS_BODY ? "%s.%s" : "%s.<locals>.%s", q, n);
    return S(p, buf);
}

/* ---- places and values --------------------------------------------------------------------- */

/* Scopes are decided after the whole unit is lowered (resolve_scopes): Python's scoping depends
 * on every binding of a function, including those after the use. */
static uint32_t name_place(py *p, TSNode id)
{
    cc_str nm = text_of(p, id);
    return op(p, CC_OP_NAME, CC_SCOPE_LOCAL, CC_NONE, CC_NONE, nm, 0, id);
}

static uint32_t index_kind(py *p, TSNode sub)
{
    if (kind(sub) == K_integer)
        return CC_INDEX_CONST;
    if (kind(sub) == K_identifier) {
        cc_str s = text_of(p, sub);
        for (uint32_t i = 0; i < p->fc->nloops; i++)
            if (p->fc->loops[i].var == s)
                return CC_INDEX_LOOP_VAR;
    }
    return CC_INDEX_UNKNOWN;
}

/* Returns the place op for a target or loaded expression, or CC_NONE if it is not a place. */
static uint32_t place(py *p, TSNode n)
{
    switch (kind(n)) {
    case K_identifier:
        return name_place(p, n);
    case K_attribute: {
        uint32_t base = expr(p, field(n, KT.f_object));
        return op(p, CC_OP_FIELD, 0, base, CC_NONE, text_of(p, field(n, KT.f_attribute)), 0, n);
    }
    case K_subscript: {
        uint32_t base = expr(p, field(n, KT.f_value));
        TSNode sub = field(n, KT.f_subscript);
        uint32_t idx = ts_node_is_null(sub) ? CC_NONE : expr(p, sub);
        int64_t iv = 0;
        if (kind(sub) == K_integer)
            iv = strtoll(p->src + START(sub), NULL, 0);
        return op(p, CC_OP_INDEX, (uint8_t)(ts_node_is_null(sub) ? CC_INDEX_UNKNOWN
                                                                  : index_kind(p, sub)),
                  base, idx, CC_STR_NONE, iv, n);
    }
    default:
        return CC_NONE;
    }
}

static bool same_text(py *p, TSNode a, TSNode b)
{
    uint32_t la = END(a) - START(a), lb = END(b) - START(b);
    return la == lb && memcmp(p->src + START(a), p->src + START(b), la) == 0;
}

/* True when the expression `e` reads the target `t` (x = x + 1, self.n = self.n - 1). */
static bool reads_target(py *p, TSNode t, TSNode e)
{
    pk tk = kind(t);
    if (tk != K_identifier && tk != K_attribute && tk != K_subscript)
        return false;
    /* Most right-hand sides do not even contain the target's text: skip the walk. */
    uint32_t tl = END(t) - START(t), es = START(e), ee = END(e);
    if (tl == 0 || ee - es < tl || !memmem(p->src + es, ee - es, p->src + START(t), tl))
        return false;
    TSTreeCursor c = ts_tree_cursor_new(e);
    bool found = false;
    int steps = 0;
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        if (kind(n) == tk && same_text(p, n, t)) {
            found = true;
            break;
        }
        if (++steps < 4096 && kind(n) != K_lambda && ts_tree_cursor_goto_first_child(&c))
            continue;
        bool up = false;
        while (!ts_tree_cursor_goto_next_sibling(&c)) {
            if (!ts_tree_cursor_goto_parent(&c) || ts_node_eq(ts_tree_cursor_current_node(&c), e)) {
                up = true;
                break;
            }
        }
        if (up)
            break;
    }
    ts_tree_cursor_delete(&c);
    return found;
}

static void assign(py *p, TSNode target, uint32_t value, cc_store_kind sk, uint16_t flags)
{
    if (!enter(p, target))
        return;
    switch (kind(target)) {
    case K_identifier:
    case K_attribute:
    case K_subscript: {
        uint32_t pl = place(p, target);
        uint32_t s = op(p, CC_OP_STORE, (uint8_t)sk, pl, value, CC_STR_NONE, 0, target);
        if (flags)
            cc_builder_op_flags(p->b, s, flags);
        break;
    }
    case K_pattern_list: case K_tuple_pattern: case K_list_pattern: case K_tuple: case K_list:
    case K_expression_list: {
        kids k;
        TSNode c;
        int64_t i = 0;
        kids_begin(p, &k, target);
        while (kids_next_named(&k, &c)) {
            bool star = kind(c) == K_list_splat_pattern || kind(c) == K_list_splat;
            uint32_t item = op(p, CC_OP_INDEX, star ? CC_INDEX_UNKNOWN : CC_INDEX_CONST, value,
                               CC_NONE, CC_STR_NONE, i, c);
            uint32_t v = op(p, CC_OP_LOAD, 0, item, CC_NONE, CC_STR_NONE, 0, c);
            assign(p, star ? ts_node_named_child(c, 0) : c, v, sk, flags);
            i++;
        }
        kids_end(p, &k);
        break;
    }
    case K_parenthesized_expression:
    case K_list_splat_pattern:
    case K_list_splat:
        if (ts_node_named_child_count(target))
            assign(p, ts_node_named_child(target, 0), value, sk, flags);
        break;
    default:
        op(p, CC_OP_UNKNOWN, 0, value, CC_NONE, S(p, ts_node_type(target)), 0, target);
        break;
    }
    leave(p);
}

static int64_t parse_int(py *p, TSNode n, bool *big)
{
    char buf[128];
    size_t k = 0;
    *big = false;
    for (uint32_t i = START(n); i < END(n) && k + 1 < sizeof buf; i++)
        if (p->src[i] != '_')
            buf[k++] = p->src[i];
    buf[k] = 0;
    if (k >= sizeof buf - 1) {
        *big = true;
        return INT64_MAX;
    }
    int base = 10;
    const char *s = buf;
    if (buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X'))
        base = 16, s += 2;
    else if (buf[0] == '0' && (buf[1] == 'o' || buf[1] == 'O'))
        base = 8, s += 2;
    else if (buf[0] == '0' && (buf[1] == 'b' || buf[1] == 'B'))
        base = 2, s += 2;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, base);
    if (errno || v > INT64_MAX) {
        *big = true;
        return INT64_MAX;
    }
    return (int64_t)v;
}

/* Lowers a string or concatenated string: CONST STR/BYTES, or ALLOC FSTRING of its parts. */
static uint32_t string_value(py *p, TSNode n)
{
    uint32_t *parts = NULL, nparts = 0, cap = 0;
    char *text = NULL;
    size_t tlen = 0, tcap = 0;
    bool bytes = false, interp = false, toolong = false;
    TSNode strs[1];
    kids outer;
    TSNode s;
    bool concat = kind(n) == K_concatenated_string;
    if (concat)
        kids_begin(p, &outer, n);
    for (;;) {
        if (concat) {
            if (!kids_next_named(&outer, &s))
                break;
        } else {
            strs[0] = n;
            s = strs[0];
        }
        kids k;
        TSNode c;
        kids_begin(p, &k, s);
        while (kids_next(&k, &c)) {
            switch (kind(c)) {
            case K_string_start:
                for (uint32_t i = START(c); i < END(c); i++)
                    if (p->src[i] == 'b' || p->src[i] == 'B')
                        bytes = true;
                break;
            case K_string_content:
            case K_escape_sequence: {
                size_t l = END(c) - START(c);
                if (tlen + l > 4096) {
                    toolong = true;
                    break;
                }
                while (tlen + l + 1 > tcap) {
                    tcap = tcap ? tcap * 2 : 64;
                    text = cc_xrealloc(text, tcap);
                }
                memcpy(text + tlen, p->src + START(c), l);
                tlen += l;
                break;
            }
            case K_interpolation: {
                interp = true;
                TSNode e = ts_node_named_child(c, 0);
                if (!ts_node_is_null(e))
                    CC_VEC_PUSH(parts, nparts, cap, expr(p, e));
                break;
            }
            default:
                break;
            }
        }
        kids_end(p, &k);
        if (!concat)
            break;
    }
    if (concat)
        kids_end(p, &outer);
    uint32_t v;
    if (interp) {
        v = cc_builder_call(p->b, CC_OP_ALLOC, CC_ALLOC_FSTRING, CC_NONE, parts, NULL, nparts, 0,
                            START(n), END(n));
    } else {
        cc_str t = (!toolong && tlen) ? cc_intern(p->in, text, tlen) : CC_STR_NONE;
        v = op(p, CC_OP_CONST, bytes ? CC_CONST_BYTES : CC_CONST_STR, CC_NONE, CC_NONE, t,
               (int64_t)tlen, n);
    }
    free(parts);
    free(text);
    return v;
}

/* Arguments of one call; most calls have few, so they start in the struct itself. */
enum { ARGVEC_INLINE = 8 };
typedef struct argvec {
    uint32_t *v;
    cc_str *kw;
    uint32_t n, cap;
    uint16_t flags;
    uint32_t inl_v[ARGVEC_INLINE];
    cc_str inl_kw[ARGVEC_INLINE];
} argvec;

static void argvec_push(argvec *a, uint32_t v, cc_str kw)
{
    if (a->cap == 0) {
        a->v = a->inl_v;
        a->kw = a->inl_kw;
        a->cap = ARGVEC_INLINE;
    }
    if (a->n == a->cap) {
        uint32_t ncap = a->cap * 2;
        uint32_t *nv = cc_xmalloc(ncap * sizeof(uint32_t));
        cc_str *nk = cc_xmalloc(ncap * sizeof(cc_str));
        memcpy(nv, a->v, a->n * sizeof(uint32_t));
        memcpy(nk, a->kw, a->n * sizeof(cc_str));
        if (a->v != a->inl_v) {
            free(a->v);
            free(a->kw);
        }
        a->v = nv;
        a->kw = nk;
        a->cap = ncap;
    }
    a->v[a->n] = v;
    a->kw[a->n] = kw;
    a->n++;
}

static void argvec_free(argvec *a)
{
    if (a->v != a->inl_v) {
        free(a->v);
        free(a->kw);
    }
}

static uint32_t comprehension(py *p, TSNode n, cc_alloc_kind ak);

static void call_args(py *p, TSNode args, argvec *out)
{
    if (kind(args) == K_generator_expression) {
        argvec_push(out, comprehension(p, args, CC_ALLOC_GENERATOR), CC_STR_NONE);
        return;
    }
    kids k;
    TSNode c;
    kids_begin(p, &k, args);
    while (kids_next_named(&k, &c)) {
        switch (kind(c)) {
        case K_keyword_argument:
            argvec_push(out, expr(p, field(c, KT.f_value)), text_of(p, field(c, KT.f_name)));
            break;
        case K_list_splat:
            out->flags |= CC_OPF_STARRED;
            argvec_push(out, expr(p, ts_node_named_child(c, 0)), S(p, "*"));
            break;
        case K_dictionary_splat:
            out->flags |= CC_OPF_STARRED;
            argvec_push(out, expr(p, ts_node_named_child(c, 0)), S(p, "**"));
            break;
        default:
            argvec_push(out, expr(p, c), CC_STR_NONE);
            break;
        }
    }
    kids_end(p, &k);
}

static uint32_t func_def(py *p, TSNode n, bool is_lambda);

/* Lowers a comprehension as a loop in the current function; returns the ALLOC of its result. */
static uint32_t comprehension(py *p, TSNode n, cc_alloc_kind ak)
{
    uint32_t headers[16], exits[16];
    int nl = 0;
    kids k;
    TSNode c;
    kids_begin(p, &k, n);
    while (kids_next_named(&k, &c)) {
        if (kind(c) == K_for_in_clause && nl < 16) {
            uint32_t coll = expr(p, field(c, KT.f_right));
            uint32_t it = op(p, CC_OP_ITER, 0, coll, CC_NONE, CC_STR_NONE, 0, c);
            uint32_t h = cc_builder_block_new(p->b), body = cc_builder_block_new(p->b);
            uint32_t ex = cc_builder_block_new(p->b);
            cc_builder_jump(p->b, h, CC_EDGE_NEXT);
            cc_builder_block_set(p->b, h);
            uint32_t l = cc_builder_loop_begin(p->b, h, START(c), END(c));
            TSNode left = field(c, KT.f_left);
            cc_builder_loop_trip(p->b, l, CC_TRIP_COLLECTION, 0, CC_NONE, coll,
                                 kind(left) == K_identifier ? text_of(p, left) : CC_STR_NONE);
            uint32_t v = op(p, CC_OP_NEXT, 0, it, CC_NONE, CC_STR_NONE, 0, c);
            cc_builder_edge(p->b, h, body, CC_EDGE_LOOP_BODY);
            cc_builder_jump(p->b, ex, CC_EDGE_LOOP_EXIT);
            cc_builder_block_set(p->b, body);
            assign(p, left, v, CC_STORE_PLAIN, 0);
            headers[nl] = h;
            exits[nl] = ex;
            nl++;
        } else if (kind(c) == K_if_clause && nl > 0) {
            uint32_t cond = expr(p, ts_node_named_child(c, 0));
            op(p, CC_OP_BRANCH, 0, cond, CC_NONE, CC_STR_NONE, 0, c);
            uint32_t t = cc_builder_block_new(p->b);
            cc_builder_edge(p->b, cc_builder_block_current(p->b), headers[nl - 1],
                            CC_EDGE_CONTINUE);
            cc_builder_jump(p->b, t, CC_EDGE_TRUE);
            cc_builder_block_set(p->b, t);
        }
    }
    kids_end(p, &k);
    TSNode body = field(n, KT.f_body);
    uint32_t elem[2], ne = 0;
    if (kind(body) == K_pair) {
        elem[ne++] = expr(p, field(body, KT.f_key));
        elem[ne++] = expr(p, field(body, KT.f_value));
    } else if (!ts_node_is_null(body)) {
        elem[ne++] = expr(p, body);
    }
    for (int i = nl - 1; i >= 0; i--) {
        cc_builder_jump(p->b, headers[i], CC_EDGE_BACK);
        cc_builder_loop_end(p->b);
        cc_builder_block_set(p->b, exits[i]);
    }
    if (nl > 0) {
        /* The result is made in a block created after the loops' blocks, so that its operands
         * (the elements, computed in the innermost body) stay earlier ops once ops are ordered
         * by block. */
        uint32_t done = cc_builder_block_new(p->b);
        cc_builder_jump(p->b, done, CC_EDGE_NEXT);
        cc_builder_block_set(p->b, done);
    }
    return cc_builder_call(p->b, CC_OP_ALLOC, (uint8_t)ak, CC_NONE, elem, NULL, ne, 0, START(n),
                           END(n));
}

static uint32_t collection(py *p, TSNode n, cc_alloc_kind ak)
{
    argvec a = {0};
    kids k;
    TSNode c;
    kids_begin(p, &k, n);
    while (kids_next_named(&k, &c)) {
        if (kind(c) == K_pair) {
            argvec_push(&a, expr(p, field(c, KT.f_key)), CC_STR_NONE);
            argvec_push(&a, expr(p, field(c, KT.f_value)), CC_STR_NONE);
        } else if (kind(c) == K_list_splat || kind(c) == K_dictionary_splat) {
            a.flags |= CC_OPF_STARRED;
            argvec_push(&a, expr(p, ts_node_named_child(c, 0)), S(p, "*"));
        } else {
            argvec_push(&a, expr(p, c), CC_STR_NONE);
        }
    }
    kids_end(p, &k);
    uint32_t v = cc_builder_call(p->b, CC_OP_ALLOC, (uint8_t)ak, CC_NONE, a.v, a.kw, a.n, a.flags,
                                 START(n), END(n));
    argvec_free(&a);
    return v;
}

static uint32_t operator_text(py *p, TSNode n)
{
    TSNode o = field(n, KT.f_operator);
    return ts_node_is_null(o) ? CC_STR_NONE : text_of(p, o);
}

/* Lowers an expression and returns the op holding its value. Never CC_NONE. */
static uint32_t expr(py *p, TSNode n)
{
    if (ts_node_is_null(n))
        return cc_builder_op(p->b, CC_OP_UNKNOWN, 0, CC_NONE, CC_NONE, CC_STR_NONE, 0, 0, 0);
    if (!enter(p, n))
        return op(p, CC_OP_UNKNOWN, 0, CC_NONE, CC_NONE, S(p, "too-deep"), 0, n);
    uint32_t v;
    switch (kind(n)) {
    case K_identifier:
    case K_attribute:
    case K_subscript: {
        uint32_t pl = place(p, n);
        v = op(p, CC_OP_LOAD, 0, pl, CC_NONE, CC_STR_NONE, 0, n);
        break;
    }
    case K_call: {
        uint32_t callee = expr(p, field(n, KT.f_function));
        argvec a = {0};
        TSNode args = field(n, KT.f_arguments);
        if (!ts_node_is_null(args))
            call_args(p, args, &a);
        v = cc_builder_call(p->b, CC_OP_CALL, 0, callee, a.v, a.kw, a.n, a.flags, START(n),
                            END(n));
        argvec_free(&a);
        break;
    }
    case K_integer: {
        bool big;
        const char *t = p->src + START(n);
        uint32_t tl = END(n) - START(n);
        if (tl > 1 && (t[tl - 1] == 'l' || t[tl - 1] == 'L'))
            syntax_diag(p, n, "Python 2 long integer suffix `L`");
        else if (tl > 1 && t[0] == '0' && t[1] >= '0' && t[1] <= '9') {
            bool zeros = true;
            for (uint32_t i = 0; i < tl; i++)
                if (t[i] != '0' && t[i] != '_')
                    zeros = false;
            if (!zeros)
                syntax_diag(p, n, "leading zeros in a decimal integer literal (a Python 2 octal)");
        }
        int64_t iv = parse_int(p, n, &big);
        v = op(p, CC_OP_CONST, CC_CONST_INT, CC_NONE, CC_NONE, text_of(p, n), iv, n);
        if (big)
            cc_builder_op_flags(p->b, v, CC_OPF_BIGINT);
        break;
    }
    case K_float:
        v = op(p, CC_OP_CONST, CC_CONST_FLOAT, CC_NONE, CC_NONE, text_of(p, n), 0, n);
        break;
    case K_string:
    case K_concatenated_string:
        v = string_value(p, n);
        break;
    case K_true:
    case K_false:
        v = op(p, CC_OP_CONST, CC_CONST_BOOL, CC_NONE, CC_NONE, text_of(p, n),
               kind(n) == K_true, n);
        break;
    case K_none:
        v = op(p, CC_OP_CONST, CC_CONST_NONE, CC_NONE, CC_NONE, S(p, "None"), 0, n);
        break;
    case K_ellipsis:
        v = op(p, CC_OP_CONST, CC_CONST_ELLIPSIS, CC_NONE, CC_NONE, S(p, "..."), 0, n);
        break;
    case K_list:
        v = collection(p, n, CC_ALLOC_LIST);
        break;
    case K_tuple:
    case K_expression_list:
    case K_pattern_list:
        v = collection(p, n, CC_ALLOC_TUPLE);
        break;
    case K_set:
        v = collection(p, n, CC_ALLOC_SET);
        break;
    case K_dictionary:
        v = collection(p, n, CC_ALLOC_DICT);
        break;
    case K_list_comprehension:
        v = comprehension(p, n, CC_ALLOC_LIST);
        break;
    case K_set_comprehension:
        v = comprehension(p, n, CC_ALLOC_SET);
        break;
    case K_dictionary_comprehension:
        v = comprehension(p, n, CC_ALLOC_DICT);
        break;
    case K_generator_expression:
        v = comprehension(p, n, CC_ALLOC_GENERATOR);
        break;
    case K_parenthesized_expression:
        v = ts_node_named_child_count(n) ? expr(p, ts_node_named_child(n, 0))
                                         : op(p, CC_OP_UNKNOWN, 0, CC_NONE, CC_NONE, 0, 0, n);
        break;
    case K_binary_operator:
    case K_boolean_operator: {
        uint32_t l = expr(p, field(n, KT.f_left));
        uint32_t r = expr(p, field(n, KT.f_right));
        v = op(p, CC_OP_BINOP, 0, l, r, operator_text(p, n), 0, n);
        break;
    }
    case K_unary_operator: {
        uint32_t a = expr(p, field(n, KT.f_argument));
        v = op(p, CC_OP_UNOP, 0, a, CC_NONE, operator_text(p, n), 0, n);
        break;
    }
    case K_not_operator: {
        uint32_t a = expr(p, field(n, KT.f_argument));
        v = op(p, CC_OP_UNOP, 0, a, CC_NONE, S(p, "not"), 0, n);
        break;
    }
    case K_comparison_operator: {
        /* a < b < c: compared pairwise; the ops record the first operator. */
        kids k;
        TSNode c;
        uint32_t prev = CC_NONE;
        cc_str optext = CC_STR_NONE;
        v = CC_NONE;
        kids_begin(p, &k, n);
        while (kids_next(&k, &c)) {
            if (!ts_node_is_named(c)) {
                cc_str t = text_of(p, c);
                optext = optext && kind(c) == K_OTHER && !strcmp(cc_str_text(p->in, optext), "not")
                             ? S(p, "not in")
                         : optext && !strcmp(cc_str_text(p->in, optext), "is") &&
                                 !strcmp(cc_str_text(p->in, t), "not")
                             ? S(p, "is not")
                             : t;
                continue;
            }
            if (kind(c) == K_comment)
                continue;
            uint32_t cur = expr(p, c);
            if (prev != CC_NONE)
                v = op(p, CC_OP_COMPARE, 0, prev, cur, optext, 0, n);
            prev = cur;
            optext = CC_STR_NONE;
        }
        kids_end(p, &k);
        if (v == CC_NONE)
            v = prev != CC_NONE ? prev : op(p, CC_OP_UNKNOWN, 0, CC_NONE, CC_NONE, 0, 0, n);
        break;
    }
    case K_conditional_expression: {
        uint32_t parts[3], np = 0;
        kids k;
        TSNode c;
        kids_begin(p, &k, n);
        while (kids_next_named(&k, &c) && np < 3)
            parts[np++] = expr(p, c);
        kids_end(p, &k);
        v = cc_builder_call(p->b, CC_OP_UNKNOWN, 0, CC_NONE, parts, NULL, np, 0, START(n),
                            END(n));
        break;
    }
    case K_lambda:
        v = func_def(p, n, true);
        break;
    case K_await:
        v = op(p, CC_OP_AWAIT, 0, expr(p, ts_node_named_child(n, 0)), CC_NONE, 0, 0, n);
        break;
    case K_yield: {
        cc_builder_func_set_flags(p->b, CC_FUNCF_GENERATOR);
        TSNode c = ts_node_named_child(n, 0);
        uint32_t a = ts_node_is_null(c) ? CC_NONE : expr(p, c);
        v = op(p, CC_OP_YIELD, 0, a, CC_NONE, 0, 0, n);
        break;
    }
    case K_named_expression: {
        v = expr(p, field(n, KT.f_value));
        assign(p, field(n, KT.f_name), v, CC_STORE_PLAIN, 0);
        break;
    }
    case K_list_splat:
    case K_dictionary_splat:
        v = expr(p, ts_node_named_child(n, 0));
        break;
    default: {
        /* Not modelled (slices, keyword separators, Python 2 forms, ERROR): keep the effects of
         * its sub-expressions. */
        argvec a = {0};
        kids k;
        TSNode c;
        kids_begin(p, &k, n);
        while (kids_next_named(&k, &c))
            argvec_push(&a, expr(p, c), CC_STR_NONE);
        kids_end(p, &k);
        v = cc_builder_call(p->b, CC_OP_UNKNOWN, 0, CC_NONE, a.v, NULL, a.n, 0, START(n), END(n));
        cc_builder_op_name(p->b, v, S(p, ts_node_type(n)));
        argvec_free(&a);
        break;
    }
    }
    leave(p);
    return v;
}

/* ---- functions and classes ----------------------------------------------------------------- */

static void begin_scope(py *p, fctx *fc, uint32_t func, cc_func_kind k, cc_str qualname)
{
    memset(fc, 0, sizeof(*fc));
    fc->parent = p->fc;
    fc->func = func;
    fc->kind = k;
    fc->qualname = qualname;
    fc->class_idx = CC_NONE;
    p->fc = fc;
}

static void end_scope(py *p, fctx *fc)
{
    p->fc = fc->parent;
    fctx_free(fc);
}

static void param_names(py *p, TSNode params, cc_str *names, uint32_t *nnames, uint32_t max,
                        uint16_t *flags)
{
    kids k;
    TSNode c;
    kids_begin(p, &k, params);
    while (kids_next_named(&k, &c)) {
        TSNode id = c;
        switch (kind(c)) {
        case K_default_parameter:
        case K_typed_default_parameter:
            id = field(c, KT.f_name);
            break;
        case K_typed_parameter:
            id = ts_node_named_child(c, 0);
            break;
        default:
            break;
        }
        if (kind(id) == K_list_splat_pattern || kind(id) == K_dictionary_splat_pattern) {
            *flags |= CC_FUNCF_VARARGS;
            id = ts_node_named_child(id, 0);
        }
        if (kind(id) != K_identifier)
            continue;
        cc_str nm = text_of(p, id);
        if (*nnames < max)
            names[(*nnames)++] = nm;
    }
    kids_end(p, &k);
}

/* def or lambda: lowers defaults in the current scope, the body as a new function, and returns
 * the FUNC op (decorators applied by the caller). */
static uint32_t func_def(py *p, TSNode n, bool is_lambda)
{
    TSNode params = field(n, KT.f_parameters);
    /* Defaults are evaluated where the function is defined. */
    if (!ts_node_is_null(params)) {
        kids k;
        TSNode c;
        kids_begin(p, &k, params);
        while (kids_next_named(&k, &c))
            if (kind(c) == K_default_parameter || kind(c) == K_typed_default_parameter)
                expr(p, field(c, KT.f_value));
        kids_end(p, &k);
    }
    cc_str name = is_lambda ? S(p, "<lambda>") : text_of(p, field(n, KT.f_name));
    cc_str qual = child_qualname(p, name);
    uint16_t flags = 0;
    if (p->fc->kind != CC_FUNC_MODULE && p->fc->kind != CC_FUNC_CLASS_BODY)
        flags |= CC_FUNCF_NESTED;
    for (fctx *up = p->fc; up; up = up->parent)
        if (up->kind == CC_FUNC_FUNCTION || up->kind == CC_FUNC_LAMBDA)
            flags |= CC_FUNCF_NESTED;
    if (p->fc->in_main_guard)
        flags |= CC_FUNCF_IN_MAIN_GUARD;
    if (!is_lambda && ts_node_child_count(n) && !strcmp(ts_node_type(ts_node_child(n, 0)), "async"))
        flags |= CC_FUNCF_ASYNC;
    uint32_t class_idx = p->fc->kind == CC_FUNC_CLASS_BODY ? p->fc->class_idx : CC_NONE;
    uint32_t fi = cc_builder_func_begin(p->b, is_lambda ? CC_FUNC_LAMBDA : CC_FUNC_FUNCTION, name,
                                        qual, class_idx, flags, START(n), END(n));
    fctx fc;
    begin_scope(p, &fc, fi, is_lambda ? CC_FUNC_LAMBDA : CC_FUNC_FUNCTION, qual);
    cc_str names[256];
    uint32_t nnames = 0;
    if (!ts_node_is_null(params))
        param_names(p, params, names, &nnames, 256, &flags);
    TSNode body = field(n, KT.f_body);
    cc_builder_func_set_flags(p->b, flags);
    for (uint32_t i = 0; i < nnames; i++) {
        cc_builder_func_param(p->b, names[i]);
        uint32_t pv = cc_builder_op(p->b, CC_OP_PARAM, 0, CC_NONE, CC_NONE, names[i], i,
                                    START(params), END(params));
        uint32_t pl = cc_builder_op(p->b, CC_OP_NAME, CC_SCOPE_LOCAL, CC_NONE, CC_NONE, names[i],
                                    0, START(params), END(params));
        cc_builder_op(p->b, CC_OP_STORE, CC_STORE_PLAIN, pl, pv, CC_STR_NONE, 0, START(params),
                      END(params));
    }
    if (is_lambda) {
        if (!ts_node_is_null(body)) {
            uint32_t r = expr(p, body);
            op(p, CC_OP_RETURN, 0, r, CC_NONE, 0, 0, body);
        }
    } else if (!ts_node_is_null(body)) {
        stmts(p, body);
    }
    end_scope(p, &fc);
    cc_builder_func_end(p->b);
    return op(p, CC_OP_FUNC, 0, CC_NONE, CC_NONE, name, fi, is_lambda ? n : field(n, KT.f_name));
}

static uint32_t class_def(py *p, TSNode n)
{
    uint32_t bases[64], nb = 0;
    TSNode sup = field(n, KT.f_superclasses);
    if (!ts_node_is_null(sup)) {
        kids k;
        TSNode c;
        kids_begin(p, &k, sup);
        while (kids_next_named(&k, &c)) {
            if (kind(c) == K_keyword_argument) {
                expr(p, field(c, KT.f_value));
            } else {
                uint32_t v = expr(p, c);
                if (nb < 64)
                    bases[nb++] = v;
            }
        }
        kids_end(p, &k);
    }
    TSNode nmnode = field(n, KT.f_name);
    cc_str name = text_of(p, nmnode);
    cc_str qual = child_qualname(p, name);
    uint32_t ci = cc_builder_class(p->b, name, qual, bases, nb, START(n), END(n));
    uint16_t flags = p->fc->in_main_guard ? CC_FUNCF_IN_MAIN_GUARD : 0;
    for (fctx *up = p->fc; up; up = up->parent)
        if (up->kind == CC_FUNC_FUNCTION || up->kind == CC_FUNC_LAMBDA)
            flags |= CC_FUNCF_NESTED;
    uint32_t fi = cc_builder_func_begin(p->b, CC_FUNC_CLASS_BODY, name, qual, ci, flags, START(n),
                                        END(n));
    cc_builder_class_body(p->b, ci, fi);
    fctx fc;
    begin_scope(p, &fc, fi, CC_FUNC_CLASS_BODY, qual);
    fc.class_idx = ci;
    TSNode body = field(n, KT.f_body);
    if (!ts_node_is_null(body))
        stmts(p, body);
    end_scope(p, &fc);
    cc_builder_func_end(p->b);
    return op(p, CC_OP_CLASS, 0, CC_NONE, CC_NONE, name, ci, nmnode);
}

static void decorated(py *p, TSNode n)
{
    uint32_t decs[32], nd = 0;
    TSNode def = field(n, KT.f_definition);
    kids k;
    TSNode c;
    kids_begin(p, &k, n);
    while (kids_next_named(&k, &c))
        if (kind(c) == K_decorator && nd < 32)
            decs[nd++] = expr(p, ts_node_named_child(c, 0));
    kids_end(p, &k);
    if (ts_node_is_null(def))
        return;
    uint32_t v = kind(def) == K_class_definition ? class_def(p, def) : func_def(p, def, false);
    for (uint32_t i = nd; i-- > 0;) {
        uint32_t arg = v;
        v = cc_builder_call(p->b, CC_OP_CALL, 0, decs[i], &arg, NULL, 1, 0, START(n), END(n));
    }
    assign(p, field(def, KT.f_name), v, CC_STORE_PLAIN, 0);
}

/* ---- statements ---------------------------------------------------------------------------- */

static uint32_t exc_target(py *p)
{
    fctx *fc = p->fc;
    return fc->ntries ? fc->tries[fc->ntries - 1].handler : 1;
}

static void stmts(py *p, TSNode blk)
{
    kids k;
    TSNode c;
    kids_begin(p, &k, blk);
    while (kids_next_named(&k, &c))
        stmt(p, c);
    kids_end(p, &k);
}

static bool is_main_guard(py *p, TSNode cond);

/* `if __name__ != "__main__":` — its else branch is the guarded one. */
static bool is_negated_main_guard(py *p, TSNode cond)
{
    if (kind(cond) == K_parenthesized_expression)
        cond = ts_node_named_child(cond, 0);
    if (kind(cond) == K_not_operator)
        return is_main_guard(p, field(cond, KT.f_argument));
    if (kind(cond) != K_comparison_operator || ts_node_named_child_count(cond) != 2)
        return false;
    TSNode opn = ts_node_child(cond, 1);
    if (strcmp(ts_node_type(opn), "!=") != 0)
        return false;
    TSNode a = ts_node_named_child(cond, 0), b = ts_node_named_child(cond, 1);
    if (kind(a) == K_string) {
        TSNode t = a;
        a = b;
        b = t;
    }
    return kind(a) == K_identifier && kind(b) == K_string && END(a) - START(a) == 8 &&
           !memcmp(p->src + START(a), "__name__", 8) && END(b) - START(b) == 10 &&
           !memcmp(p->src + START(b) + 1, "__main__", 8);
}

static bool is_main_guard(py *p, TSNode cond)
{
    if (kind(cond) == K_parenthesized_expression)
        cond = ts_node_named_child(cond, 0);
    /* `__name__ == "__main__" and x`: the body still runs only in the main module. */
    if (kind(cond) == K_boolean_operator) {
        TSNode o = field(cond, KT.f_operator);
        if (ts_node_is_null(o) || END(o) - START(o) != 3 || memcmp(p->src + START(o), "and", 3))
            return false;
        return is_main_guard(p, field(cond, KT.f_left)) ||
               is_main_guard(p, field(cond, KT.f_right));
    }
    if (kind(cond) != K_comparison_operator || ts_node_named_child_count(cond) != 2)
        return false;
    TSNode a = ts_node_named_child(cond, 0), b = ts_node_named_child(cond, 1);
    TSNode opn = ts_node_child(cond, 1);
    if (strcmp(ts_node_type(opn), "==") != 0)
        return false;
    if (kind(a) == K_string) {
        TSNode t = a;
        a = b;
        b = t;
    }
    if (kind(a) != K_identifier || kind(b) != K_string)
        return false;
    uint32_t la = END(a) - START(a), lb = END(b) - START(b);
    if (la != 8 || memcmp(p->src + START(a), "__name__", 8) != 0 || lb != 10)
        return false;
    return memcmp(p->src + START(b) + 1, "__main__", 8) == 0;
}

static void if_stmt(py *p, TSNode n)
{
    uint32_t after = cc_builder_block_new(p->b);
    TSNode cond = field(n, KT.f_condition);
    bool guard = p->fc->kind == CC_FUNC_MODULE && is_main_guard(p, cond);
    bool neg_guard = p->fc->kind == CC_FUNC_MODULE && !guard && is_negated_main_guard(p, cond);
    uint32_t c = expr(p, cond);
    op(p, CC_OP_BRANCH, guard ? 1 : neg_guard ? 2 : 0, c, CC_NONE, CC_STR_NONE, 0, cond);
    uint32_t then = cc_builder_block_new(p->b), els = cc_builder_block_new(p->b);
    cc_builder_edge(p->b, cc_builder_block_current(p->b), then, CC_EDGE_TRUE);
    cc_builder_jump(p->b, els, CC_EDGE_FALSE);
    cc_builder_block_set(p->b, then);
    bool saved = p->fc->in_main_guard;
    if (guard)
        p->fc->in_main_guard = true;
    stmts(p, field(n, KT.f_consequence));
    p->fc->in_main_guard = saved;
    cc_builder_jump(p->b, after, CC_EDGE_NEXT);
    cc_builder_block_set(p->b, els);
    if (neg_guard)
        p->fc->in_main_guard = true;
    kids k;
    TSNode alt;
    kids_begin(p, &k, n);
    while (kids_next_named(&k, &alt)) {
        if (kind(alt) == K_elif_clause) {
            uint32_t ec = expr(p, field(alt, KT.f_condition));
            op(p, CC_OP_BRANCH, 0, ec, CC_NONE, CC_STR_NONE, 0, field(alt, KT.f_condition));
            uint32_t t2 = cc_builder_block_new(p->b), e2 = cc_builder_block_new(p->b);
            cc_builder_edge(p->b, cc_builder_block_current(p->b), t2, CC_EDGE_TRUE);
            cc_builder_jump(p->b, e2, CC_EDGE_FALSE);
            cc_builder_block_set(p->b, t2);
            stmts(p, field(alt, KT.f_consequence));
            cc_builder_jump(p->b, after, CC_EDGE_NEXT);
            cc_builder_block_set(p->b, e2);
        } else if (kind(alt) == K_else_clause) {
            stmts(p, field(alt, KT.f_body));
        }
    }
    kids_end(p, &k);
    p->fc->in_main_guard = saved;
    cc_builder_jump(p->b, after, CC_EDGE_NEXT);
    cc_builder_block_set(p->b, after);
}

static void push_loop(py *p, uint32_t header, uint32_t exit, cc_str var)
{
    loopctx l = {header, exit, var};
    CC_VEC_PUSH(p->fc->loops, p->fc->nloops, p->fc->caploops, l);
}

static void loop_else_and_exit(py *p, TSNode n, uint32_t exit_edge_from, uint32_t after)
{
    TSNode alt = field(n, KT.f_alternative);
    if (!ts_node_is_null(alt)) {
        uint32_t eb = cc_builder_block_new(p->b);
        cc_builder_edge(p->b, exit_edge_from, eb, CC_EDGE_LOOP_EXIT);
        cc_builder_block_set(p->b, eb);
        stmts(p, field(alt, KT.f_body));
        cc_builder_jump(p->b, after, CC_EDGE_NEXT);
    } else {
        cc_builder_edge(p->b, exit_edge_from, after, CC_EDGE_LOOP_EXIT);
    }
    cc_builder_block_set(p->b, after);
}

static void for_stmt(py *p, TSNode n)
{
    TSNode left = field(n, KT.f_left), right = field(n, KT.f_right);
    uint32_t coll = expr(p, right);
    uint32_t it = op(p, CC_OP_ITER, 0, coll, CC_NONE, CC_STR_NONE, 0, right);
    uint16_t async = ts_node_child_count(n) && !strcmp(ts_node_type(ts_node_child(n, 0)), "async")
                         ? CC_OPF_ASYNC
                         : 0;
    if (async)
        cc_builder_op_flags(p->b, it, async);
    uint32_t header = cc_builder_block_new(p->b), body = cc_builder_block_new(p->b);
    uint32_t after = cc_builder_block_new(p->b);
    cc_builder_jump(p->b, header, CC_EDGE_NEXT);
    cc_builder_block_set(p->b, header);
    uint32_t l = cc_builder_loop_begin(p->b, header, START(n), END(n));
    cc_str var = kind(left) == K_identifier ? text_of(p, left) : CC_STR_NONE;
    cc_builder_loop_trip(p->b, l, CC_TRIP_COLLECTION, 0, CC_NONE, coll, var);
    uint32_t v = op(p, CC_OP_NEXT, 0, it, CC_NONE, CC_STR_NONE, 0, left);
    cc_builder_edge(p->b, header, body, CC_EDGE_LOOP_BODY);
    cc_builder_block_set(p->b, body);
    assign(p, left, v, CC_STORE_PLAIN, 0);
    push_loop(p, header, after, var);
    stmts(p, field(n, KT.f_body));
    p->fc->nloops--;
    cc_builder_jump(p->b, header, CC_EDGE_BACK);
    cc_builder_loop_end(p->b);
    loop_else_and_exit(p, n, header, after);
}

static void while_stmt(py *p, TSNode n)
{
    uint32_t header = cc_builder_block_new(p->b), body = cc_builder_block_new(p->b);
    uint32_t after = cc_builder_block_new(p->b);
    cc_builder_jump(p->b, header, CC_EDGE_NEXT);
    cc_builder_block_set(p->b, header);
    uint32_t l = cc_builder_loop_begin(p->b, header, START(n), END(n));
    TSNode cond = field(n, KT.f_condition);
    uint32_t c = expr(p, cond);
    op(p, CC_OP_BRANCH, 0, c, CC_NONE, CC_STR_NONE, 0, cond);
    bool forever = kind(cond) == K_true ||
                   (kind(cond) == K_integer && strtol(p->src + START(cond), NULL, 0) != 0);
    cc_builder_loop_trip(p->b, l, forever ? CC_TRIP_INFINITE : CC_TRIP_UNKNOWN, 0, CC_NONE,
                         CC_NONE, CC_STR_NONE);
    uint32_t cond_end = cc_builder_block_current(p->b);
    cc_builder_edge(p->b, cond_end, body, CC_EDGE_TRUE);
    cc_builder_block_set(p->b, body);
    push_loop(p, header, after, CC_STR_NONE);
    stmts(p, field(n, KT.f_body));
    p->fc->nloops--;
    cc_builder_jump(p->b, header, CC_EDGE_BACK);
    cc_builder_loop_end(p->b);
    if (forever) {
        /* Only break leaves `while True`; keep the else clause (if any) reachable from nowhere. */
        cc_builder_block_set(p->b, after);
    } else {
        loop_else_and_exit(p, n, cond_end, after);
    }
}

/* Leaves for `target` (a return: loop == CC_NONE; a break/continue of loop `loop`) through every
 * finally block in between: the jump goes to the innermost one and waits there (pending) until
 * that block has run. From `from`, or from the current block (closing it) when CC_NONE. Only the
 * tries below index `ntries` are crossed. */
static void leave_to(py *p, uint32_t ntries, uint32_t loop, uint32_t target, cc_edge_kind kind,
                     uint32_t from)
{
    fctx *fc = p->fc;
    for (uint32_t i = ntries; i-- > 0;) {
        tryctx *t = &fc->tries[i];
        if (loop != CC_NONE && t->nloops <= loop)
            break; /* this try encloses the loop: the target is reached before it */
        if (t->fin == CC_NONE)
            continue;
        pending pd = {target, loop, (uint8_t)kind};
        CC_VEC_PUSH(t->pend->v, t->pend->n, t->pend->cap, pd);
        if (from == CC_NONE)
            cc_builder_jump(p->b, t->fin, CC_EDGE_FINALLY);
        else
            cc_builder_edge(p->b, from, t->fin, CC_EDGE_FINALLY);
        return;
    }
    if (from == CC_NONE)
        cc_builder_jump(p->b, target, kind);
    else
        cc_builder_edge(p->b, from, target, kind);
}

static void jump_return(py *p)
{
    leave_to(p, p->fc->ntries, CC_NONE, 1, CC_EDGE_RETURN, CC_NONE);
}

/* After a finally/cleanup block `fend` has run: exceptions go on outward, and the jumps that
 * waited in it continue (through the finally blocks further out). */
static void finish_pendings(py *p, uint32_t fend, uint32_t outer_exc, pendings *pend)
{
    cc_builder_edge(p->b, fend, outer_exc, CC_EDGE_EXCEPT);
    for (uint32_t i = 0; i < pend->n; i++)
        leave_to(p, p->fc->ntries, pend->v[i].loop, pend->v[i].target, pend->v[i].kind, fend);
}

static void push_try(py *p, uint32_t handler, uint32_t fin, pendings *pend)
{
    tryctx t = {handler, fin, pend, p->fc->nloops};
    CC_VEC_PUSH(p->fc->tries, p->fc->ntries, p->fc->captries, t);
}

static void try_stmt(py *p, TSNode n)
{
    bool has_handlers = false, has_finally = false;
    TSNode fin_clause = {0}, else_clause = {0};
    kids k;
    TSNode c;
    kids_begin(p, &k, n);
    while (kids_next_named(&k, &c)) {
        if (kind(c) == K_except_clause || kind(c) == K_except_group_clause)
            has_handlers = true;
        else if (kind(c) == K_finally_clause) {
            has_finally = true;
            fin_clause = c;
        } else if (kind(c) == K_else_clause)
            else_clause = c;
    }
    kids_end(p, &k);
    uint32_t outer = exc_target(p);
    uint32_t after = cc_builder_block_new(p->b);
    uint32_t fin = has_finally ? cc_builder_block_new(p->b) : CC_NONE;
    uint32_t dispatch = has_handlers ? cc_builder_block_new(p->b) : CC_NONE;
    uint32_t normal_next = has_finally ? fin : after;
    pendings pend = {0};
    uint32_t entry = cc_builder_block_new(p->b);
    cc_builder_jump(p->b, entry, CC_EDGE_NEXT);
    cc_builder_block_set(p->b, entry);
    uint32_t handler = has_handlers ? dispatch : (has_finally ? fin : outer);
    push_try(p, handler, fin, &pend);
    stmts(p, field(n, KT.f_body));
    p->fc->ntries--;
    uint32_t body_last = cc_builder_block_count(p->b);
    for (uint32_t blk = entry; blk < body_last; blk++)
        if (blk != fin && blk != dispatch && blk != after)
            cc_builder_edge(p->b, blk, handler, CC_EDGE_EXCEPT);
    if (dispatch != CC_NONE)
        cc_builder_set_handler_of(p->b, dispatch, entry);
    if (!ts_node_is_null(else_clause)) {
        /* The else clause runs after the body, outside the handlers but inside the finally. */
        uint32_t eb = cc_builder_block_new(p->b);
        cc_builder_jump(p->b, eb, CC_EDGE_NEXT);
        cc_builder_block_set(p->b, eb);
        if (has_finally)
            push_try(p, fin, fin, &pend);
        stmts(p, field(else_clause, KT.f_body));
        if (has_finally) {
            p->fc->ntries--;
            for (uint32_t blk = eb; blk < cc_builder_block_count(p->b); blk++)
                cc_builder_edge(p->b, blk, fin, CC_EDGE_EXCEPT);
        }
    }
    cc_builder_jump(p->b, normal_next, has_finally ? CC_EDGE_FINALLY : CC_EDGE_NEXT);
    /* Handlers run with only the finally (if any) around them. */
    if (has_finally)
        push_try(p, fin, fin, &pend);
    if (has_handlers) {
        bool bare = false;
        uint32_t hfirst = cc_builder_block_count(p->b);
        kids_begin(p, &k, n);
        while (kids_next_named(&k, &c)) {
            if (kind(c) != K_except_clause && kind(c) != K_except_group_clause)
                continue;
            uint32_t h = cc_builder_block_new(p->b);
            cc_builder_edge(p->b, dispatch, h, CC_EDGE_EXCEPT);
            cc_builder_set_handler_of(p->b, h, entry);
            cc_builder_block_set(p->b, h);
            TSNode val = field(c, KT.f_value);
            TSNode alias = field(c, KT.f_alias);
            if (ts_node_is_null(val)) {
                /* 0.23 puts the type as a plain child: `except E as e:` → [E, alias] */
                kids k2;
                TSNode cc;
                kids_begin(p, &k2, c);
                while (kids_next_named(&k2, &cc)) {
                    if (kind(cc) == K_block || ts_node_eq(cc, alias))
                        continue;
                    val = cc;
                    break;
                }
                kids_end(p, &k2);
            }
            uint32_t ev = CC_NONE;
            if (!ts_node_is_null(val) && kind(val) != K_block) {
                if (kind(val) == K_as_pattern) {
                    ev = expr(p, ts_node_named_child(val, 0));
                    TSNode a = field(val, KT.f_alias);
                    if (!ts_node_is_null(a))
                        assign(p, ts_node_named_child_count(a) ? ts_node_named_child(a, 0) : a,
                               ev, CC_STORE_PLAIN, 0);
                } else {
                    ev = expr(p, val);
                }
            } else {
                bare = true;
            }
            if (!ts_node_is_null(alias) && ev != CC_NONE)
                assign(p, alias, ev, CC_STORE_PLAIN, 0);
            kids k2;
            TSNode cc;
            kids_begin(p, &k2, c);
            while (kids_next_named(&k2, &cc))
                if (kind(cc) == K_block)
                    stmts(p, cc);
            kids_end(p, &k2);
            cc_builder_jump(p->b, normal_next, has_finally ? CC_EDGE_FINALLY : CC_EDGE_NEXT);
        }
        kids_end(p, &k);
        uint32_t hlast = cc_builder_block_count(p->b);
        uint32_t hexc = has_finally ? fin : outer;
        for (uint32_t blk = hfirst; blk < hlast; blk++)
            cc_builder_edge(p->b, blk, hexc, CC_EDGE_EXCEPT);
        if (!bare)
            cc_builder_edge(p->b, dispatch, hexc, CC_EDGE_EXCEPT);
    }
    if (has_finally) {
        p->fc->ntries--;
        cc_builder_block_set(p->b, fin);
        TSNode fb = ts_node_named_child(fin_clause, 0);
        kids k2;
        TSNode cc;
        kids_begin(p, &k2, fin_clause);
        while (kids_next_named(&k2, &cc))
            if (kind(cc) == K_block)
                fb = cc;
        kids_end(p, &k2);
        if (!ts_node_is_null(fb))
            stmts(p, fb);
        uint32_t fend = cc_builder_block_current(p->b);
        if (!cc_builder_block_closed(p->b))
            finish_pendings(p, fend, outer, &pend);
        cc_builder_jump(p->b, after, CC_EDGE_NEXT);
    }
    free(pend.v);
    cc_builder_block_set(p->b, after);
}

static void with_stmt(py *p, TSNode n)
{
    uint32_t enters[32], ne = 0;
    uint16_t async = ts_node_child_count(n) && !strcmp(ts_node_type(ts_node_child(n, 0)), "async")
                         ? CC_OPF_ASYNC
                         : 0;
    TSNode clause = {0};
    kids k;
    TSNode c;
    kids_begin(p, &k, n);
    while (kids_next_named(&k, &c))
        if (kind(c) == K_with_clause)
            clause = c;
    kids_end(p, &k);
    if (!ts_node_is_null(clause)) {
        kids_begin(p, &k, clause);
        while (kids_next_named(&k, &c)) {
            if (kind(c) != K_with_item)
                continue;
            TSNode v = field(c, KT.f_value);
            TSNode target = {0};
            if (kind(v) == K_as_pattern) {
                TSNode a = field(v, KT.f_alias);
                if (!ts_node_is_null(a))
                    target = ts_node_named_child_count(a) ? ts_node_named_child(a, 0) : a;
                v = ts_node_named_child(v, 0);
            }
            uint32_t ctx = expr(p, v);
            uint32_t e = op(p, CC_OP_WITH_ENTER, 0, ctx, CC_NONE, CC_STR_NONE, 0, c);
            if (async)
                cc_builder_op_flags(p->b, e, async);
            if (!ts_node_is_null(target))
                assign(p, target, e, CC_STORE_PLAIN, 0);
            if (ne < 32)
                enters[ne++] = e;
        }
        kids_end(p, &k);
    }
    /* The exits run on every way out of the body, as in a try/finally: on the normal path at
     * its end, and in a cleanup block on exceptions, returns, breaks and continues. */
    uint32_t outer = exc_target(p);
    uint32_t cleanup = cc_builder_block_new(p->b);
    uint32_t body = cc_builder_block_new(p->b);
    cc_builder_jump(p->b, body, CC_EDGE_NEXT);
    cc_builder_block_set(p->b, body);
    pendings pend = {0};
    push_try(p, cleanup, cleanup, &pend);
    stmts(p, field(n, KT.f_body));
    p->fc->ntries--;
    uint32_t last = cc_builder_block_count(p->b);
    for (uint32_t blk = body; blk < last; blk++)
        cc_builder_edge(p->b, blk, cleanup, CC_EDGE_EXCEPT);
    uint32_t end_block = cc_builder_block_current(p->b);
    if (!cc_builder_block_closed(p->b))
        for (uint32_t i = ne; i-- > 0;)
            cc_builder_op(p->b, CC_OP_WITH_EXIT, 0, enters[i], CC_NONE, CC_STR_NONE, 0, END(n),
                          END(n));
    cc_builder_block_set(p->b, cleanup);
    for (uint32_t i = ne; i-- > 0;)
        cc_builder_op(p->b, CC_OP_WITH_EXIT, 0, enters[i], CC_NONE, CC_STR_NONE, 0, END(n), END(n));
    finish_pendings(p, cleanup, outer, &pend);
    free(pend.v);
    /* The cleanup block has no normal successor: code after the with follows the body's end
     * (when that end is closed, later code lands in a fresh unreachable block). */
    cc_builder_block_set(p->b, end_block);
}

static cc_str dotted(py *p, TSNode n)
{
    return text_of(p, n);
}

static void import_stmt(py *p, TSNode n)
{
    kids k;
    TSNode c;
    kids_begin(p, &k, n);
    while (kids_next_named(&k, &c)) {
        if (kind(c) == K_dotted_name) {
            uint32_t v = op(p, CC_OP_IMPORT, 1, CC_NONE, CC_NONE, dotted(p, c), 0, c);
            assign(p, ts_node_named_child(c, 0), v, CC_STORE_PLAIN, 0);
        } else if (kind(c) == K_aliased_import) {
            uint32_t v = op(p, CC_OP_IMPORT, 0, CC_NONE, CC_NONE,
                            dotted(p, field(c, KT.f_name)), 0, c);
            assign(p, field(c, KT.f_alias), v, CC_STORE_PLAIN, 0);
        }
    }
    kids_end(p, &k);
}

static void import_from(py *p, TSNode n)
{
    TSNode mod = field(n, KT.f_module_name);
    cc_str m = text_of(p, mod);
    kids k;
    TSNode c;
    kids_begin(p, &k, n);
    while (kids_next_named(&k, &c)) {
        if (ts_node_eq(c, mod))
            continue;
        if (kind(c) == K_wildcard_import) {
            op(p, CC_OP_IMPORT, 0, CC_NONE, CC_NONE, m, S(p, "*"), c);
        } else if (kind(c) == K_dotted_name) {
            uint32_t v = op(p, CC_OP_IMPORT, 0, CC_NONE, CC_NONE, m, text_of(p, c), c);
            assign(p, ts_node_named_child(c, 0), v, CC_STORE_PLAIN, 0);
        } else if (kind(c) == K_aliased_import) {
            uint32_t v = op(p, CC_OP_IMPORT, 0, CC_NONE, CC_NONE, m,
                            text_of(p, field(c, KT.f_name)), c);
            assign(p, field(c, KT.f_alias), v, CC_STORE_PLAIN, 0);
        }
    }
    kids_end(p, &k);
}

static const char *const FUTURE_FEATURES[] = {
    "nested_scopes", "generators", "division", "absolute_import", "with_statement",
    "print_function", "unicode_literals", "barry_as_FLUFL", "generator_stop", "annotations", NULL};

static void future_import(py *p, TSNode n)
{
    if (p->fc->kind != CC_FUNC_MODULE || p->module_code_seen || p->depth > 1) {
        syntax_diag(p, n, "`from __future__` imports must come first in the file");
        return;
    }
    kids k;
    TSNode c;
    kids_begin(p, &k, n);
    while (kids_next_named(&k, &c)) {
        if (kind(c) == K_wildcard_import) {
            syntax_diag(p, c, "`from __future__ import *` names no feature");
            continue;
        }
        TSNode nm = kind(c) == K_aliased_import ? field(c, KT.f_name) : c;
        if (kind(nm) != K_dotted_name)
            continue;
        uint32_t l = END(nm) - START(nm);
        bool known = false;
        for (int i = 0; FUTURE_FEATURES[i]; i++)
            if (strlen(FUTURE_FEATURES[i]) == l && !memcmp(FUTURE_FEATURES[i], p->src + START(nm), l))
                known = true;
        if (!known)
            syntax_diag(p, nm, l == 6 && !memcmp(p->src + START(nm), "braces", 6)
                                   ? "`from __future__ import braces`: not a chance"
                                   : "unknown `__future__` feature");
    }
    kids_end(p, &k);
}

static bool is_docstring(TSNode n)
{
    return kind(n) == K_expression_statement && ts_node_named_child_count(n) == 1 &&
           kind(ts_node_named_child(n, 0)) == K_string;
}

static void stmt(py *p, TSNode n)
{
    if (!enter(p, n))
        return;
    if (p->fc->kind == CC_FUNC_MODULE && p->depth == 1 && kind(n) != K_comment) {
        if (kind(n) != K_future_import_statement && !(is_docstring(n) && p->module_stmts == 0))
            p->module_code_seen = true;
        p->module_stmts++;
    }
    switch (kind(n)) {
    case K_expression_statement: {
        kids k;
        TSNode c;
        kids_begin(p, &k, n);
        while (kids_next_named(&k, &c))
            stmt(p, c);
        kids_end(p, &k);
        break;
    }
    case K_assignment: {
        /* a = b = v parses as assignment(a, assignment(b, v)). */
        TSNode left = field(n, KT.f_left), right = field(n, KT.f_right);
        TSNode *targets = NULL;
        uint32_t nt = 0, cap = 0;
        CC_VEC_PUSH(targets, nt, cap, left);
        while (kind(right) == K_assignment) {
            CC_VEC_PUSH(targets, nt, cap, field(right, KT.f_left));
            right = field(right, KT.f_right);
        }
        if (!ts_node_is_null(right)) { /* else annotation only: x: int */
            uint32_t v = expr(p, right);
            for (uint32_t i = 0; i < nt; i++) {
                bool rmw = reads_target(p, targets[i], right);
                assign(p, targets[i], v, rmw ? CC_STORE_RMW : CC_STORE_PLAIN, 0);
            }
        }
        free(targets);
        break;
    }
    case K_augmented_assignment: {
        TSNode left = field(n, KT.f_left);
        uint32_t rhs = expr(p, field(n, KT.f_right));
        uint32_t pl = place(p, left);
        if (pl == CC_NONE) {
            op(p, CC_OP_UNKNOWN, 0, rhs, CC_NONE, 0, 0, n);
            break;
        }
        uint32_t old = op(p, CC_OP_LOAD, 0, pl, CC_NONE, CC_STR_NONE, 0, left);
        char opbuf[8] = {0};
        TSNode o = field(n, KT.f_operator);
        uint32_t ol = END(o) - START(o);
        if (ol >= 2 && ol < sizeof opbuf)
            memcpy(opbuf, p->src + START(o), ol - 1); /* "+=" -> "+" */
        uint32_t nv = op(p, CC_OP_BINOP, 0, old, rhs, S(p, opbuf[0] ? opbuf : "?"), 0, n);
        uint32_t s = op(p, CC_OP_STORE, CC_STORE_RMW, pl, nv, CC_STR_NONE, 0, n);
        cc_builder_op_flags(p->b, s, CC_OPF_AUGMENTED);
        break;
    }
    case K_function_definition: {
        uint32_t v = func_def(p, n, false);
        assign(p, field(n, KT.f_name), v, CC_STORE_PLAIN, 0);
        break;
    }
    case K_class_definition: {
        uint32_t v = class_def(p, n);
        assign(p, field(n, KT.f_name), v, CC_STORE_PLAIN, 0);
        break;
    }
    case K_decorated_definition:
        decorated(p, n);
        break;
    case K_if_statement:
        if_stmt(p, n);
        break;
    case K_for_statement:
        for_stmt(p, n);
        break;
    case K_while_statement:
        while_stmt(p, n);
        break;
    case K_try_statement:
        try_stmt(p, n);
        break;
    case K_with_statement:
        with_stmt(p, n);
        break;
    case K_return_statement: {
        TSNode c = ts_node_named_child(n, 0);
        uint32_t v = ts_node_is_null(c) ? CC_NONE : expr(p, c);
        op(p, CC_OP_RETURN, 0, v, CC_NONE, CC_STR_NONE, 0, n);
        jump_return(p);
        break;
    }
    case K_raise_statement: {
        TSNode c = ts_node_named_child(n, 0);
        uint32_t v = ts_node_is_null(c) ? CC_NONE : expr(p, c);
        op(p, CC_OP_RAISE, 0, v, CC_NONE, CC_STR_NONE, 0, n);
        cc_builder_jump(p->b, exc_target(p), CC_EDGE_EXCEPT);
        break;
    }
    case K_break_statement:
        if (p->fc->nloops)
            leave_to(p, p->fc->ntries, p->fc->nloops - 1, p->fc->loops[p->fc->nloops - 1].exit,
                     CC_EDGE_BREAK, CC_NONE);
        break;
    case K_continue_statement:
        if (p->fc->nloops)
            leave_to(p, p->fc->ntries, p->fc->nloops - 1, p->fc->loops[p->fc->nloops - 1].header,
                     CC_EDGE_CONTINUE, CC_NONE);
        break;
    case K_future_import_statement:
        future_import(p, n);
        break;
    case K_print_statement:
    case K_exec_statement: {
        /* `print >> f, x` parses as a print statement but is a valid Python 3 expression. */
        bool chevron = false;
        for (uint32_t i = 0; i < ts_node_named_child_count(n); i++)
            if (!strcmp(ts_node_type(ts_node_named_child(n, i)), "chevron"))
                chevron = true;
        if (!chevron)
            syntax_diag(p, n, kind(n) == K_print_statement
                              ? "Python 2 `print` statement (Python 3 needs `print(...)`)"
                              : "Python 2 `exec` statement (Python 3 needs `exec(...)`)");
        kids k;
        TSNode c;
        kids_begin(p, &k, n);
        while (kids_next_named(&k, &c))
            expr(p, c);
        kids_end(p, &k);
        break;
    }
    case K_global_statement:
    case K_nonlocal_statement: {
        kids k;
        TSNode c;
        kids_begin(p, &k, n);
        while (kids_next_named(&k, &c))
            if (kind(c) == K_identifier)
                cc_builder_func_global(p->b, text_of(p, c), kind(n) == K_nonlocal_statement);
        kids_end(p, &k);
        break;
    }
    case K_pass_statement:
    case K_type_alias_statement:
    case K_comment:
        break;
    case K_import_statement:
        import_stmt(p, n);
        break;
    case K_import_from_statement:
        import_from(p, n);
        break;
    case K_delete_statement: {
        TSNode t = ts_node_named_child(n, 0);
        if (kind(t) == K_expression_list) {
            kids k;
            TSNode c;
            kids_begin(p, &k, t);
            while (kids_next_named(&k, &c)) {
                uint32_t pl = place(p, c);
                if (pl != CC_NONE)
                    op(p, CC_OP_DELETE, 0, pl, CC_NONE, CC_STR_NONE, 0, c);
            }
            kids_end(p, &k);
        } else {
            uint32_t pl = place(p, t);
            if (pl != CC_NONE)
                op(p, CC_OP_DELETE, 0, pl, CC_NONE, CC_STR_NONE, 0, t);
        }
        break;
    }
    case K_match_statement: {
        uint32_t subj = expr(p, field(n, KT.f_subject));
        op(p, CC_OP_BRANCH, 0, subj, CC_NONE, CC_STR_NONE, 0, n);
        uint32_t dispatch = cc_builder_block_current(p->b);
        uint32_t after = cc_builder_block_new(p->b);
        cc_builder_jump(p->b, after, CC_EDGE_FALSE);
        TSNode body = field(n, KT.f_body);
        kids k;
        TSNode c;
        kids_begin(p, &k, ts_node_is_null(body) ? n : body);
        while (kids_next_named(&k, &c)) {
            if (kind(c) != K_case_clause)
                continue;
            uint32_t cb = cc_builder_block_new(p->b);
            cc_builder_edge(p->b, dispatch, cb, CC_EDGE_TRUE);
            cc_builder_block_set(p->b, cb);
            TSNode cons = field(c, KT.f_consequence);
            if (!ts_node_is_null(cons))
                stmts(p, cons);
            cc_builder_jump(p->b, after, CC_EDGE_NEXT);
        }
        kids_end(p, &k);
        cc_builder_block_set(p->b, after);
        break;
    }
    case K_block:
        stmts(p, n);
        break;
    case K_ERROR: {
        /* Keep what parsed inside the broken region. */
        kids k;
        TSNode c;
        kids_begin(p, &k, n);
        while (kids_next_named(&k, &c))
            stmt(p, c);
        kids_end(p, &k);
        break;
    }
    default:
        /* Expressions used as statements (calls, awaits), assert, print >>, ... */
        expr(p, n);
        break;
    }
    leave(p);
}

/* ---- syntax errors ------------------------------------------------------------------------- */

static void report_syntax_errors(py *p, TSNode root)
{
    if (!ts_node_has_error(root))
        return;
    TSTreeCursor c = ts_tree_cursor_new(root);
    int total = p->syntax_diags;
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        bool descend = ts_node_has_error(n);
        if (ts_node_is_missing(n)) {
            if (total++ < MAX_SYNTAX_DIAGS)
                cc_builder_diag(p->b, CC_SEV_WARNING, START(n), END(n),
                                "syntax error: expected `%s` here; the rest of the file is "
                                "analysed",
                                ts_node_type(n));
            descend = false;
        } else if (kind(n) == K_ERROR) {
            TSPoint a = ts_node_start_point(n), z = ts_node_end_point(n);
            if (z.row > a.row && z.column == 0)
                z.row--; /* ends at the start of a line: the last line is the one before */
            if (total++ < MAX_SYNTAX_DIAGS && z.row > a.row)
                cc_builder_diag(p->b, CC_SEV_WARNING, START(n), START(n) + 1,
                                "syntax error: lines %u-%u could not be fully parsed; what parsed "
                                "inside them and the rest of the file are analysed",
                                a.row + 1, z.row + 1);
            else if (total <= MAX_SYNTAX_DIAGS)
                cc_builder_diag(p->b, CC_SEV_WARNING, START(n), START(n) + 1,
                                "syntax error: this code could not be parsed and is skipped; the "
                                "rest of the file is analysed");
            descend = false;
        }
        if (descend && ts_tree_cursor_goto_first_child(&c))
            continue;
        bool done = false;
        while (!ts_tree_cursor_goto_next_sibling(&c)) {
            if (!ts_tree_cursor_goto_parent(&c)) {
                done = true;
                break;
            }
        }
        if (done)
            break;
    }
    ts_tree_cursor_delete(&c);
    p->syntax_diags = total;
    if (total > MAX_SYNTAX_DIAGS)
        cc_builder_diag(p->b, CC_SEV_WARNING, 0, 0, "%d more syntax errors in this file",
                        total - MAX_SYNTAX_DIAGS);
}

/* ---- front end interface ------------------------------------------------------------------- */

static void *py_worker_new(void)
{
    pthread_once(&KT_once, kt_init);
    pyworker *w = calloc(1, sizeof(*w));
    if (!w)
        return NULL;
    w->parser = ts_parser_new();
    if (!w->parser || !ts_parser_set_language(w->parser, tree_sitter_python())) {
        if (w->parser)
            ts_parser_delete(w->parser);
        free(w);
        return NULL;
    }
    return w;
}

static void py_worker_delete(void *worker)
{
    pyworker *w = worker;
    if (!w)
        return;
    while (w->npool > 0)
        ts_tree_cursor_delete(&w->pool[--w->npool]);
    ts_parser_delete(w->parser);
    free(w);
}

/* The kind of a statement node for the open-document API; K__COUNT when n is no statement. */
static int stmt_kind(py *p, TSNode n)
{
    switch (kind(n)) {
    case K_expression_statement:
    case K_return_statement:
    case K_raise_statement:
    case K_break_statement:
    case K_continue_statement:
    case K_pass_statement:
    case K_global_statement:
    case K_nonlocal_statement:
    case K_delete_statement:
    case K_assert_statement:
    case K_type_alias_statement:
    case K_print_statement:
    case K_exec_statement:
        return CC_DOC_STMT_SIMPLE;
    case K_import_statement:
    case K_import_from_statement:
    case K_future_import_statement:
        return CC_DOC_STMT_IMPORT;
    case K_function_definition:
    case K_class_definition:
    case K_decorated_definition:
        return CC_DOC_STMT_DEF;
    case K_if_statement:
        if (p && is_main_guard(p, field(n, KT.f_condition)))
            return CC_DOC_STMT_MAIN_GUARD;
        return CC_DOC_STMT_COMPOUND;
    case K_for_statement:
    case K_while_statement:
    case K_try_statement:
    case K_with_statement:
    case K_match_statement:
        return CC_DOC_STMT_COMPOUND;
    default:
        return K__COUNT;
    }
}

typedef struct stmtvec {
    cc_doc_stmt *v;
    uint32_t n, cap;
} stmtvec;

/* Parses the builder's text (reusing `old`, already edited, when not NULL) and translates it into
 * b, which must hold no function yet. Returns the new tree, owned by the caller, or NULL when
 * parsing took too long (a CC000 diagnostic says so). With top, the top-level statements are
 * collected into it. */
static TSTree *py_translate(pyworker *w, cc_builder *b, cc_interner *in, TSTree *old, stmtvec *top)
{
    TSParser *parser = w->parser;
    py p = {.w = w, .b = b, .in = in};
    p.src = cc_builder_text(b, &p.srclen);
    cc_builder_func_begin(b, CC_FUNC_MODULE, cc_intern_cstr(in, "<module>"),
                          cc_intern_cstr(in, "<module>"), CC_NONE, 0, 0, p.srclen);
    ts_parser_reset(parser);
    /* A pathological file must not hang a worker: about 2 s per MiB, at least 5 s. */
    uint64_t budget = 5000000 + (uint64_t)p.srclen * 2;
    ts_parser_set_timeout_micros(parser, budget);
    TSTree *tree = ts_parser_parse_string(parser, old, p.src, p.srclen);
    ts_parser_set_timeout_micros(parser, 0);
    if (!tree) {
        cc_builder_diag(b, CC_SEV_WARNING, 0, 0,
                        "parsing took longer than %.0f s and was abandoned; the file is not "
                        "analysed",
                        (double)budget / 1e6);
        cc_builder_func_end(b);
        return NULL;
    }
    TSNode root = ts_tree_root_node(tree);
    fctx fc;
    begin_scope(&p, &fc, 0, CC_FUNC_MODULE, cc_intern_cstr(in, "<module>"));
    report_syntax_errors(&p, root);
    stmts(&p, root);
    end_scope(&p, &fc);
    cc_builder_func_end(b);
    resolve_scopes(b);
    if (top) {
        top->n = 0;
        kids k;
        TSNode c;
        kids_begin(&p, &k, root);
        while (kids_next_named(&k, &c)) {
            int sk = stmt_kind(&p, c);
            if (sk == K__COUNT)
                continue;
            cc_doc_stmt st = {START(c), END(c), (uint8_t)sk};
            CC_VEC_PUSH(top->v, top->n, top->cap, st);
        }
        kids_end(&p, &k);
    }
    return tree;
}

static cc_unit *py_parse(void *worker, cc_interner *in, const char *path, const char *bytes,
                         size_t len)
{
    pyworker *w = worker;
    py_decoded d;
    py_decode(bytes, len, &d);
    cc_builder *b = cc_builder_new(in, CC_LANG_PYTHON, path, d.text, (uint32_t)d.len, d.encoding);
    if (!b) {
        fprintf(stderr, "concur: out of memory\n");
        abort();
    }
    free(d.text);
    if (d.problem == 1)
        cc_builder_diag(b, CC_SEV_WARNING, (uint32_t)d.problem_offset,
                        (uint32_t)d.problem_offset + 3,
                        "undecodable bytes (first: %s) read as U+FFFD; the rest of the file is "
                        "analysed",
                        d.problem_detail);
    else if (d.problem == 3)
        cc_builder_diag(b, CC_SEV_WARNING, 0, 0,
                        "encoding problem: the file starts with a UTF-8 BOM but declares `%s`; "
                        "Python refuses it, concur reads it as UTF-8",
                        d.problem_detail);
    else if (d.problem == 2)
        cc_builder_diag(b, CC_SEV_WARNING, 0, 0,
                        "unknown encoding `%s` in the coding declaration; the file is read as "
                        "UTF-8",
                        d.problem_detail);
    /* The unit holds the decoded text; parse that copy. */
    TSTree *tree = py_translate(w, b, in, NULL, NULL);
    if (tree)
        ts_tree_delete(tree);
    return cc_builder_finish(b);
}

/* ---- open documents ------------------------------------------------------------------------ */

/* An open document: a parser of its own, the tree of the last parse (edited since, until the
 * next parse) and that parse's top-level statements. */
typedef struct pydoc {
    pyworker *w;
    TSTree *tree;
    stmtvec top;
} pydoc;

static void *py_doc_new(void)
{
    pydoc *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->w = py_worker_new();
    if (!d->w) {
        free(d);
        return NULL;
    }
    return d;
}

static void py_doc_delete(void *doc)
{
    pydoc *d = doc;
    if (!d)
        return;
    if (d->tree)
        ts_tree_delete(d->tree);
    py_worker_delete(d->w);
    free(d->top.v);
    free(d);
}

static void py_doc_edit(void *doc, const cc_doc_edit *e)
{
    pydoc *d = doc;
    if (!d->tree)
        return;
    TSInputEdit te = {
        .start_byte = e->start,
        .old_end_byte = e->old_end,
        .new_end_byte = e->new_end,
        .start_point = {e->start_row, e->start_col},
        .old_end_point = {e->old_end_row, e->old_end_col},
        .new_end_point = {e->new_end_row, e->new_end_col},
    };
    ts_tree_edit(d->tree, &te);
    /* Statement positions of the last parse no longer hold until the next one. */
    d->top.n = 0;
}

static cc_unit *py_doc_parse(void *doc, cc_interner *in, const char *path, const char *text,
                             size_t len)
{
    pydoc *d = doc;
    cc_builder *b = cc_builder_new(in, CC_LANG_PYTHON, path, text, (uint32_t)len, "utf-8");
    if (!b) {
        fprintf(stderr, "concur: out of memory\n");
        abort();
    }
    TSTree *tree = py_translate(d->w, b, in, d->tree, &d->top);
    if (d->tree)
        ts_tree_delete(d->tree);
    d->tree = tree;
    if (!tree)
        d->top.n = 0;
    return cc_builder_finish(b);
}

static uint32_t py_doc_toplevel(void *doc, cc_doc_stmt *out, uint32_t max)
{
    pydoc *d = doc;
    for (uint32_t i = 0; i < d->top.n && i < max; i++)
        out[i] = d->top.v[i];
    return d->top.n;
}

static uint32_t py_doc_statements_at(void *doc, uint32_t offset, cc_doc_stmt *out, uint32_t max)
{
    pydoc *d = doc;
    if (!d->tree || !d->top.n)
        return 0;
    /* Walk down from the root through the children holding offset; a statement found on the way
     * is one around it. Iterative, and bounded: a deep expression ends the walk early. */
    enum { MAX_CHAIN = 256, MAX_STEPS = 100000 };
    cc_doc_stmt chain[MAX_CHAIN];
    uint32_t n = 0;
    TSNode node = ts_tree_root_node(d->tree);
    for (int steps = 0; steps < MAX_STEPS; steps++) {
        TSNode c = ts_node_first_child_for_byte(node, offset);
        /* first_child_for_byte gives the first child ending after offset; it must also start at
         * or before it. */
        if (ts_node_is_null(c) || START(c) > offset)
            break;
        int sk = stmt_kind(NULL, c);
        if (sk != K__COUNT && n < MAX_CHAIN) {
            cc_doc_stmt st = {START(c), END(c), (uint8_t)sk};
            chain[n++] = st;
        }
        node = c;
    }
    if (n) {
        /* The top-level statement's kind comes from the parse (it can tell a main guard). */
        for (uint32_t i = 0; i < d->top.n; i++)
            if (d->top.v[i].start == chain[0].start && d->top.v[i].end == chain[0].end)
                chain[0].kind = d->top.v[i].kind;
    }
    for (uint32_t i = 0; i < n && i < max; i++)
        out[i] = chain[n - 1 - i];
    return n;
}

static bool py_claims_first_line(const char *line, size_t len)
{
    if (len < 2 || line[0] != '#' || line[1] != '!')
        return false;
    /* #!/usr/bin/python3, #!/usr/bin/env python, #!/usr/bin/env -S python3 -u */
    for (size_t i = 2; i + 6 <= len; i++)
        if (memcmp(line + i, "python", 6) == 0 && (i == 2 || line[i - 1] == '/' ||
                                                   line[i - 1] == ' '))
            return true;
    return false;
}

static const char *const py_extensions[] = {".py", NULL};

const cc_frontend cc_frontend_python = {
    .name = "python",
    .lang = CC_LANG_PYTHON,
    .extensions = py_extensions,
    .claims_first_line = py_claims_first_line,
    .worker_new = py_worker_new,
    .worker_delete = py_worker_delete,
    .parse = py_parse,
    .doc_new = py_doc_new,
    .doc_delete = py_doc_delete,
    .doc_edit = py_doc_edit,
    .doc_parse = py_doc_parse,
    .doc_statements_at = py_doc_statements_at,
    .doc_toplevel = py_doc_toplevel,
};
