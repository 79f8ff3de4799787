/* c_lower.c - the in-process C translator: libclang 19 → the common IR. See c_frontend.h for the
 * conventions of the IR it produces and docs/c-frontend.md for the reasons.
 *
 * Only the main file's definitions are lowered: headers named on the command line (or found by
 * discovery) are units of their own, so a header shared by many units is lowered once; system
 * headers are never lowered. The walk is recursive with an explicit depth bound (MAX_DEPTH):
 * deeper code becomes one UNKNOWN op and one CC000 diagnostic, so a 100,000-term expression cannot
 * overflow the stack. */
#include <clang-c/CXCompilationDatabase.h>
#include <clang-c/Index.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "c_frontend.h"
#include "concur/arena.h"

enum { MAX_DEPTH = 500, MAX_CLANG_DIAGS = 10, MAX_CDBS = 16 };

typedef struct cdb_entry {
    char *dir;
    CXCompilationDatabase db;
} cdb_entry;

struct cc_c_parser {
    CXIndex index;
    cdb_entry cdbs[MAX_CDBS];
    int ncdbs;
};

/* ---- children ------------------------------------------------------------------------------ */

typedef struct kids {
    CXCursor *v;
    uint32_t n, cap;
    CXCursor small[6];
} kids;

static enum CXChildVisitResult kids_visit(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    kids *k = data;
    if (k->n == k->cap) {
        uint32_t cap = k->cap * 2;
        CXCursor *v = cc_xmalloc(cap * sizeof(CXCursor));
        memcpy(v, k->v, k->n * sizeof(CXCursor));
        if (k->v != k->small)
            free(k->v);
        k->v = v;
        k->cap = cap;
    }
    k->v[k->n++] = c;
    return CXChildVisit_Continue;
}

static void kids_get(kids *k, CXCursor c)
{
    k->v = k->small;
    k->n = 0;
    k->cap = sizeof k->small / sizeof k->small[0];
    clang_visitChildren(c, kids_visit, k);
}

static void kids_free(kids *k)
{
    if (k->v != k->small)
        free(k->v);
}

/* Keeps only the expression children (drops TypeRef and the like). */
static void kids_exprs(kids *k)
{
    uint32_t w = 0;
    for (uint32_t i = 0; i < k->n; i++)
        if (clang_isExpression(clang_getCursorKind(k->v[i])))
            k->v[w++] = k->v[i];
    k->n = w;
}

/* ---- lowering state ------------------------------------------------------------------------ */

typedef struct jumpctx {
    uint32_t brk, cont;      /* cont == CC_NONE for a switch */
} jumpctx;

typedef struct swctx {
    uint32_t dispatch;
    bool has_default;
} swctx;

typedef struct label {
    cc_str name;
    uint32_t block;
} label;

typedef struct cl {
    cc_builder *b;
    cc_interner *in;
    CXTranslationUnit tu;
    CXFile main;
    const char *src;
    uint32_t srclen;
    int depth;
    bool depth_reported;
    /* the function being lowered */
    CXCursor fn;
    cc_str fname;
    jumpctx *jumps;
    uint32_t njumps, capjumps;
    swctx *sws;
    uint32_t nsws, capsws;
    label *labels;
    uint32_t nlabels, caplabels;
    CXCursor *loopvars;
    uint32_t nloopvars, caploopvars;
    /* the statement being lowered: positions outside the main file fall back to it */
    uint32_t stmt_start, stmt_end;
} cl;

static cc_str S(cl *p, const char *s)
{
    return cc_intern_cstr(p->in, s);
}

static cc_str cxs(cl *p, CXString s)
{
    const char *t = clang_getCString(s);
    cc_str r = t && *t ? cc_intern_cstr(p->in, t) : CC_STR_NONE;
    clang_disposeString(s);
    return r;
}

static bool is_ident(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_';
}

/* Byte offset in the main file of a location (its expansion site for macro-expanded code), or
 * false when it lies in another file. */
static bool main_offset(cl *p, CXSourceLocation loc, uint32_t *off)
{
    CXFile f;
    unsigned o;
    clang_getExpansionLocation(loc, &f, NULL, NULL, &o);
    if (!f || !clang_File_isEqual(f, p->main) || o > p->srclen)
        return false;
    *off = o;
    return true;
}

static void span(cl *p, CXCursor c, uint32_t *s, uint32_t *e)
{
    CXSourceRange r = clang_getCursorExtent(c);
    if (!main_offset(p, clang_getRangeStart(r), s)) {
        *s = p->stmt_start;
        *e = p->stmt_end;
        return;
    }
    if (!main_offset(p, clang_getRangeEnd(r), e) || *e <= *s) {
        /* Inside a macro expansion: the macro's name at the expansion site. */
        uint32_t x = *s;
        while (x < p->srclen && is_ident(p->src[x]))
            x++;
        *e = x > *s ? x : *s + (*s < p->srclen);
    }
}

static uint32_t op(cl *p, cc_op_kind k, uint8_t sub, uint32_t a, uint32_t b, cc_str name,
                   int64_t ival, CXCursor at)
{
    uint32_t s, e;
    span(p, at, &s, &e);
    return cc_builder_op(p->b, k, sub, a, b, name, ival, s, e);
}

static uint32_t call(cl *p, cc_op_kind k, uint8_t sub, uint32_t callee, const uint32_t *args,
                     uint32_t nargs, CXCursor at)
{
    uint32_t s, e;
    span(p, at, &s, &e);
    return cc_builder_call(p->b, k, sub, callee, args, NULL, nargs, 0, s, e);
}

static bool enter(cl *p, CXCursor c)
{
    if (p->depth >= MAX_DEPTH) {
        if (!p->depth_reported) {
            p->depth_reported = true;
            uint32_t s, e;
            span(p, c, &s, &e);
            cc_builder_diag(p->b, CC_SEV_WARNING, s, e,
                            "code nested more than %d levels deep; the inner part is not analysed",
                            MAX_DEPTH);
        }
        return false;
    }
    p->depth++;
    return true;
}

static void leave(cl *p)
{
    p->depth--;
}

static uint32_t lower_expr(cl *p, CXCursor c);
static uint32_t lower_place(cl *p, CXCursor c);
static void lower_stmt(cl *p, CXCursor c);

/* ---- helpers on cursors -------------------------------------------------------------------- */

/* Skips parentheses and implicit casts (an UnexposedExpr with one child and the same extent). */
static CXCursor strip(CXCursor c)
{
    for (int guard = 0; guard < 64; guard++) {
        enum CXCursorKind k = clang_getCursorKind(c);
        if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr)
            return c;
        kids ks;
        kids_get(&ks, c);
        kids_exprs(&ks);
        if (ks.n != 1) {
            kids_free(&ks);
            return c;
        }
        CXCursor child = ks.v[0];
        kids_free(&ks);
        if (k == CXCursor_UnexposedExpr &&
            !clang_equalRanges(clang_getCursorExtent(c), clang_getCursorExtent(child)))
            return c;
        c = child;
    }
    return c;
}

static bool eval_int(CXCursor c, int64_t *out)
{
    CXEvalResult r = clang_Cursor_Evaluate(c);
    if (!r)
        return false;
    bool ok = clang_EvalResult_getKind(r) == CXEval_Int;
    if (ok)
        *out = clang_EvalResult_getAsLongLong(r);
    clang_EvalResult_dispose(r);
    return ok;
}

static bool is_array_type(CXType t)
{
    t = clang_getCanonicalType(t);
    return t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray ||
           t.kind == CXType_VariableArray || t.kind == CXType_DependentSizedArray;
}

static bool is_function_type(CXType t)
{
    t = clang_getCanonicalType(t);
    return t.kind == CXType_FunctionProto || t.kind == CXType_FunctionNoProto;
}

static bool is_pointer_type(CXType t)
{
    return clang_getCanonicalType(t).kind == CXType_Pointer;
}

/* ---- places -------------------------------------------------------------------------------- */

static uint32_t var_place(cl *p, CXCursor d, CXCursor at)
{
    int64_t flags = 0;
    if (clang_getCursorTLSKind(d) != CXTLS_None)
        flags |= CC_C_NAME_TLS;
    if (clang_getCanonicalType(clang_getCursorType(d)).kind == CXType_Atomic)
        flags |= CC_C_NAME_ATOMIC;
    if (clang_getCursorKind(d) == CXCursor_VarDecl && clang_Cursor_hasVarDeclGlobalStorage(d)) {
        CXCursor parent = clang_getCursorSemanticParent(d);
        cc_str name = cxs(p, clang_getCursorSpelling(d));
        if (clang_getCursorKind(parent) == CXCursor_FunctionDecl) {
            /* a static local: one object shared by every call */
            CXString fs = clang_getCursorSpelling(parent);
            char buf[512];
            snprintf(buf, sizeof buf, "%s.%s", clang_getCString(fs), cc_str_text(p->in, name));
            clang_disposeString(fs);
            name = S(p, buf);
        }
        return op(p, CC_OP_NAME, CC_SCOPE_GLOBAL, CC_NONE, CC_NONE, name, flags, at);
    }
    return op(p, CC_OP_NAME, CC_SCOPE_LOCAL, CC_NONE, CC_NONE, cxs(p, clang_getCursorSpelling(d)),
              flags, at);
}

static uint8_t index_kind(cl *p, CXCursor idx, int64_t *ival)
{
    CXCursor s = strip(idx);
    if (clang_getCursorKind(s) == CXCursor_DeclRefExpr) {
        CXCursor d = clang_getCursorReferenced(s);
        for (uint32_t i = 0; i < p->nloopvars; i++)
            if (clang_equalCursors(d, p->loopvars[i]))
                return CC_INDEX_LOOP_VAR;
    }
    enum CXCursorKind k = clang_getCursorKind(s);
    if ((k == CXCursor_IntegerLiteral || k == CXCursor_CharacterLiteral ||
         k == CXCursor_DeclRefExpr || k == CXCursor_BinaryOperator ||
         k == CXCursor_UnaryExpr || k == CXCursor_UnaryOperator) &&
        eval_int(s, ival))
        return CC_INDEX_CONST;
    return CC_INDEX_UNKNOWN;
}

/* The place an lvalue expression names, or CC_NONE when it is not one. */
static uint32_t lower_place(cl *p, CXCursor c)
{
    c = strip(c);
    uint32_t r = CC_NONE;
    if (!enter(p, c))
        return op(p, CC_OP_UNKNOWN, 0, CC_NONE, CC_NONE, S(p, "too-deep"), 0, c);
    switch (clang_getCursorKind(c)) {
    case CXCursor_DeclRefExpr: {
        CXCursor d = clang_getCursorReferenced(c);
        enum CXCursorKind dk = clang_getCursorKind(d);
        if (dk == CXCursor_VarDecl || dk == CXCursor_ParmDecl)
            r = var_place(p, d, c);
        else if (dk == CXCursor_FunctionDecl)
            r = op(p, CC_OP_NAME, CC_SCOPE_GLOBAL, CC_NONE, CC_NONE,
                   cxs(p, clang_getCursorSpelling(d)), 0, c);
        break;
    }
    case CXCursor_MemberRefExpr: {
        kids ks;
        kids_get(&ks, c);
        kids_exprs(&ks);
        uint32_t base = CC_NONE;
        if (ks.n) {
            CXCursor bc = ks.v[0];
            if (is_pointer_type(clang_getCursorType(bc))) {
                base = lower_expr(p, bc); /* p->f */
            } else {
                uint32_t bp = lower_place(p, bc); /* s.f is (&s)->f */
                base = bp != CC_NONE ? op(p, CC_OP_UNOP, 0, bp, CC_NONE, S(p, "&"), 0, bc)
                                     : lower_expr(p, bc);
            }
        }
        kids_free(&ks);
        r = op(p, CC_OP_FIELD, 0, base, CC_NONE, cxs(p, clang_getCursorSpelling(c)), 0, c);
        break;
    }
    case CXCursor_ArraySubscriptExpr: {
        kids ks;
        kids_get(&ks, c);
        kids_exprs(&ks);
        if (ks.n == 2) {
            uint32_t base = lower_expr(p, ks.v[0]);
            uint32_t idx = lower_expr(p, ks.v[1]);
            int64_t iv = 0;
            uint8_t k = index_kind(p, ks.v[1], &iv);
            r = op(p, CC_OP_INDEX, k, base, idx, CC_STR_NONE, k == CC_INDEX_CONST ? iv : 0, c);
        }
        kids_free(&ks);
        break;
    }
    case CXCursor_UnaryOperator:
        if (clang_getCursorUnaryOperatorKind(c) == CXUnaryOperator_Deref) {
            kids ks;
            kids_get(&ks, c);
            kids_exprs(&ks);
            if (ks.n == 1) {
                uint32_t v = lower_expr(p, ks.v[0]);
                r = op(p, CC_OP_UNOP, 0, v, CC_NONE, S(p, "*"), 0, c);
            }
            kids_free(&ks);
        }
        break;
    default:
        break;
    }
    leave(p);
    return r;
}

/* ---- expressions --------------------------------------------------------------------------- */

static const char *const BINOP_TEXT[] = {
    [CXBinaryOperator_PtrMemD] = ".*", [CXBinaryOperator_PtrMemI] = "->*",
    [CXBinaryOperator_Mul] = "*", [CXBinaryOperator_Div] = "/", [CXBinaryOperator_Rem] = "%",
    [CXBinaryOperator_Add] = "+", [CXBinaryOperator_Sub] = "-", [CXBinaryOperator_Shl] = "<<",
    [CXBinaryOperator_Shr] = ">>", [CXBinaryOperator_Cmp] = "<=>", [CXBinaryOperator_LT] = "<",
    [CXBinaryOperator_GT] = ">", [CXBinaryOperator_LE] = "<=", [CXBinaryOperator_GE] = ">=",
    [CXBinaryOperator_EQ] = "==", [CXBinaryOperator_NE] = "!=", [CXBinaryOperator_And] = "&",
    [CXBinaryOperator_Xor] = "^", [CXBinaryOperator_Or] = "|", [CXBinaryOperator_LAnd] = "&&",
    [CXBinaryOperator_LOr] = "||", [CXBinaryOperator_Assign] = "=",
    [CXBinaryOperator_MulAssign] = "*", [CXBinaryOperator_DivAssign] = "/",
    [CXBinaryOperator_RemAssign] = "%", [CXBinaryOperator_AddAssign] = "+",
    [CXBinaryOperator_SubAssign] = "-", [CXBinaryOperator_ShlAssign] = "<<",
    [CXBinaryOperator_ShrAssign] = ">>", [CXBinaryOperator_AndAssign] = "&",
    [CXBinaryOperator_XorAssign] = "^", [CXBinaryOperator_OrAssign] = "|",
    [CXBinaryOperator_Comma] = ",",
};

static const char *binop_text(enum CXBinaryOperatorKind k)
{
    if ((unsigned)k < sizeof BINOP_TEXT / sizeof BINOP_TEXT[0] && BINOP_TEXT[k])
        return BINOP_TEXT[k];
    return "?";
}

/* `x = x op v`: the right-hand side is a binary operation with the assigned variable as a
 * direct operand. */
static bool reads_target(CXCursor lhs, CXCursor rhs)
{
    lhs = strip(lhs);
    rhs = strip(rhs);
    if (clang_getCursorKind(lhs) != CXCursor_DeclRefExpr ||
        clang_getCursorKind(rhs) != CXCursor_BinaryOperator)
        return false;
    CXCursor d = clang_getCursorReferenced(lhs);
    kids ks;
    kids_get(&ks, rhs);
    kids_exprs(&ks);
    bool found = false;
    for (uint32_t i = 0; i < ks.n && !found; i++) {
        CXCursor o = strip(ks.v[i]);
        found = clang_getCursorKind(o) == CXCursor_DeclRefExpr &&
                clang_equalCursors(clang_getCursorReferenced(o), d);
    }
    kids_free(&ks);
    return found;
}

static uint32_t unknown_of(cl *p, CXCursor c, const char *what)
{
    kids ks;
    kids_get(&ks, c);
    uint32_t *args = NULL, n = 0, cap = 0;
    for (uint32_t i = 0; i < ks.n; i++) {
        enum CXCursorKind k = clang_getCursorKind(ks.v[i]);
        if (clang_isExpression(k)) {
            uint32_t v = lower_expr(p, ks.v[i]);
            CC_VEC_PUSH(args, n, cap, v);
        } else if (clang_isStatement(k)) {
            lower_stmt(p, ks.v[i]); /* a GNU statement expression */
        }
    }
    kids_free(&ks);
    cc_str name = what ? S(p, what) : cxs(p, clang_getCursorKindSpelling(clang_getCursorKind(c)));
    uint32_t r = call(p, CC_OP_UNKNOWN, 0, CC_NONE, args, n, c);
    cc_builder_op_name(p->b, r, name);
    free(args);
    return r;
}

static uint32_t lower_call(cl *p, CXCursor c)
{
    kids ks;
    kids_get(&ks, c);
    kids_exprs(&ks);
    if (ks.n == 0) {
        kids_free(&ks);
        return op(p, CC_OP_UNKNOWN, 0, CC_NONE, CC_NONE, S(p, "call"), 0, c);
    }
    CXCursor callee = strip(ks.v[0]);
    uint32_t cv;
    uint8_t sub = CC_C_CALL_INDIRECT;
    if (clang_getCursorKind(callee) == CXCursor_DeclRefExpr &&
        clang_getCursorKind(clang_getCursorReferenced(callee)) == CXCursor_FunctionDecl) {
        sub = CC_C_CALL_DIRECT;
        cc_str name = cxs(p, clang_getCursorSpelling(clang_getCursorReferenced(callee)));
        /* clang resolves the overloaded __sync_* builtins to sized ones (__sync_fetch_and_add_4):
         * keep the name written */
        const char *t = cc_str_text(p->in, name);
        size_t l = strlen(t);
        if (!strncmp(t, "__sync_", 7) && l > 9) {
            size_t k = l;
            while (k > 0 && t[k - 1] >= '0' && t[k - 1] <= '9')
                k--;
            if (k < l && k > 7 && t[k - 1] == '_')
                name = cc_intern(p->in, t, k - 1);
        }
        uint32_t pl = op(p, CC_OP_NAME, CC_SCOPE_GLOBAL, CC_NONE, CC_NONE, name, 0, callee);
        cv = op(p, CC_OP_LOAD, 0, pl, CC_NONE, CC_STR_NONE, 0, callee);
    } else {
        /* (*fp)(x) calls the pointer's value */
        if (clang_getCursorKind(callee) == CXCursor_UnaryOperator &&
            clang_getCursorUnaryOperatorKind(callee) == CXUnaryOperator_Deref) {
            kids inner;
            kids_get(&inner, callee);
            kids_exprs(&inner);
            if (inner.n == 1)
                callee = inner.v[0];
            kids_free(&inner);
        }
        cv = lower_expr(p, callee);
    }
    uint32_t nargs = ks.n - 1;
    uint32_t small[8], *args = nargs <= 8 ? small : cc_xmalloc(nargs * sizeof(uint32_t));
    for (uint32_t i = 0; i < nargs; i++)
        args[i] = lower_expr(p, ks.v[i + 1]);
    uint32_t r = call(p, CC_OP_CALL, sub, cv, args, nargs, c);
    if (args != small)
        free(args);
    kids_free(&ks);
    return r;
}

/* An expression libclang does not expose (AtomicExpr for atomic_fetch_add and __atomic_*, the
 * va_arg builtin...) that is written as a call `name(...)` at its expansion site: a CALL of that
 * name, so the knowledge base can recognise it. Else an UNKNOWN op over its operands. */
static uint32_t lower_unexposed(cl *p, CXCursor c)
{
    uint32_t s, e;
    span(p, c, &s, &e);
    uint32_t x = s;
    while (x < p->srclen && is_ident(p->src[x]))
        x++;
    uint32_t y = x;
    while (y < p->srclen && (p->src[y] == ' ' || p->src[y] == '\t'))
        y++;
    bool named = x > s && !(p->src[s] >= '0' && p->src[s] <= '9') && y < p->srclen &&
                 p->src[y] == '(' && !(x - s == 8 && !memcmp(p->src + s, "_Generic", 8));
    if (!named)
        return unknown_of(p, c, NULL);
    uint32_t pl = cc_builder_op(p->b, CC_OP_NAME, CC_SCOPE_GLOBAL, CC_NONE, CC_NONE,
                                cc_intern(p->in, p->src + s, x - s), 0, s, x);
    uint32_t cv = cc_builder_op(p->b, CC_OP_LOAD, 0, pl, CC_NONE, CC_STR_NONE, 0, s, x);
    kids ks;
    kids_get(&ks, c);
    kids_exprs(&ks);
    uint32_t *args = ks.n ? cc_xmalloc(ks.n * sizeof(uint32_t)) : NULL;
    for (uint32_t i = 0; i < ks.n; i++)
        args[i] = lower_expr(p, ks.v[i]);
    uint32_t r = call(p, CC_OP_CALL, CC_C_CALL_DIRECT, cv, args, ks.n, c);
    free(args);
    kids_free(&ks);
    return r;
}

static uint32_t lower_literal(cl *p, CXCursor c, enum CXCursorKind k)
{
    if (k == CXCursor_StringLiteral) {
        CXString sp = clang_getCursorSpelling(c);
        const char *t = clang_getCString(sp);
        const char *q = t ? strchr(t, '"') : NULL;
        cc_str v = CC_STR_NONE;
        if (q) {
            size_t l = strlen(q + 1);
            if (l && q[l] == '"')
                l--;
            v = cc_intern(p->in, q + 1, l);
        }
        clang_disposeString(sp);
        return op(p, CC_OP_CONST, CC_CONST_STR, CC_NONE, CC_NONE, v, 0, c);
    }
    CXEvalResult r = clang_Cursor_Evaluate(c);
    char buf[64] = "?";
    int64_t iv = 0;
    uint8_t ck = k == CXCursor_FloatingLiteral ? CC_CONST_FLOAT : CC_CONST_INT;
    if (r) {
        if (clang_EvalResult_getKind(r) == CXEval_Int) {
            iv = clang_EvalResult_getAsLongLong(r);
            snprintf(buf, sizeof buf, "%lld", (long long)iv);
        } else if (clang_EvalResult_getKind(r) == CXEval_Float) {
            snprintf(buf, sizeof buf, "%g", clang_EvalResult_getAsDouble(r));
        }
        clang_EvalResult_dispose(r);
    }
    return op(p, CC_OP_CONST, ck, CC_NONE, CC_NONE, S(p, buf), iv, c);
}

static uint32_t lower_unary(cl *p, CXCursor c)
{
    enum CXUnaryOperatorKind k = clang_getCursorUnaryOperatorKind(c);
    kids ks;
    kids_get(&ks, c);
    kids_exprs(&ks);
    if (ks.n != 1) {
        kids_free(&ks);
        return unknown_of(p, c, NULL);
    }
    CXCursor operand = ks.v[0];
    kids_free(&ks);
    switch (k) {
    case CXUnaryOperator_PostInc:
    case CXUnaryOperator_PostDec:
    case CXUnaryOperator_PreInc:
    case CXUnaryOperator_PreDec: {
        uint32_t pl = lower_place(p, operand);
        if (pl == CC_NONE)
            return unknown_of(p, c, NULL);
        bool inc = k == CXUnaryOperator_PostInc || k == CXUnaryOperator_PreInc;
        uint32_t old = op(p, CC_OP_LOAD, 0, pl, CC_NONE, CC_STR_NONE, 0, operand);
        uint32_t nv = op(p, CC_OP_UNOP, 0, old, CC_NONE, S(p, inc ? "++" : "--"), 0, c);
        op(p, CC_OP_STORE, CC_STORE_RMW, pl, nv, CC_STR_NONE, 0, c);
        return k == CXUnaryOperator_PreInc || k == CXUnaryOperator_PreDec ? nv : old;
    }
    case CXUnaryOperator_AddrOf: {
        uint32_t pl = lower_place(p, operand);
        if (pl == CC_NONE)
            pl = lower_expr(p, operand);
        return op(p, CC_OP_UNOP, 0, pl, CC_NONE, S(p, "&"), 0, c);
    }
    case CXUnaryOperator_Deref: {
        if (is_function_type(clang_getCursorType(c)))
            return lower_expr(p, operand); /* *fp is the function fp points to */
        uint32_t pl = lower_place(p, c);
        if (pl == CC_NONE)
            return unknown_of(p, c, NULL);
        if (is_array_type(clang_getCursorType(c)))
            return op(p, CC_OP_UNOP, 0, pl, CC_NONE, S(p, "&"), 0, c);
        return op(p, CC_OP_LOAD, 0, pl, CC_NONE, CC_STR_NONE, 0, c);
    }
    case CXUnaryOperator_Extension:
    case CXUnaryOperator_Real:
    case CXUnaryOperator_Imag:
        return lower_expr(p, operand);
    default: {
        static const char *const text[] = {[CXUnaryOperator_Plus] = "+",
                                           [CXUnaryOperator_Minus] = "-",
                                           [CXUnaryOperator_Not] = "~",
                                           [CXUnaryOperator_LNot] = "!"};
        const char *t = (unsigned)k < sizeof text / sizeof text[0] && text[k] ? text[k] : "?";
        uint32_t v = lower_expr(p, operand);
        return op(p, CC_OP_UNOP, 0, v, CC_NONE, S(p, t), 0, c);
    }
    }
}

static uint32_t lower_binary(cl *p, CXCursor c)
{
    enum CXBinaryOperatorKind k = clang_getCursorBinaryOperatorKind(c);
    kids ks;
    kids_get(&ks, c);
    kids_exprs(&ks);
    if (ks.n != 2) {
        kids_free(&ks);
        return unknown_of(p, c, NULL);
    }
    CXCursor lhs = ks.v[0], rhs = ks.v[1];
    kids_free(&ks);
    if (k == CXBinaryOperator_Assign) {
        uint32_t v = lower_expr(p, rhs);
        uint32_t pl = lower_place(p, lhs);
        if (pl == CC_NONE)
            return op(p, CC_OP_UNKNOWN, 0, lower_expr(p, lhs), v, S(p, "="), 0, c);
        op(p, CC_OP_STORE, reads_target(lhs, rhs) ? CC_STORE_RMW : CC_STORE_PLAIN, pl, v,
           CC_STR_NONE, 0, c);
        return v;
    }
    if (k >= CXBinaryOperator_MulAssign && k <= CXBinaryOperator_OrAssign) {
        uint32_t v = lower_expr(p, rhs);
        uint32_t pl = lower_place(p, lhs);
        if (pl == CC_NONE)
            return op(p, CC_OP_UNKNOWN, 0, lower_expr(p, lhs), v, S(p, binop_text(k)), 0, c);
        uint32_t old = op(p, CC_OP_LOAD, 0, pl, CC_NONE, CC_STR_NONE, 0, lhs);
        uint32_t nv = op(p, CC_OP_BINOP, 0, old, v, S(p, binop_text(k)), 0, c);
        uint32_t st = op(p, CC_OP_STORE, CC_STORE_RMW, pl, nv, CC_STR_NONE, 0, c);
        cc_builder_op_flags(p->b, st, CC_OPF_AUGMENTED);
        return nv;
    }
    if (k == CXBinaryOperator_Comma) {
        lower_expr(p, lhs);
        return lower_expr(p, rhs);
    }
    uint32_t a = lower_expr(p, lhs);
    uint32_t b = lower_expr(p, rhs);
    bool cmp = k >= CXBinaryOperator_LT && k <= CXBinaryOperator_NE;
    return op(p, cmp ? CC_OP_COMPARE : CC_OP_BINOP, 0, a, b, S(p, binop_text(k)), 0, c);
}

static uint32_t lower_expr_in(cl *p, CXCursor c)
{
    enum CXCursorKind k = clang_getCursorKind(c);
    switch (k) {
    case CXCursor_IntegerLiteral:
    case CXCursor_CharacterLiteral:
    case CXCursor_FloatingLiteral:
    case CXCursor_StringLiteral:
        return lower_literal(p, c, k);
    case CXCursor_DeclRefExpr: {
        CXCursor d = clang_getCursorReferenced(c);
        enum CXCursorKind dk = clang_getCursorKind(d);
        if (dk == CXCursor_EnumConstantDecl) {
            int64_t v = clang_getEnumConstantDeclValue(d);
            return op(p, CC_OP_CONST, CC_CONST_INT, CC_NONE, CC_NONE,
                      cxs(p, clang_getCursorSpelling(d)), v, c);
        }
        if (dk != CXCursor_VarDecl && dk != CXCursor_ParmDecl && dk != CXCursor_FunctionDecl)
            return op(p, CC_OP_UNKNOWN, 0, CC_NONE, CC_NONE, cxs(p, clang_getCursorSpelling(c)),
                      0, c);
        break;
    }
    case CXCursor_MemberRefExpr:
    case CXCursor_ArraySubscriptExpr:
        break;
    case CXCursor_UnaryOperator:
        return lower_unary(p, c);
    case CXCursor_BinaryOperator:
    case CXCursor_CompoundAssignOperator:
        return lower_binary(p, c);
    case CXCursor_CallExpr:
        return lower_call(p, c);
    case CXCursor_ParenExpr:
    case CXCursor_CStyleCastExpr:
    case CXCursor_CompoundLiteralExpr: {
        kids ks;
        kids_get(&ks, c);
        kids_exprs(&ks);
        uint32_t r = ks.n ? lower_expr(p, ks.v[ks.n - 1])
                          : op(p, CC_OP_UNKNOWN, 0, CC_NONE, CC_NONE, CC_STR_NONE, 0, c);
        kids_free(&ks);
        return r;
    }
    case CXCursor_UnexposedExpr: {
        CXCursor s = strip(c);
        if (!clang_equalCursors(s, c))
            return lower_expr(p, s);
        return lower_unexposed(p, c);
    }
    case CXCursor_UnaryExpr: {
        /* sizeof / alignof: the operand is not evaluated */
        int64_t v = 0;
        bool ok = eval_int(c, &v);
        char buf[32];
        snprintf(buf, sizeof buf, "%lld", (long long)v);
        return op(p, CC_OP_CONST, CC_CONST_INT, CC_NONE, CC_NONE, S(p, ok ? buf : "sizeof"), v,
                  c);
    }
    case CXCursor_ConditionalOperator:
        return unknown_of(p, c, "?:");
    case CXCursor_InitListExpr:
        return unknown_of(p, c, "init-list");
    default:
        return unknown_of(p, c, NULL);
    }
    /* a place read as a value */
    if (is_function_type(clang_getCursorType(c)) && k == CXCursor_DeclRefExpr) {
        uint32_t pl = lower_place(p, c);
        return op(p, CC_OP_LOAD, 0, pl, CC_NONE, CC_STR_NONE, 0, c);
    }
    uint32_t pl = lower_place(p, c);
    if (pl == CC_NONE)
        return unknown_of(p, c, NULL);
    if (is_array_type(clang_getCursorType(c)))
        return op(p, CC_OP_UNOP, 0, pl, CC_NONE, S(p, "&"), 0, c); /* decay */
    return op(p, CC_OP_LOAD, 0, pl, CC_NONE, CC_STR_NONE, 0, c);
}

static uint32_t lower_expr(cl *p, CXCursor c)
{
    if (!enter(p, c))
        return op(p, CC_OP_UNKNOWN, 0, CC_NONE, CC_NONE, S(p, "too-deep"), 0, c);
    uint32_t r = lower_expr_in(p, c);
    leave(p);
    return r;
}

/* ---- statements ---------------------------------------------------------------------------- */

static void push_jump(cl *p, uint32_t brk, uint32_t cont)
{
    jumpctx j = {brk, cont};
    CC_VEC_PUSH(p->jumps, p->njumps, p->capjumps, j);
}

static uint32_t label_block(cl *p, cc_str name)
{
    for (uint32_t i = 0; i < p->nlabels; i++)
        if (p->labels[i].name == name)
            return p->labels[i].block;
    label l = {name, cc_builder_block_new(p->b)};
    CC_VEC_PUSH(p->labels, p->nlabels, p->caplabels, l);
    return l.block;
}

static uint32_t cond_branch(cl *p, CXCursor cond)
{
    uint32_t c = lower_expr(p, cond);
    op(p, CC_OP_BRANCH, 0, c, CC_NONE, CC_STR_NONE, 0, cond);
    return cc_builder_block_current(p->b);
}

static bool const_true(CXCursor cond, bool *is_const)
{
    int64_t v = 0;
    *is_const = eval_int(cond, &v);
    return *is_const && v != 0;
}

static void lower_if(cl *p, CXCursor c)
{
    kids ks;
    kids_get(&ks, c);
    if (ks.n < 2) {
        kids_free(&ks);
        return;
    }
    uint32_t cur = cond_branch(p, ks.v[0]);
    uint32_t then = cc_builder_block_new(p->b), after = cc_builder_block_new(p->b);
    uint32_t els = ks.n >= 3 ? cc_builder_block_new(p->b) : after;
    cc_builder_edge(p->b, cur, then, CC_EDGE_TRUE);
    cc_builder_jump(p->b, els, CC_EDGE_FALSE);
    cc_builder_block_set(p->b, then);
    lower_stmt(p, ks.v[1]);
    cc_builder_jump(p->b, after, CC_EDGE_NEXT);
    if (ks.n >= 3) {
        cc_builder_block_set(p->b, els);
        lower_stmt(p, ks.v[2]);
        cc_builder_jump(p->b, after, CC_EDGE_NEXT);
    }
    cc_builder_block_set(p->b, after);
    kids_free(&ks);
}

static void lower_while(cl *p, CXCursor c)
{
    kids ks;
    kids_get(&ks, c);
    if (ks.n < 2) {
        kids_free(&ks);
        return;
    }
    CXCursor cond = ks.v[ks.n - 2], body = ks.v[ks.n - 1];
    uint32_t s, e;
    span(p, c, &s, &e);
    uint32_t header = cc_builder_block_new(p->b), bb = cc_builder_block_new(p->b);
    uint32_t after = cc_builder_block_new(p->b);
    cc_builder_jump(p->b, header, CC_EDGE_NEXT);
    cc_builder_block_set(p->b, header);
    uint32_t l = cc_builder_loop_begin(p->b, header, s, e);
    bool is_const, forever = const_true(cond, &is_const);
    uint32_t cend = cond_branch(p, cond);
    cc_builder_loop_trip(p->b, l, forever ? CC_TRIP_INFINITE : CC_TRIP_UNKNOWN, 0, CC_NONE,
                         CC_NONE, CC_STR_NONE);
    cc_builder_edge(p->b, cend, bb, CC_EDGE_TRUE);
    cc_builder_block_set(p->b, bb);
    push_jump(p, after, header);
    lower_stmt(p, body);
    p->njumps--;
    cc_builder_jump(p->b, header, CC_EDGE_BACK);
    cc_builder_loop_end(p->b);
    if (!forever)
        cc_builder_edge(p->b, cend, after, CC_EDGE_LOOP_EXIT);
    cc_builder_block_set(p->b, after);
    kids_free(&ks);
}

static void lower_do(cl *p, CXCursor c)
{
    kids ks;
    kids_get(&ks, c);
    if (ks.n < 2) {
        kids_free(&ks);
        return;
    }
    CXCursor body = ks.v[0], cond = ks.v[1];
    bool is_const, forever = const_true(cond, &is_const);
    uint32_t after = cc_builder_block_new(p->b);
    if (is_const && !forever) {
        /* do { ... } while (0), the macro idiom: runs once, not a loop */
        push_jump(p, after, after);
        lower_stmt(p, body);
        p->njumps--;
        cc_builder_jump(p->b, after, CC_EDGE_NEXT);
        cc_builder_block_set(p->b, after);
        kids_free(&ks);
        return;
    }
    uint32_t s, e;
    span(p, c, &s, &e);
    uint32_t bb = cc_builder_block_new(p->b), cb = cc_builder_block_new(p->b);
    cc_builder_jump(p->b, bb, CC_EDGE_NEXT);
    cc_builder_block_set(p->b, bb);
    uint32_t l = cc_builder_loop_begin(p->b, bb, s, e);
    cc_builder_loop_trip(p->b, l, forever ? CC_TRIP_INFINITE : CC_TRIP_UNKNOWN, 0, CC_NONE,
                         CC_NONE, CC_STR_NONE);
    push_jump(p, after, cb);
    lower_stmt(p, body);
    p->njumps--;
    cc_builder_jump(p->b, cb, CC_EDGE_NEXT);
    cc_builder_block_set(p->b, cb);
    uint32_t cend = cond_branch(p, cond);
    cc_builder_edge(p->b, cend, bb, CC_EDGE_BACK);
    cc_builder_loop_end(p->b);
    if (!forever)
        cc_builder_edge(p->b, cend, after, CC_EDGE_LOOP_EXIT);
    cc_builder_block_set(p->b, after);
    kids_free(&ks);
}

/* Which of a for statement's children are init, cond and inc: libclang omits the missing ones,
 * so they are told apart by where the header's semicolons are. */
static void for_parts(cl *p, CXCursor c, kids *ks, int *init, int *cond, int *inc, int *body)
{
    *init = *cond = *inc = -1;
    *body = (int)ks->n - 1;
    CXToken *toks = NULL;
    unsigned ntoks = 0;
    CXSourceRange r = clang_getCursorExtent(c);
    clang_tokenize(p->tu, r, &toks, &ntoks);
    uint32_t semi[2] = {0, 0}, rparen = 0;
    int nsemi = 0, depth = 0;
    bool ok = false;
    for (unsigned i = 0; i < ntoks && i < 4096; i++) {
        if (clang_getTokenKind(toks[i]) != CXToken_Punctuation)
            continue;
        CXString sp = clang_getTokenSpelling(p->tu, toks[i]);
        const char *t = clang_getCString(sp);
        char ch = t && t[0] && !t[1] ? t[0] : 0;
        clang_disposeString(sp);
        if (ch == '(') {
            depth++;
        } else if (ch == ')') {
            if (--depth == 0) {
                ok = nsemi == 2 &&
                     main_offset(p, clang_getTokenLocation(p->tu, toks[i]), &rparen);
                break;
            }
        } else if (ch == ';' && depth == 1 && nsemi < 2) {
            if (!main_offset(p, clang_getTokenLocation(p->tu, toks[i]), &semi[nsemi]))
                break;
            nsemi++;
        }
    }
    if (toks)
        clang_disposeTokens(p->tu, toks, ntoks);
    if (ok) {
        for (int i = 0; i < *body; i++) {
            uint32_t s, e;
            if (!main_offset(p, clang_getRangeStart(clang_getCursorExtent(ks->v[i])), &s)) {
                ok = false;
                break;
            }
            if (s < semi[0])
                *init = i;
            else if (s < semi[1])
                *cond = i;
            else if (s < rparen)
                *inc = i;
            (void)e;
        }
        if (ok)
            return;
    }
    /* A for statement written inside a macro: all four parts, or guess by kind. */
    *init = *cond = *inc = -1;
    if (ks->n == 4) {
        *init = 0;
        *cond = 1;
        *inc = 2;
    } else if (ks->n >= 2) {
        int i = 0;
        if (clang_getCursorKind(ks->v[0]) == CXCursor_DeclStmt)
            *init = i++;
        if (i < *body)
            *cond = i++;
        if (i < *body)
            *inc = i++;
    }
}

/* `for (i = A; i < N; i++)` and its variants: the trip count when it is syntactic. */
static void for_trip(cl *p, uint32_t loop, CXCursor init, CXCursor cond, CXCursor inc,
                     bool has_init, bool has_cond, bool has_inc, CXCursor *var)
{
    *var = clang_getNullCursor();
    if (!has_cond) {
        cc_builder_loop_trip(p->b, loop, CC_TRIP_INFINITE, 0, CC_NONE, CC_NONE, CC_STR_NONE);
        return;
    }
    cc_trip_kind tk = CC_TRIP_UNKNOWN;
    int64_t n = 0;
    uint32_t param = CC_NONE;
    /* the compared variable */
    CXCursor cs = strip(cond);
    kids ck;
    kids_get(&ck, cs);
    kids_exprs(&ck);
    enum CXBinaryOperatorKind ok = clang_getCursorKind(cs) == CXCursor_BinaryOperator
                                       ? clang_getCursorBinaryOperatorKind(cs)
                                       : CXBinaryOperator_Invalid;
    CXCursor v = clang_getNullCursor(), bound = clang_getNullCursor();
    if (ck.n == 2 && (ok == CXBinaryOperator_LT || ok == CXBinaryOperator_LE ||
                      ok == CXBinaryOperator_GT || ok == CXBinaryOperator_GE ||
                      ok == CXBinaryOperator_NE)) {
        CXCursor l = strip(ck.v[0]);
        if (clang_getCursorKind(l) == CXCursor_DeclRefExpr) {
            v = clang_getCursorReferenced(l);
            bound = strip(ck.v[1]);
        }
    }
    kids_free(&ck);
    if (clang_Cursor_isNull(v)) {
        cc_builder_loop_trip(p->b, loop, tk, 0, CC_NONE, CC_NONE, CC_STR_NONE);
        return;
    }
    *var = v;
    cc_str vname = cxs(p, clang_getCursorSpelling(v));
    /* start value */
    bool have_start = false;
    int64_t start = 0;
    if (has_init) {
        CXCursor is = strip(init);
        if (clang_getCursorKind(is) == CXCursor_DeclStmt) {
            kids dk;
            kids_get(&dk, is);
            if (dk.n == 1 && clang_equalCursors(dk.v[0], v)) {
                CXCursor iv = clang_Cursor_getVarDeclInitializer(v);
                have_start = !clang_Cursor_isNull(iv) && eval_int(iv, &start);
            }
            kids_free(&dk);
        } else if (clang_getCursorKind(is) == CXCursor_BinaryOperator &&
                   clang_getCursorBinaryOperatorKind(is) == CXBinaryOperator_Assign) {
            kids ak;
            kids_get(&ak, is);
            kids_exprs(&ak);
            if (ak.n == 2) {
                CXCursor l = strip(ak.v[0]);
                have_start = clang_getCursorKind(l) == CXCursor_DeclRefExpr &&
                             clang_equalCursors(clang_getCursorReferenced(l), v) &&
                             eval_int(ak.v[1], &start);
            }
            kids_free(&ak);
        }
    }
    /* step */
    int64_t step = 0;
    if (has_inc) {
        CXCursor s = strip(inc);
        kids ik;
        kids_get(&ik, s);
        kids_exprs(&ik);
        CXCursor target = ik.n ? strip(ik.v[0]) : clang_getNullCursor();
        bool on_var = !clang_Cursor_isNull(target) &&
                      clang_getCursorKind(target) == CXCursor_DeclRefExpr &&
                      clang_equalCursors(clang_getCursorReferenced(target), v);
        if (on_var && clang_getCursorKind(s) == CXCursor_UnaryOperator) {
            enum CXUnaryOperatorKind uk = clang_getCursorUnaryOperatorKind(s);
            step = uk == CXUnaryOperator_PostInc || uk == CXUnaryOperator_PreInc    ? 1
                   : uk == CXUnaryOperator_PostDec || uk == CXUnaryOperator_PreDec ? -1
                                                                                   : 0;
        } else if (on_var && ik.n == 2 &&
                   clang_getCursorKind(s) == CXCursor_CompoundAssignOperator) {
            int64_t k = 0;
            enum CXBinaryOperatorKind bk = clang_getCursorBinaryOperatorKind(s);
            if (eval_int(ik.v[1], &k) && k > 0 && k < (INT64_C(1) << 40))
                step = bk == CXBinaryOperator_AddAssign   ? k
                       : bk == CXBinaryOperator_SubAssign ? -k
                                                          : 0;
        }
        kids_free(&ik);
    }
    bool up = ok == CXBinaryOperator_LT || ok == CXBinaryOperator_LE ||
              (ok == CXBinaryOperator_NE && step > 0);
    bool down = ok == CXBinaryOperator_GT || ok == CXBinaryOperator_GE ||
                (ok == CXBinaryOperator_NE && step < 0);
    int64_t limit = 0;
    if (have_start && ((up && step > 0) || (down && step < 0))) {
        if (clang_getCursorKind(bound) == CXCursor_DeclRefExpr &&
            clang_getCursorKind(clang_getCursorReferenced(bound)) == CXCursor_ParmDecl) {
            CXCursor pd = clang_getCursorReferenced(bound);
            int np = clang_Cursor_getNumArguments(p->fn);
            for (int i = 0; i < np; i++)
                if (clang_equalCursors(clang_Cursor_getArgument(p->fn, (unsigned)i), pd))
                    param = (uint32_t)i;
            if (param != CC_NONE)
                tk = CC_TRIP_PARAM;
        } else if (eval_int(bound, &limit)) {
            /* bounds near INT64's ends must not overflow: such a loop stays unknown */
            int64_t dist, st = step > 0 ? step : -step;
            bool ovf = up ? __builtin_sub_overflow(limit, start, &dist)
                          : __builtin_sub_overflow(start, limit, &dist);
            if (!ovf && (ok == CXBinaryOperator_LE || ok == CXBinaryOperator_GE))
                ovf = __builtin_add_overflow(dist, 1, &dist);
            if (!ovf) {
                int64_t iters = dist <= 0 ? 0 : dist / st + (dist % st != 0);
                if (ok == CXBinaryOperator_NE && dist > 0 && dist % st != 0)
                    iters = -1; /* steps over the bound */
                if (iters >= 0) {
                    tk = CC_TRIP_CONST;
                    n = iters;
                }
            }
        }
    }
    cc_builder_loop_trip(p->b, loop, tk, n, param, CC_NONE, vname);
}

static void lower_for(cl *p, CXCursor c)
{
    kids ks;
    kids_get(&ks, c);
    if (ks.n < 1) {
        kids_free(&ks);
        return;
    }
    int ii, ci, ni, bi;
    for_parts(p, c, &ks, &ii, &ci, &ni, &bi);
    if (ii >= 0) {
        if (clang_isExpression(clang_getCursorKind(ks.v[ii])))
            lower_expr(p, ks.v[ii]);
        else
            lower_stmt(p, ks.v[ii]);
    }
    uint32_t s, e;
    span(p, c, &s, &e);
    uint32_t header = cc_builder_block_new(p->b), bb = cc_builder_block_new(p->b);
    uint32_t incb = cc_builder_block_new(p->b), after = cc_builder_block_new(p->b);
    cc_builder_jump(p->b, header, CC_EDGE_NEXT);
    cc_builder_block_set(p->b, header);
    uint32_t l = cc_builder_loop_begin(p->b, header, s, e);
    CXCursor none = clang_getNullCursor(), var;
    for_trip(p, l, ii >= 0 ? ks.v[ii] : none, ci >= 0 ? ks.v[ci] : none,
             ni >= 0 ? ks.v[ni] : none, ii >= 0, ci >= 0, ni >= 0, &var);
    uint32_t cend = CC_NONE;
    if (ci >= 0) {
        cend = cond_branch(p, ks.v[ci]);
        cc_builder_edge(p->b, cend, bb, CC_EDGE_TRUE);
    } else {
        cc_builder_jump(p->b, bb, CC_EDGE_LOOP_BODY);
    }
    cc_builder_block_set(p->b, bb);
    bool pushed = !clang_Cursor_isNull(var);
    if (pushed)
        CC_VEC_PUSH(p->loopvars, p->nloopvars, p->caploopvars, var);
    push_jump(p, after, incb);
    lower_stmt(p, ks.v[bi]);
    p->njumps--;
    cc_builder_jump(p->b, incb, CC_EDGE_NEXT);
    cc_builder_block_set(p->b, incb);
    if (ni >= 0)
        lower_expr(p, ks.v[ni]);
    if (pushed)
        p->nloopvars--;
    cc_builder_jump(p->b, header, CC_EDGE_BACK);
    cc_builder_loop_end(p->b);
    if (cend != CC_NONE)
        cc_builder_edge(p->b, cend, after, CC_EDGE_LOOP_EXIT);
    cc_builder_block_set(p->b, after);
    kids_free(&ks);
}

static void lower_switch(cl *p, CXCursor c)
{
    kids ks;
    kids_get(&ks, c);
    if (ks.n < 2) {
        kids_free(&ks);
        return;
    }
    uint32_t d = cond_branch(p, ks.v[ks.n - 2]);
    uint32_t after = cc_builder_block_new(p->b);
    swctx sw = {d, false};
    CC_VEC_PUSH(p->sws, p->nsws, p->capsws, sw);
    /* Code before the first case label is reached from nowhere: the dispatch block ends with
     * its case edges only. */
    uint32_t dead = cc_builder_block_new(p->b);
    cc_builder_block_set(p->b, dead);
    push_jump(p, after, CC_NONE);
    lower_stmt(p, ks.v[ks.n - 1]);
    p->njumps--;
    cc_builder_jump(p->b, after, CC_EDGE_NEXT);
    bool has_default = p->sws[p->nsws - 1].has_default;
    p->nsws--;
    if (!has_default)
        cc_builder_edge(p->b, d, after, CC_EDGE_FALSE);
    cc_builder_block_set(p->b, after);
    kids_free(&ks);
}

static void lower_case(cl *p, CXCursor c, bool is_default)
{
    kids ks;
    kids_get(&ks, c);
    uint32_t blk = cc_builder_block_new(p->b);
    cc_builder_jump(p->b, blk, CC_EDGE_NEXT); /* fall-through from the case above */
    if (p->nsws) {
        swctx *sw = &p->sws[p->nsws - 1];
        cc_builder_edge(p->b, sw->dispatch, blk, is_default ? CC_EDGE_FALSE : CC_EDGE_TRUE);
        if (is_default)
            sw->has_default = true;
    }
    cc_builder_block_set(p->b, blk);
    if (ks.n)
        lower_stmt(p, ks.v[ks.n - 1]);
    kids_free(&ks);
}

static void lower_decl_stmt(cl *p, CXCursor c)
{
    kids ks;
    kids_get(&ks, c);
    for (uint32_t i = 0; i < ks.n; i++) {
        CXCursor d = ks.v[i];
        if (clang_getCursorKind(d) != CXCursor_VarDecl || clang_Cursor_hasVarDeclGlobalStorage(d))
            continue; /* static locals are initialised once, before any call */
        CXCursor init = clang_Cursor_getVarDeclInitializer(d);
        if (clang_Cursor_isNull(init))
            continue;
        uint32_t v = lower_expr(p, init);
        uint32_t pl = var_place(p, d, d);
        op(p, CC_OP_STORE, CC_STORE_PLAIN, pl, v, CC_STR_NONE, 0, d);
    }
    kids_free(&ks);
}

static void lower_stmt_in(cl *p, CXCursor c)
{
    enum CXCursorKind k = clang_getCursorKind(c);
    switch (k) {
    case CXCursor_CompoundStmt: {
        kids ks;
        kids_get(&ks, c);
        for (uint32_t i = 0; i < ks.n; i++)
            lower_stmt(p, ks.v[i]);
        kids_free(&ks);
        return;
    }
    case CXCursor_DeclStmt:
        lower_decl_stmt(p, c);
        return;
    case CXCursor_IfStmt:
        lower_if(p, c);
        return;
    case CXCursor_WhileStmt:
        lower_while(p, c);
        return;
    case CXCursor_DoStmt:
        lower_do(p, c);
        return;
    case CXCursor_ForStmt:
        lower_for(p, c);
        return;
    case CXCursor_SwitchStmt:
        lower_switch(p, c);
        return;
    case CXCursor_CaseStmt:
        lower_case(p, c, false);
        return;
    case CXCursor_DefaultStmt:
        lower_case(p, c, true);
        return;
    case CXCursor_LabelStmt: {
        uint32_t blk = label_block(p, cxs(p, clang_getCursorSpelling(c)));
        cc_builder_jump(p->b, blk, CC_EDGE_NEXT);
        cc_builder_block_set(p->b, blk);
        kids ks;
        kids_get(&ks, c);
        if (ks.n)
            lower_stmt(p, ks.v[ks.n - 1]);
        kids_free(&ks);
        return;
    }
    case CXCursor_GotoStmt: {
        kids ks;
        kids_get(&ks, c);
        cc_str name = CC_STR_NONE;
        for (uint32_t i = 0; i < ks.n && !name; i++)
            if (clang_getCursorKind(ks.v[i]) == CXCursor_LabelRef)
                name = cxs(p, clang_getCursorSpelling(ks.v[i]));
        kids_free(&ks);
        if (name)
            cc_builder_jump(p->b, label_block(p, name), CC_EDGE_GOTO);
        return;
    }
    case CXCursor_IndirectGotoStmt:
        /* goto *p: any label whose address is taken; modelled as leaving the function */
        unknown_of(p, c, "goto*");
        cc_builder_jump(p->b, 1, CC_EDGE_GOTO);
        return;
    case CXCursor_BreakStmt:
        if (p->njumps)
            cc_builder_jump(p->b, p->jumps[p->njumps - 1].brk, CC_EDGE_BREAK);
        return;
    case CXCursor_ContinueStmt:
        for (uint32_t i = p->njumps; i-- > 0;)
            if (p->jumps[i].cont != CC_NONE) {
                cc_builder_jump(p->b, p->jumps[i].cont, CC_EDGE_CONTINUE);
                break;
            }
        return;
    case CXCursor_ReturnStmt: {
        kids ks;
        kids_get(&ks, c);
        kids_exprs(&ks);
        uint32_t v = ks.n ? lower_expr(p, ks.v[0]) : CC_NONE;
        kids_free(&ks);
        op(p, CC_OP_RETURN, 0, v, CC_NONE, CC_STR_NONE, 0, c);
        cc_builder_jump(p->b, 1, CC_EDGE_RETURN);
        return;
    }
    case CXCursor_NullStmt:
        return;
    case CXCursor_GCCAsmStmt:
    case CXCursor_MSAsmStmt:
        op(p, CC_OP_UNKNOWN, 0, CC_NONE, CC_NONE, S(p, "asm"), 0, c);
        return;
    default:
        if (clang_isExpression(k)) {
            lower_expr(p, c);
            return;
        }
        if (clang_isStatement(k)) {
            kids ks;
            kids_get(&ks, c);
            for (uint32_t i = 0; i < ks.n; i++)
                lower_stmt(p, ks.v[i]);
            kids_free(&ks);
        }
        return;
    }
}

static void lower_stmt(cl *p, CXCursor c)
{
    if (!enter(p, c)) {
        op(p, CC_OP_UNKNOWN, 0, CC_NONE, CC_NONE, S(p, "too-deep"), 0, c);
        return;
    }
    uint32_t ss = p->stmt_start, se = p->stmt_end;
    uint32_t s, e;
    span(p, c, &s, &e);
    p->stmt_start = s;
    p->stmt_end = e;
    lower_stmt_in(p, c);
    p->stmt_start = ss;
    p->stmt_end = se;
    leave(p);
}

/* ---- top level ----------------------------------------------------------------------------- */

static void lower_function(cl *p, CXCursor fn)
{
    uint32_t s, e;
    span(p, fn, &s, &e);
    p->stmt_start = s;
    p->stmt_end = e;
    cc_str name = cxs(p, clang_getCursorSpelling(fn));
    uint16_t flags = clang_Cursor_isVariadic(fn) ? CC_FUNCF_VARARGS : 0;
    uint32_t fi = cc_builder_func_begin(p->b, CC_FUNC_FUNCTION, name, name, CC_NONE, flags, s, e);
    p->fn = fn;
    p->fname = name;
    p->njumps = p->nsws = p->nlabels = p->nloopvars = 0;
    int np = clang_Cursor_getNumArguments(fn);
    for (int i = 0; i < np; i++) {
        CXCursor a = clang_Cursor_getArgument(fn, (unsigned)i);
        cc_str pn = cxs(p, clang_getCursorSpelling(a));
        if (!pn) {
            char buf[32];
            snprintf(buf, sizeof buf, "<param%d>", i);
            pn = S(p, buf);
        }
        cc_builder_func_param(p->b, pn);
        uint32_t pv = op(p, CC_OP_PARAM, 0, CC_NONE, CC_NONE, pn, i, a);
        uint32_t pl = var_place(p, a, a);
        op(p, CC_OP_STORE, CC_STORE_PLAIN, pl, pv, CC_STR_NONE, 0, a);
    }
    kids ks;
    kids_get(&ks, fn);
    for (uint32_t i = 0; i < ks.n; i++)
        if (clang_getCursorKind(ks.v[i]) == CXCursor_CompoundStmt)
            lower_stmt(p, ks.v[i]);
    kids_free(&ks);
    cc_builder_func_end(p->b);
    /* the module binds the name to the function, as a def does */
    uint32_t fv = op(p, CC_OP_FUNC, 0, CC_NONE, CC_NONE, name, fi, fn);
    uint32_t pl = op(p, CC_OP_NAME, CC_SCOPE_GLOBAL, CC_NONE, CC_NONE, name, 0, fn);
    op(p, CC_OP_STORE, CC_STORE_PLAIN, pl, fv, CC_STR_NONE, 0, fn);
}

static void lower_global(cl *p, CXCursor d)
{
    CXCursor init = clang_Cursor_getVarDeclInitializer(d);
    if (clang_Cursor_isNull(init))
        return;
    uint32_t s, e;
    span(p, d, &s, &e);
    p->stmt_start = s;
    p->stmt_end = e;
    p->fn = clang_getNullCursor();
    uint32_t v = lower_expr(p, init);
    uint32_t pl = var_place(p, d, d);
    op(p, CC_OP_STORE, CC_STORE_PLAIN, pl, v, CC_STR_NONE, 0, d);
}

static void lower_tu(cl *p, CXCursor tu)
{
    kids ks;
    kids_get(&ks, tu);
    for (uint32_t i = 0; i < ks.n; i++) {
        CXCursor c = ks.v[i];
        CXSourceLocation loc = clang_getCursorLocation(c);
        if (clang_Location_isInSystemHeader(loc))
            continue;
        CXFile f;
        clang_getExpansionLocation(loc, &f, NULL, NULL, NULL);
        if (!f || !clang_File_isEqual(f, p->main))
            continue;
        enum CXCursorKind k = clang_getCursorKind(c);
        if (k == CXCursor_FunctionDecl && clang_isCursorDefinition(c))
            lower_function(p, c);
        else if (k == CXCursor_VarDecl)
            lower_global(p, c);
        else if (k == CXCursor_LinkageSpec || k == CXCursor_UnexposedDecl)
            lower_tu(p, c);
    }
    kids_free(&ks);
}

static void clang_diags(cl *p)
{
    unsigned n = clang_getNumDiagnostics(p->tu);
    int reported = 0, more = 0;
    for (unsigned i = 0; i < n; i++) {
        CXDiagnostic d = clang_getDiagnostic(p->tu, i);
        enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
        if (sev < CXDiagnostic_Error) {
            clang_disposeDiagnostic(d);
            continue;
        }
        if (reported >= MAX_CLANG_DIAGS) {
            more++;
            clang_disposeDiagnostic(d);
            continue;
        }
        CXString msg = clang_getDiagnosticSpelling(d);
        const char *m = clang_getCString(msg);
        uint32_t off = 0;
        bool here = main_offset(p, clang_getDiagnosticLocation(d), &off);
        char where[600] = "";
        if (!here) {
            CXFile f;
            unsigned line;
            clang_getExpansionLocation(clang_getDiagnosticLocation(d), &f, &line, NULL, NULL);
            CXString fn = clang_getFileName(f);
            if (clang_getCString(fn))
                snprintf(where, sizeof where, " (in %s:%u)", clang_getCString(fn), line);
            clang_disposeString(fn);
        }
        bool missing = m && strstr(m, "file not found");
        uint32_t end = off;
        while (end < p->srclen && p->src[end] != '\n')
            end++;
        cc_builder_diag(p->b, CC_SEV_WARNING, off, end,
                        missing ? "missing header: %s%s; the rest of the file is analysed"
                                : "C parse error: %s%s; the rest of the file is analysed",
                        m ? m : "?", where);
        clang_disposeString(msg);
        clang_disposeDiagnostic(d);
        reported++;
    }
    if (more)
        cc_builder_diag(p->b, CC_SEV_WARNING, 0, 0, "%d more C parse errors in this file", more);
}

/* ---- arguments and compilation databases --------------------------------------------------- */

typedef struct argv_b {
    char **v;
    int n, cap;
} argv_b;

static void arg_push(argv_b *a, const char *s)
{
    char *c = strdup(s);
    if (!c)
        abort();
    CC_VEC_PUSH(a->v, a->n, a->cap, c);
}

static void arg_push_path(argv_b *a, const char *flag, const char *path, const char *dir)
{
    char buf[PATH_MAX + 64];
    if (path[0] == '/' || !dir)
        snprintf(buf, sizeof buf, "%s%s", flag, path);
    else
        snprintf(buf, sizeof buf, "%s%s/%s", flag, dir, path);
    arg_push(a, buf);
}

void cc_c_args_free(char **argv)
{
    if (!argv)
        return;
    for (char **s = argv; *s; s++)
        free(*s);
    free(argv);
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static CXCompilationDatabase cdb_get(cc_c_parser *self, const char *dir)
{
    for (int i = 0; i < self->ncdbs; i++)
        if (!strcmp(self->cdbs[i].dir, dir))
            return self->cdbs[i].db;
    CXCompilationDatabase_Error err;
    CXCompilationDatabase db = clang_CompilationDatabase_fromDirectory(dir, &err);
    if (err != CXCompilationDatabase_NoError)
        db = NULL;
    if (self->ncdbs == MAX_CDBS) {
        if (self->cdbs[0].db)
            clang_CompilationDatabase_dispose(self->cdbs[0].db);
        free(self->cdbs[0].dir);
        memmove(self->cdbs, self->cdbs + 1, (MAX_CDBS - 1) * sizeof(cdb_entry));
        self->ncdbs--;
    }
    self->cdbs[self->ncdbs].dir = strdup(dir);
    self->cdbs[self->ncdbs++].db = db;
    return db;
}

/* Flags that take a path, joined (-Ifoo) or separate (-I foo). */
static const char *const PATH_FLAGS[] = {"-I", "-isystem", "-iquote", "-idirafter", "-include",
                                         "-imacros", "-isysroot", "--sysroot=", NULL};
/* Flags kept as they are; everything else (optimisation, warnings, code generation, gcc-only
 * flags) is dropped: it cannot change what the code means to concur, and clang may refuse it. */
static const char *const KEEP_EXACT[] = {"-ansi", "-nostdinc", "-m32", "-m64", "-pthread",
                                         "-fms-extensions", "-fgnu89-inline", "-fsigned-char",
                                         "-funsigned-char", "-fblocks", "-fno-builtin", NULL};

static void filter_command(argv_b *out, CXCompileCommand cmd)
{
    unsigned n = clang_CompileCommand_getNumArgs(cmd);
    CXString dirs = clang_CompileCommand_getDirectory(cmd);
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", clang_getCString(dirs) ? clang_getCString(dirs) : ".");
    clang_disposeString(dirs);
    for (unsigned i = 1; i < n; i++) {
        CXString as = clang_CompileCommand_getArg(cmd, i);
        const char *a = clang_getCString(as);
        char next[PATH_MAX] = "";
        bool has_next = false;
        if (i + 1 < n) {
            CXString ns = clang_CompileCommand_getArg(cmd, i + 1);
            snprintf(next, sizeof next, "%s", clang_getCString(ns) ? clang_getCString(ns) : "");
            clang_disposeString(ns);
            has_next = true;
        }
        bool done = !a;
        for (int k = 0; !done && PATH_FLAGS[k]; k++) {
            size_t l = strlen(PATH_FLAGS[k]);
            if (strncmp(a, PATH_FLAGS[k], l) != 0)
                continue;
            if (a[l]) {
                arg_push_path(out, PATH_FLAGS[k], a + l, dir);
            } else if (has_next) {
                arg_push(out, PATH_FLAGS[k]);
                arg_push_path(out, "", next, dir);
                i++;
            }
            done = true;
        }
        if (!done && (a[0] == '-' && (a[1] == 'D' || a[1] == 'U'))) {
            if (a[2]) {
                arg_push(out, a);
            } else if (has_next) {
                char buf[PATH_MAX + 4];
                snprintf(buf, sizeof buf, "%c%c%s", a[0], a[1], next);
                arg_push(out, buf);
                i++;
            }
            done = true;
        }
        if (!done && (!strncmp(a, "-std=", 5)))
            arg_push(out, a), done = true;
        for (int k = 0; !done && KEEP_EXACT[k]; k++)
            if (!strcmp(a, KEEP_EXACT[k]))
                arg_push(out, a), done = true;
        /* flags whose value is a separate argument: skip the value too */
        if (!done && (!strcmp(a, "-o") || !strcmp(a, "-MF") || !strcmp(a, "-MT") ||
                      !strcmp(a, "-MQ") || !strcmp(a, "-x") || !strcmp(a, "-Xclang") ||
                      !strcmp(a, "-arch") || !strcmp(a, "-target") || !strcmp(a, "--param") ||
                      !strcmp(a, "-Xlinker") || !strcmp(a, "-Xpreprocessor")))
            i++;
        clang_disposeString(as);
    }
}

int cc_c_parser_args(cc_c_parser *self, const char *path, const char *cdb_dir, char ***argv)
{
    argv_b a = {0};
    arg_push(&a, "-xc");
    char abs[PATH_MAX];
    if (!realpath(path, abs))
        snprintf(abs, sizeof abs, "%s", path);
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", abs);
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = 0;
    CXCompilationDatabase db = NULL;
    if (cdb_dir) {
        db = cdb_get(self, cdb_dir);
    } else {
        char d[PATH_MAX];
        snprintf(d, sizeof d, "%s", dir);
        /* like clangd: each folder above the file, and its build/ subfolder */
        for (int up = 0; up < 64 && !db; up++) {
            char f[PATH_MAX + 32];
            snprintf(f, sizeof f, "%s/compile_commands.json", d);
            if (access(f, R_OK) == 0) {
                db = cdb_get(self, d);
                break;
            }
            snprintf(f, sizeof f, "%s/build/compile_commands.json", d);
            if (access(f, R_OK) == 0) {
                snprintf(f, sizeof f, "%s/build", d);
                db = cdb_get(self, f);
                break;
            }
            char *s = strrchr(d, '/');
            if (!s || s == d)
                break;
            *s = 0;
        }
    }
    bool found = false;
    if (db) {
        CXCompileCommands cmds = clang_CompilationDatabase_getCompileCommands(db, abs);
        if (cmds && clang_CompileCommands_getSize(cmds) > 0) {
            filter_command(&a, clang_CompileCommands_getCommand(cmds, 0));
            found = true;
        }
        if (cmds)
            clang_CompileCommands_dispose(cmds);
    }
    if (!found) {
        /* defaults: the file's folder and the include/ folders of the folders above it */
        arg_push(&a, "-std=gnu17");
        arg_push_path(&a, "-I", dir, NULL);
        char d[PATH_MAX];
        snprintf(d, sizeof d, "%s", dir);
        for (int up = 0; up < 4; up++) {
            char inc[PATH_MAX + 16];
            snprintf(inc, sizeof inc, "%s/include", d);
            if (is_dir(inc))
                arg_push_path(&a, "-I", inc, NULL);
            char git[PATH_MAX + 16];
            snprintf(git, sizeof git, "%s/.git", d);
            char *s = strrchr(d, '/');
            if (access(git, F_OK) == 0 || !s || s == d)
                break;
            *s = 0;
        }
    }
    arg_push(&a, "-w");
    arg_push(&a, "-ferror-limit=50");
    CC_VEC_PUSH(a.v, a.n, a.cap, NULL);
    *argv = a.v;
    return a.n - 1;
}

/* ---- the parser ---------------------------------------------------------------------------- */

cc_c_parser *cc_c_parser_new(void)
{
    cc_c_parser *self = calloc(1, sizeof(*self));
    if (!self)
        return NULL;
    self->index = clang_createIndex(0, 0);
    if (!self->index) {
        free(self);
        return NULL;
    }
    return self;
}

void cc_c_parser_delete(cc_c_parser *self)
{
    if (!self)
        return;
    for (int i = 0; i < self->ncdbs; i++) {
        if (self->cdbs[i].db)
            clang_CompilationDatabase_dispose(self->cdbs[i].db);
        free(self->cdbs[i].dir);
    }
    clang_disposeIndex(self->index);
    free(self);
}

cc_unit *cc_c_parser_parse(cc_c_parser *self, cc_interner *in, const char *path,
                           const char *bytes, size_t len, const char *cdb_dir)
{
    cc_builder *b = cc_builder_new(in, CC_LANG_C, path, bytes, (uint32_t)len, "utf-8");
    if (!b) {
        fprintf(stderr, "concur: out of memory\n");
        abort();
    }
    cl p = {.b = b, .in = in};
    p.src = cc_builder_text(b, &p.srclen);
    cc_builder_func_begin(b, CC_FUNC_MODULE, S(&p, "<module>"), S(&p, "<module>"), CC_NONE, 0, 0,
                          p.srclen);
    char abs[PATH_MAX];
    if (!realpath(path, abs))
        snprintf(abs, sizeof abs, "%s", path);
    char **argv = NULL;
    int argc = cc_c_parser_args(self, path, cdb_dir, &argv);
    struct CXUnsavedFile uf = {.Filename = abs, .Contents = p.src, .Length = p.srclen};
    CXTranslationUnit tu = NULL;
    enum CXErrorCode err = clang_parseTranslationUnit2(
        self->index, abs, (const char *const *)argv, argc, &uf, 1,
        CXTranslationUnit_KeepGoing | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles, &tu);
    cc_c_args_free(argv);
    if (err != CXError_Success || !tu) {
        cc_builder_diag(b, CC_SEV_WARNING, 0, 0,
                        err == CXError_Crashed
                            ? "libclang crashed while parsing this file; it is not analysed"
                            : "libclang could not parse this file (error %d); it is not analysed",
                        (int)err);
        cc_builder_func_end(b);
        return cc_builder_finish(b);
    }
    p.tu = tu;
    p.main = clang_getFile(tu, abs);
    clang_diags(&p);
    if (p.main)
        lower_tu(&p, clang_getTranslationUnitCursor(tu));
    cc_builder_func_end(b);
    free(p.jumps);
    free(p.sws);
    free(p.labels);
    free(p.loopvars);
    clang_disposeTranslationUnit(tu);
    return cc_builder_finish(b);
}
