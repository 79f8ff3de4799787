/* unit_serial.c - the binary form of a unit; see unit_serial.h.
 *
 * Layout (all integers varints unless said): "CCU1", lang, path, encoding, text, line starts,
 * functions, classes, diagnostics. A string is 0 (none), 2*len+2 followed by len bytes (new), or
 * 2*k+1 (the k-th new string written before). */
#include "unit_serial.h"

#include <stdlib.h>
#include <string.h>

#include "concur/arena.h"

/* ---- writing ------------------------------------------------------------------------------- */

typedef struct wbuf {
    uint8_t *p;
    size_t n, cap;
    const cc_interner *in;
    /* cc_str -> sequence number + 1 of its first occurrence (open addressing) */
    uint32_t *keys, *vals;
    size_t mcap, mcount;
    uint32_t seq;
} wbuf;

static void w_reserve(wbuf *w, size_t more)
{
    if (w->n + more <= w->cap)
        return;
    size_t cap = w->cap ? w->cap : 4096;
    while (cap < w->n + more)
        cap *= 2;
    w->p = cc_xrealloc(w->p, cap);
    w->cap = cap;
}

static void w_u(wbuf *w, uint64_t v)
{
    w_reserve(w, 10);
    while (v >= 0x80) {
        w->p[w->n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    w->p[w->n++] = (uint8_t)v;
}

/* CC_NONE (UINT32_MAX) is common: written as 0, everything else shifted by one. */
static void w_idx(wbuf *w, uint32_t v)
{
    w_u(w, v == CC_NONE ? 0 : (uint64_t)v + 1);
}

static void w_i(wbuf *w, int64_t v)
{
    w_u(w, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

static void w_bytes(wbuf *w, const char *s, size_t len)
{
    w_u(w, len);
    w_reserve(w, len);
    memcpy(w->p + w->n, s, len);
    w->n += len;
}

static void w_cstr(wbuf *w, const char *s)
{
    if (!s) {
        w_u(w, 0);
        return;
    }
    size_t l = strlen(s);
    w_u(w, l + 1);
    w_reserve(w, l);
    memcpy(w->p + w->n, s, l);
    w->n += l;
}

static void w_str(wbuf *w, cc_str s)
{
    if (s == CC_STR_NONE) {
        w_u(w, 0);
        return;
    }
    if (w->mcount * 2 >= w->mcap) {
        size_t ncap = w->mcap ? w->mcap * 2 : 1024;
        uint32_t *nk = cc_xcalloc(ncap, sizeof(uint32_t)), *nv = cc_xcalloc(ncap, sizeof(uint32_t));
        for (size_t i = 0; i < w->mcap; i++) {
            if (!w->keys[i])
                continue;
            size_t h = (w->keys[i] * 2654435761u) & (ncap - 1);
            while (nk[h])
                h = (h + 1) & (ncap - 1);
            nk[h] = w->keys[i];
            nv[h] = w->vals[i];
        }
        free(w->keys);
        free(w->vals);
        w->keys = nk;
        w->vals = nv;
        w->mcap = ncap;
    }
    size_t h = (s * 2654435761u) & (w->mcap - 1);
    while (w->keys[h] && w->keys[h] != s)
        h = (h + 1) & (w->mcap - 1);
    if (w->keys[h]) {
        w_u(w, (uint64_t)w->vals[h] * 2 + 1);
        return;
    }
    w->keys[h] = s;
    w->vals[h] = w->seq++;
    w->mcount++;
    size_t len = cc_str_len(w->in, s);
    w_u(w, (uint64_t)len * 2 + 2);
    w_reserve(w, len);
    memcpy(w->p + w->n, cc_str_text(w->in, s), len);
    w->n += len;
}

static void w_span(wbuf *w, const cc_span *s)
{
    w_u(w, s->start);
    w_u(w, s->end);
    w_u(w, s->line);
    w_u(w, s->col);
    w_u(w, s->end_line);
    w_u(w, s->end_col);
}

static void w_func(wbuf *w, const cc_func *f)
{
    w_str(w, f->name);
    w_str(w, f->qualname);
    w_u(w, f->kind);
    w_u(w, f->flags);
    w_idx(w, f->parent);
    w_idx(w, f->class_idx);
    w_span(w, &f->span);
    w_u(w, f->nparams);
    for (uint32_t i = 0; i < f->nparams; i++)
        w_str(w, f->params[i]);
    w_u(w, f->nglobals);
    for (uint32_t i = 0; i < f->nglobals; i++)
        w_str(w, f->globals[i]);
    w_u(w, f->nnonlocals);
    for (uint32_t i = 0; i < f->nnonlocals; i++)
        w_str(w, f->nonlocals[i]);
    w_u(w, f->nblocks);
    for (uint32_t b = 0; b < f->nblocks; b++) {
        const cc_block *blk = &f->blocks[b];
        w_u(w, blk->first_op);
        w_u(w, blk->nops);
        w_idx(w, blk->loop);
        w_idx(w, blk->handler_of);
        w_u(w, blk->nsucc);
        for (uint32_t k = 0; k < blk->nsucc; k++) {
            w_u(w, blk->succ[k].to);
            w_u(w, blk->succ[k].kind);
        }
    }
    w_u(w, f->nloops);
    for (uint32_t l = 0; l < f->nloops; l++) {
        const cc_loop *lp = &f->loops[l];
        w_u(w, lp->header);
        w_idx(w, lp->parent);
        w_u(w, lp->trip);
        w_i(w, lp->trip_const);
        w_idx(w, lp->trip_param);
        w_idx(w, lp->trip_op);
        w_str(w, lp->var);
        w_span(w, &lp->span);
    }
    w_u(w, f->nops);
    for (uint32_t i = 0; i < f->nops; i++) {
        const cc_op *op = &f->ops[i];
        w_u(w, op->kind);
        w_u(w, op->sub);
        w_u(w, op->flags);
        w_u(w, op->block);
        w_idx(w, op->loop);
        w_idx(w, op->a);
        w_idx(w, op->b);
        w_str(w, op->name);
        w_i(w, op->ival);
        w_u(w, op->start);
        w_u(w, op->end >= op->start ? op->end - op->start : 0);
        w_u(w, op->nargs);
        if (op->nargs) {
            w_u(w, op->kwnames != NULL);
            for (uint32_t k = 0; k < op->nargs; k++) {
                w_idx(w, op->args[k]);
                if (op->kwnames)
                    w_str(w, op->kwnames[k]);
            }
        }
    }
}

void cc_unit_serialize(const cc_unit *u, const cc_interner *in, uint8_t **out, size_t *len)
{
    wbuf w = {.in = in};
    w_reserve(&w, 4);
    memcpy(w.p, "CCU1", 4);
    w.n = 4;
    w_u(&w, u->lang);
    w_cstr(&w, u->path);
    w_cstr(&w, u->encoding);
    w_bytes(&w, u->text, u->len);
    w_u(&w, u->nlines);
    for (uint32_t i = 0; i < u->nlines; i++)
        w_u(&w, u->line_starts[i] - (i ? u->line_starts[i - 1] : 0));
    w_u(&w, u->nfuncs);
    for (uint32_t f = 0; f < u->nfuncs; f++)
        w_func(&w, &u->funcs[f]);
    w_u(&w, u->nclasses);
    for (uint32_t c = 0; c < u->nclasses; c++) {
        const cc_class *cl = &u->classes[c];
        w_str(&w, cl->name);
        w_str(&w, cl->qualname);
        w_idx(&w, cl->body);
        w_idx(&w, cl->outer);
        w_span(&w, &cl->span);
        w_u(&w, cl->nbases);
        for (uint32_t k = 0; k < cl->nbases; k++)
            w_idx(&w, cl->bases[k]);
    }
    w_u(&w, u->ndiags);
    for (uint32_t d = 0; d < u->ndiags; d++) {
        const cc_diag *dg = &u->diags[d];
        w_cstr(&w, dg->code);
        w_u(&w, dg->severity);
        w_span(&w, &dg->span);
        w_cstr(&w, dg->message);
        w_cstr(&w, dg->help);
    }
    free(w.keys);
    free(w.vals);
    *out = w.p;
    *len = w.n;
}

/* ---- reading ------------------------------------------------------------------------------- */

typedef struct rbuf {
    const uint8_t *p, *end;
    bool bad;
    cc_interner *in;
    cc_arena *a;
    cc_str *strs;
    uint32_t nstrs, capstrs;
} rbuf;

static uint64_t r_u(rbuf *r)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (r->p >= r->end) {
            r->bad = true;
            return 0;
        }
        uint8_t b = *r->p++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return v;
    }
    r->bad = true;
    return 0;
}

static uint32_t r_u32(rbuf *r)
{
    uint64_t v = r_u(r);
    if (v > UINT32_MAX) {
        r->bad = true;
        return 0;
    }
    return (uint32_t)v;
}

static uint32_t r_idx(rbuf *r)
{
    uint64_t v = r_u(r);
    if (v > UINT32_MAX) {
        r->bad = true;
        return CC_NONE;
    }
    return v == 0 ? CC_NONE : (uint32_t)(v - 1);
}

static int64_t r_i(rbuf *r)
{
    uint64_t v = r_u(r);
    return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

/* A count of items of at least `min` bytes each: bounded by what is left, so a corrupt count
 * cannot make the reader allocate gigabytes. */
static uint32_t r_count(rbuf *r, size_t min)
{
    uint32_t n = r_u32(r);
    if (min && (size_t)(r->end - r->p) / min < n) {
        r->bad = true;
        return 0;
    }
    return n;
}

static const char *r_cstr(rbuf *r)
{
    uint64_t l = r_u(r);
    if (l == 0)
        return NULL;
    l--;
    if (l > (uint64_t)(r->end - r->p)) {
        r->bad = true;
        return NULL;
    }
    char *s = cc_arena_strndup(r->a, (const char *)r->p, l);
    r->p += l;
    return s;
}

static cc_str r_str(rbuf *r)
{
    uint64_t v = r_u(r);
    if (v == 0)
        return CC_STR_NONE;
    if (v & 1) {
        uint64_t k = v >> 1;
        if (k >= r->nstrs) {
            r->bad = true;
            return CC_STR_NONE;
        }
        return r->strs[k];
    }
    uint64_t l = v / 2 - 1;
    if (l > (uint64_t)(r->end - r->p)) {
        r->bad = true;
        return CC_STR_NONE;
    }
    cc_str s = cc_intern(r->in, (const char *)r->p, l);
    r->p += l;
    CC_VEC_PUSH(r->strs, r->nstrs, r->capstrs, s);
    return s;
}

static void r_span(rbuf *r, cc_span *s)
{
    s->start = r_u32(r);
    s->end = r_u32(r);
    s->line = r_u32(r);
    s->col = r_u32(r);
    s->end_line = r_u32(r);
    s->end_col = r_u32(r);
}

static cc_str *r_strs(rbuf *r, uint32_t *n)
{
    *n = r_count(r, 1);
    if (!*n)
        return NULL;
    cc_str *v = cc_arena_alloc(r->a, *n * sizeof(cc_str));
    for (uint32_t i = 0; i < *n && !r->bad; i++)
        v[i] = r_str(r);
    return v;
}

static bool ref_ok(uint32_t v, uint32_t n)
{
    return v == CC_NONE || v < n;
}

static void r_func(rbuf *r, cc_func *f)
{
    f->name = r_str(r);
    f->qualname = r_str(r);
    f->kind = (uint8_t)r_u32(r);
    f->flags = (uint16_t)r_u32(r);
    f->parent = r_idx(r);
    f->class_idx = r_idx(r);
    r_span(r, &f->span);
    f->params = r_strs(r, &f->nparams);
    f->globals = r_strs(r, &f->nglobals);
    f->nonlocals = r_strs(r, &f->nnonlocals);
    f->nblocks = r_count(r, 5);
    cc_block *blocks = cc_arena_alloc(r->a, (f->nblocks + 1) * sizeof(cc_block));
    for (uint32_t b = 0; b < f->nblocks && !r->bad; b++) {
        cc_block *blk = &blocks[b];
        blk->first_op = r_u32(r);
        blk->nops = r_u32(r);
        blk->loop = r_idx(r);
        blk->handler_of = r_idx(r);
        blk->nsucc = r_count(r, 2);
        if (blk->nsucc) {
            cc_edge *succ = cc_arena_alloc(r->a, blk->nsucc * sizeof(cc_edge));
            for (uint32_t k = 0; k < blk->nsucc; k++) {
                succ[k].to = r_u32(r);
                succ[k].kind = (uint8_t)r_u32(r);
                if (succ[k].to >= f->nblocks || succ[k].kind >= CC_EDGE__COUNT)
                    r->bad = true;
            }
            blk->succ = succ;
        }
    }
    f->blocks = blocks;
    f->nloops = r_count(r, 8);
    cc_loop *loops = f->nloops ? cc_arena_alloc(r->a, f->nloops * sizeof(cc_loop)) : NULL;
    for (uint32_t l = 0; l < f->nloops && !r->bad; l++) {
        cc_loop *lp = &loops[l];
        lp->header = r_u32(r);
        lp->parent = r_idx(r);
        lp->trip = (uint8_t)r_u32(r);
        lp->trip_const = r_i(r);
        lp->trip_param = r_idx(r);
        lp->trip_op = r_idx(r);
        lp->var = r_str(r);
        r_span(r, &lp->span);
        if (lp->header >= f->nblocks || !ref_ok(lp->parent, f->nloops) ||
            lp->trip >= CC_TRIP__COUNT)
            r->bad = true;
    }
    f->loops = loops;
    f->nops = r_count(r, 12);
    cc_op *ops = cc_arena_alloc(r->a, (f->nops + 1) * sizeof(cc_op));
    for (uint32_t i = 0; i < f->nops && !r->bad; i++) {
        cc_op *op = &ops[i];
        op->kind = (uint8_t)r_u32(r);
        op->sub = (uint8_t)r_u32(r);
        op->flags = (uint16_t)r_u32(r);
        op->block = r_u32(r);
        op->loop = r_idx(r);
        op->a = r_idx(r);
        op->b = r_idx(r);
        op->name = r_str(r);
        op->ival = r_i(r);
        op->start = r_u32(r);
        op->end = op->start + r_u32(r);
        op->nargs = r_count(r, 1);
        if (op->nargs) {
            bool kw = r_u(r) != 0;
            uint32_t *args = cc_arena_alloc(r->a, op->nargs * sizeof(uint32_t));
            cc_str *kwn = kw ? cc_arena_alloc(r->a, op->nargs * sizeof(cc_str)) : NULL;
            for (uint32_t k = 0; k < op->nargs && !r->bad; k++) {
                args[k] = r_idx(r);
                if (kw)
                    kwn[k] = r_str(r);
                if (!ref_ok(args[k], f->nops))
                    r->bad = true;
            }
            op->args = args;
            op->kwnames = kwn;
        }
        if (op->kind >= CC_OP__COUNT || op->block >= f->nblocks || !ref_ok(op->a, f->nops) ||
            !ref_ok(op->b, f->nops) || !ref_ok(op->loop, f->nloops))
            r->bad = true;
    }
    for (uint32_t l = 0; l < f->nloops && !r->bad; l++)
        if (!ref_ok(loops[l].trip_op, f->nops))
            r->bad = true;
    for (uint32_t b = 0; b < f->nblocks && !r->bad; b++)
        if ((uint64_t)blocks[b].first_op + blocks[b].nops > f->nops ||
            !ref_ok(blocks[b].loop, f->nloops))
            r->bad = true;
    f->ops = ops;
}

cc_status cc_unit_deserialize(const uint8_t *buf, size_t len, cc_interner *in, cc_unit **out)
{
    *out = NULL;
    if (len < 4 || memcmp(buf, "CCU1", 4) != 0)
        return CC_ERR_PARSE;
    cc_arena *a = cc_arena_new();
    if (!a)
        return CC_ERR_NOMEM;
    rbuf r = {.p = buf + 4, .end = buf + len, .in = in, .a = a};
    cc_unit *u = cc_arena_alloc(a, sizeof(*u));
    u->arena = a;
    u->id = CC_NONE;
    u->lang = (cc_lang)r_u32(&r);
    const char *path = r_cstr(&r), *enc = r_cstr(&r);
    u->path = path ? path : "";
    u->encoding = enc ? enc : "utf-8";
    uint32_t tlen = r_count(&r, 1);
    if (!r.bad) {
        u->text = cc_arena_strndup(a, (const char *)r.p, tlen);
        u->len = tlen;
        r.p += tlen;
    }
    u->nlines = r_count(&r, 1);
    uint32_t *ls = cc_arena_alloc(a, (u->nlines + 1) * sizeof(uint32_t));
    uint64_t acc = 0;
    for (uint32_t i = 0; i < u->nlines && !r.bad; i++) {
        acc += r_u(&r);
        if (acc > u->len)
            r.bad = true;
        ls[i] = (uint32_t)acc;
    }
    u->line_starts = ls;
    u->nfuncs = r_count(&r, 10);
    cc_func *funcs = cc_arena_alloc(a, (u->nfuncs + 1) * sizeof(cc_func));
    for (uint32_t f = 0; f < u->nfuncs && !r.bad; f++) {
        r_func(&r, &funcs[f]);
        if (!ref_ok(funcs[f].parent, u->nfuncs))
            r.bad = true;
    }
    u->funcs = funcs;
    u->nclasses = r_count(&r, 8);
    cc_class *classes = u->nclasses ? cc_arena_alloc(a, u->nclasses * sizeof(cc_class)) : NULL;
    for (uint32_t c = 0; c < u->nclasses && !r.bad; c++) {
        cc_class *cl = &classes[c];
        cl->name = r_str(&r);
        cl->qualname = r_str(&r);
        cl->body = r_idx(&r);
        cl->outer = r_idx(&r);
        r_span(&r, &cl->span);
        cl->nbases = r_count(&r, 1);
        uint32_t *bases = cl->nbases ? cc_arena_alloc(a, cl->nbases * sizeof(uint32_t)) : NULL;
        for (uint32_t k = 0; k < cl->nbases; k++)
            bases[k] = r_idx(&r);
        cl->bases = bases;
        if (!ref_ok(cl->body, u->nfuncs) || !ref_ok(cl->outer, u->nfuncs))
            r.bad = true;
    }
    u->classes = classes;
    u->ndiags = r_count(&r, 8);
    cc_diag *diags = u->ndiags ? cc_arena_alloc(a, u->ndiags * sizeof(cc_diag)) : NULL;
    for (uint32_t d = 0; d < u->ndiags && !r.bad; d++) {
        cc_diag *dg = &diags[d];
        const char *code = r_cstr(&r);
        dg->code = code ? code : "CC000";
        dg->severity = (cc_severity)r_u32(&r);
        dg->unit = CC_NONE;
        r_span(&r, &dg->span);
        const char *msg = r_cstr(&r);
        dg->message = msg ? msg : "";
        dg->help = r_cstr(&r);
        if (dg->severity > CC_SEV_ERROR)
            r.bad = true;
    }
    u->diags = diags;
    free(r.strs);
    if (r.bad || r.p != r.end) {
        cc_arena_delete(a);
        return CC_ERR_PARSE;
    }
    cc_unit_index(u);
    *out = u;
    return CC_OK;
}
