/* ir_build.c - building units; see ir.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "concur/ir.h"

typedef struct fbuild {
    cc_func f;           /* scalar fields; arrays below until frozen */
    cc_op *ops;
    uint32_t nops, capops;
    uint32_t *op_args_pool_dummy;
    cc_block *blocks;
    uint32_t nblocks, capblocks;
    /* Edges of all blocks in one array; each block chains its own in insertion order. */
    struct bedge {
        cc_edge e;
        uint32_t next;   /* next edge of the same block, or CC_NONE */
    } *edges;
    uint32_t nedges, capedges;
    uint32_t *ehead, *etail, *nsucc; /* per block */
    uint32_t *block_closed; /* 1 when the block has ended */
    cc_loop *loops;
    uint32_t nloops, caploops;
    uint32_t *loopstack;
    uint32_t nloopstack, caploopstack;
    cc_str *params;
    uint32_t nparams, capparams;
    cc_str *globals, *nonlocals;
    uint32_t nglobals, capglobals, nnonlocals, capnonlocals;
    uint32_t cur;        /* current block */
    uint32_t index;      /* index in the unit */
} fbuild;

struct cc_builder {
    cc_interner *in;
    cc_unit *unit;
    cc_arena *arena;
    fbuild **funcs;      /* by index */
    uint32_t nfuncs, capfuncs;
    uint32_t *stack;     /* nesting of functions being built */
    uint32_t nstack, capstack;
    cc_class *classes;
    uint32_t nclasses, capclasses;
    cc_diag *diags;
    uint32_t ndiags, capdiags;
    uint32_t *line_starts;
    uint32_t nlines, caplines;
    uint8_t *line_ascii;     /* 1 when a line has only ASCII bytes: columns are byte offsets */
    /* position cache: the last offset converted, for forward scans on one line */
    uint32_t pc_off, pc_line, pc_col;
};

static const char *const op_names[] = {
#define CC_OP(n, t) t,
#include "concur/ir_kinds.def"
};
static const char *const sem_names[] = {
#define CC_SEM(n, t) t,
#include "concur/ir_kinds.def"
};
static const char *const edge_names[] = {
#define CC_EDGE(n, t) t,
#include "concur/ir_kinds.def"
};
static const char *const trip_names[] = {
#define CC_TRIP(n, t) t,
#include "concur/ir_kinds.def"
};
static const char *const store_names[] = {
#define CC_STORE(n, t) t,
#include "concur/ir_kinds.def"
};
static const char *const alloc_names[] = {
#define CC_ALLOC(n, t) t,
#include "concur/ir_kinds.def"
};
static const char *const scope_names[] = {
#define CC_SCOPE(n, t) t,
#include "concur/ir_kinds.def"
};
static const char *const const_names[] = {
#define CC_CONST(n, t) t,
#include "concur/ir_kinds.def"
};
static const char *const index_names[] = {
#define CC_INDEX(n, t) t,
#include "concur/ir_kinds.def"
};

#define NAME_FN(fn, type, table, count)                                                      \
    const char *fn(type k) { return (unsigned)k < (count) ? table[k] : "?"; }
NAME_FN(cc_op_kind_name, cc_op_kind, op_names, CC_OP__COUNT)
NAME_FN(cc_sem_kind_name, cc_sem_kind, sem_names, CC_SEM__COUNT)
NAME_FN(cc_edge_kind_name, cc_edge_kind, edge_names, CC_EDGE__COUNT)
NAME_FN(cc_trip_kind_name, cc_trip_kind, trip_names, CC_TRIP__COUNT)
NAME_FN(cc_store_kind_name, cc_store_kind, store_names, CC_STORE__COUNT)
NAME_FN(cc_alloc_kind_name, cc_alloc_kind, alloc_names, CC_ALLOC__COUNT)
NAME_FN(cc_scope_name, cc_scope, scope_names, CC_SCOPE__COUNT)
NAME_FN(cc_const_kind_name, cc_const_kind, const_names, CC_CONST__COUNT)
NAME_FN(cc_index_kind_name, cc_index_kind, index_names, CC_INDEX__COUNT)

const char *cc_severity_name(cc_severity s)
{
    switch (s) {
    case CC_SEV_NOTE: return "note";
    case CC_SEV_WARNING: return "warning";
    case CC_SEV_ERROR: return "error";
    }
    return "?";
}

/* ---- positions ----------------------------------------------------------------------------- */

static uint32_t line_of(const uint32_t *starts, uint32_t nlines, uint32_t off)
{
    uint32_t lo = 0, hi = nlines; /* find last start <= off */
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static uint32_t count_cps(const char *s, uint32_t from, uint32_t to)
{
    uint32_t n = 0;
    for (uint32_t i = from; i < to; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

void cc_unit_position(const cc_unit *self, uint32_t offset, uint32_t *line, uint32_t *col)
{
    if (offset > self->len)
        offset = self->len;
    if (self->nlines == 0) {
        *line = 1;
        *col = 1;
        return;
    }
    uint32_t l = line_of(self->line_starts, self->nlines, offset);
    *line = l + 1;
    *col = count_cps(self->text, self->line_starts[l], offset) + 1;
}

cc_span cc_op_span(const cc_unit *self, const cc_op *op)
{
    cc_span s = {.start = op->start, .end = op->end};
    cc_unit_position(self, op->start, &s.line, &s.col);
    cc_unit_position(self, op->end, &s.end_line, &s.end_col);
    return s;
}

const char *cc_unit_line(const cc_unit *self, uint32_t line, uint32_t *len)
{
    if (line == 0 || line > self->nlines) {
        *len = 0;
        return "";
    }
    uint32_t s = self->line_starts[line - 1];
    uint32_t e = line < self->nlines ? self->line_starts[line] : self->len;
    while (e > s && (self->text[e - 1] == '\n' || self->text[e - 1] == '\r'))
        e--;
    *len = e - s;
    return self->text + s;
}

static void position(cc_builder *b, uint32_t off, uint32_t *line, uint32_t *col)
{
    const cc_unit *u = b->unit;
    if (off > u->len)
        off = u->len;
    if (b->nlines == 0) {
        *line = 1;
        *col = 1;
        return;
    }
    uint32_t l;
    /* Consecutive ops are mostly on the line of the previous one. */
    uint32_t pl = b->pc_line ? b->pc_line - 1 : 0;
    if (b->pc_line && b->line_starts[pl] <= off && (pl + 1 >= b->nlines || off < b->line_starts[pl + 1]))
        l = pl;
    else
        l = line_of(b->line_starts, b->nlines, off);
    if (b->line_ascii[l]) {
        b->pc_line = l + 1;
        b->pc_off = off;
        b->pc_col = off - b->line_starts[l] + 1;
        *line = l + 1;
        *col = off - b->line_starts[l] + 1;
        return;
    }
    /* Forward scans on one long line stay linear overall. */
    if (b->pc_line == l + 1 && b->pc_off <= off) {
        *col = b->pc_col + count_cps(u->text, b->pc_off, off);
    } else {
        *col = count_cps(u->text, b->line_starts[l], off) + 1;
    }
    *line = l + 1;
    b->pc_off = off;
    b->pc_line = *line;
    b->pc_col = *col;
}

static cc_span make_span(cc_builder *b, uint32_t start, uint32_t end)
{
    cc_span s = {.start = start, .end = end};
    position(b, start, &s.line, &s.col);
    position(b, end, &s.end_line, &s.end_col);
    return s;
}

/* ---- builder ------------------------------------------------------------------------------- */

cc_builder *cc_builder_new(cc_interner *in, cc_lang lang, const char *path, const char *text,
                           uint32_t len, const char *encoding)
{
    cc_builder *b = calloc(1, sizeof(*b));
    if (!b)
        return NULL;
    b->in = in;
    b->arena = cc_arena_new();
    if (!b->arena) {
        free(b);
        return NULL;
    }
    cc_unit *u = cc_arena_alloc(b->arena, sizeof(*u));
    u->arena = b->arena;
    u->lang = lang;
    u->id = CC_NONE;
    u->path = cc_arena_strndup(b->arena, path, strlen(path));
    u->text = cc_arena_strndup(b->arena, text ? text : "", len);
    u->len = len;
    u->encoding = cc_arena_strndup(b->arena, encoding, strlen(encoding));
    b->unit = u;
    CC_VEC_PUSH(b->line_starts, b->nlines, b->caplines, 0);
    uint8_t *ascii = NULL;
    uint32_t nascii = 0, capascii = 0;
    uint8_t cur_ascii = 1;
    const char *t = u->text;
    uint32_t i = 0;
    const char *next_nl = NULL; /* the next '\n' at or after i, once searched */
    while (i < len) {
        if (!next_nl || next_nl < t + i)
            next_nl = memchr(t + i, '\n', len - i);
        uint32_t e = next_nl ? (uint32_t)(next_nl - t) : len;
        /* A lone \r also ends a line (old Mac files); \r\n is one line end. */
        const char *cr = memchr(t + i, '\r', e - i);
        bool ends = next_nl != NULL;
        if (cr && cr + 1 < t + e) {
            e = (uint32_t)(cr - t);
            ends = true;
        }
        for (uint32_t k = i; k < e && cur_ascii; k++)
            cur_ascii &= (unsigned char)t[k] < 0x80;
        if (!ends)
            break;
        CC_VEC_PUSH(ascii, nascii, capascii, cur_ascii);
        cur_ascii = 1;
        CC_VEC_PUSH(b->line_starts, b->nlines, b->caplines, e + 1);
        i = e + 1;
    }
    CC_VEC_PUSH(ascii, nascii, capascii, cur_ascii);
    /* A final newline does not start a line of its own. */
    if (b->nlines > 1 && b->line_starts[b->nlines - 1] == len)
        b->nlines--;
    b->line_ascii = ascii;
    u->line_starts = b->line_starts;
    u->nlines = b->nlines;
    return b;
}

const char *cc_builder_text(const cc_builder *self, uint32_t *len)
{
    *len = self->unit->len;
    return self->unit->text;
}

cc_interner *cc_builder_interner(cc_builder *self)
{
    return self->in;
}

void cc_builder_diag(cc_builder *self, cc_severity sev, uint32_t start, uint32_t end,
                     const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[1024];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    cc_diag d = {.code = "CC000", .severity = sev, .unit = CC_NONE,
                 .span = make_span(self, start, end)};
    d.message = cc_arena_strndup(self->arena, buf, strlen(buf));
    CC_VEC_PUSH(self->diags, self->ndiags, self->capdiags, d);
}

static fbuild *cur(const cc_builder *self)
{
    return self->funcs[self->stack[self->nstack - 1]];
}

static uint32_t block_new(fbuild *f)
{
    cc_block blk = {.loop = CC_NONE, .handler_of = CC_NONE};
    uint32_t id = f->nblocks;
    uint32_t cap = f->capblocks;
    CC_VEC_PUSH(f->blocks, f->nblocks, f->capblocks, blk);
    if (f->capblocks != cap || !f->ehead) {
        f->ehead = cc_xrealloc(f->ehead, f->capblocks * sizeof(uint32_t));
        f->etail = cc_xrealloc(f->etail, f->capblocks * sizeof(uint32_t));
        f->nsucc = cc_xrealloc(f->nsucc, f->capblocks * sizeof(uint32_t));
        f->block_closed = cc_xrealloc(f->block_closed, f->capblocks * sizeof(uint32_t));
    }
    f->ehead[id] = f->etail[id] = CC_NONE;
    f->nsucc[id] = 0;
    f->block_closed[id] = 0;
    return id;
}

uint32_t cc_builder_func_begin(cc_builder *self, cc_func_kind kind, cc_str name, cc_str qualname,
                               uint32_t class_idx, uint16_t flags, uint32_t start, uint32_t end)
{
    fbuild *f = cc_xcalloc(1, sizeof(*f));
    f->f.kind = (uint8_t)kind;
    f->f.name = name;
    f->f.qualname = qualname;
    f->f.class_idx = class_idx;
    f->f.flags = flags;
    f->f.parent = self->nstack ? self->stack[self->nstack - 1] : CC_NONE;
    f->f.span = make_span(self, start, end);
    f->index = self->nfuncs;
    block_new(f); /* entry */
    block_new(f); /* exit */
    f->block_closed[1] = 1;
    f->cur = 0;
    CC_VEC_PUSH(self->funcs, self->nfuncs, self->capfuncs, f);
    CC_VEC_PUSH(self->stack, self->nstack, self->capstack, f->index);
    return f->index;
}

void cc_builder_func_param(cc_builder *self, cc_str name)
{
    fbuild *f = cur(self);
    CC_VEC_PUSH(f->params, f->nparams, f->capparams, name);
}

void cc_builder_func_global(cc_builder *self, cc_str name, bool nonlocal)
{
    fbuild *f = cur(self);
    if (nonlocal)
        CC_VEC_PUSH(f->nonlocals, f->nnonlocals, f->capnonlocals, name);
    else
        CC_VEC_PUSH(f->globals, f->nglobals, f->capglobals, name);
}

void cc_builder_func_set_flags(cc_builder *self, uint16_t flags)
{
    cur(self)->f.flags |= flags;
}

static void add_edge(fbuild *f, uint32_t from, uint32_t to, cc_edge_kind kind)
{
    for (uint32_t i = f->ehead[from]; i != CC_NONE; i = f->edges[i].next)
        if (f->edges[i].e.to == to && f->edges[i].e.kind == kind)
            return;
    struct bedge be = {.e = {.to = to, .kind = (uint8_t)kind}, .next = CC_NONE};
    uint32_t idx = f->nedges;
    CC_VEC_PUSH(f->edges, f->nedges, f->capedges, be);
    if (f->etail[from] == CC_NONE)
        f->ehead[from] = idx;
    else
        f->edges[f->etail[from]].next = idx;
    f->etail[from] = idx;
    f->nsucc[from]++;
}

void cc_builder_func_end(cc_builder *self)
{
    fbuild *f = cur(self);
    if (!f->block_closed[f->cur]) {
        add_edge(f, f->cur, 1, CC_EDGE_RETURN);
        f->block_closed[f->cur] = 1;
    }
    self->nstack--;
}

uint32_t cc_builder_func_current(const cc_builder *self)
{
    return self->stack[self->nstack - 1];
}

uint32_t cc_builder_class(cc_builder *self, cc_str name, cc_str qualname, const uint32_t *bases,
                          uint32_t nbases, uint32_t start, uint32_t end)
{
    cc_class c = {.name = name, .qualname = qualname, .body = CC_NONE, .nbases = nbases,
                  .outer = self->nstack ? self->stack[self->nstack - 1] : CC_NONE,
                  .span = make_span(self, start, end)};
    c.bases = nbases ? cc_arena_dup(self->arena, bases, nbases * sizeof(uint32_t)) : NULL;
    uint32_t id = self->nclasses;
    CC_VEC_PUSH(self->classes, self->nclasses, self->capclasses, c);
    return id;
}

void cc_builder_class_body(cc_builder *self, uint32_t cls, uint32_t body)
{
    self->classes[cls].body = body;
}

uint32_t cc_builder_block_count(const cc_builder *self)
{
    return cur(self)->nblocks;
}

uint32_t cc_builder_block_new(cc_builder *self)
{
    return block_new(cur(self));
}

void cc_builder_block_set(cc_builder *self, uint32_t block)
{
    cur(self)->cur = block;
}

uint32_t cc_builder_block_current(const cc_builder *self)
{
    return cur(self)->cur;
}

bool cc_builder_block_closed(const cc_builder *self)
{
    fbuild *f = cur(self);
    return f->block_closed[f->cur] != 0;
}

void cc_builder_edge(cc_builder *self, uint32_t from, uint32_t to, cc_edge_kind kind)
{
    add_edge(cur(self), from, to, kind);
}

void cc_builder_jump(cc_builder *self, uint32_t to, cc_edge_kind kind)
{
    fbuild *f = cur(self);
    if (f->block_closed[f->cur])
        return;
    add_edge(f, f->cur, to, kind);
    f->block_closed[f->cur] = 1;
}

void cc_builder_set_handler_of(cc_builder *self, uint32_t block, uint32_t try_block)
{
    cur(self)->blocks[block].handler_of = try_block;
}

uint32_t cc_builder_loop_begin(cc_builder *self, uint32_t header, uint32_t start, uint32_t end)
{
    fbuild *f = cur(self);
    cc_loop l = {.header = header, .trip = CC_TRIP_UNKNOWN, .trip_param = CC_NONE,
                 .trip_op = CC_NONE, .span = make_span(self, start, end)};
    l.parent = f->nloopstack ? f->loopstack[f->nloopstack - 1] : CC_NONE;
    uint32_t id = f->nloops;
    CC_VEC_PUSH(f->loops, f->nloops, f->caploops, l);
    CC_VEC_PUSH(f->loopstack, f->nloopstack, f->caploopstack, id);
    f->blocks[header].loop = id;
    return id;
}

void cc_builder_loop_trip(cc_builder *self, uint32_t loop, cc_trip_kind trip, int64_t trip_const,
                          uint32_t trip_param, uint32_t trip_op, cc_str var)
{
    cc_loop *l = &cur(self)->loops[loop];
    l->trip = (uint8_t)trip;
    l->trip_const = trip_const;
    l->trip_param = trip_param;
    l->trip_op = trip_op;
    l->var = var;
}

void cc_builder_loop_end(cc_builder *self)
{
    fbuild *f = cur(self);
    if (f->nloopstack)
        f->nloopstack--;
}

static uint32_t emit(cc_builder *self, cc_op *op, uint32_t start, uint32_t end)
{
    fbuild *f = cur(self);
    if (f->block_closed[f->cur]) {
        /* Code after return/raise/break: unreachable, but still modelled. */
        f->cur = block_new(f);
    }
    op->block = f->cur;
    op->loop = f->nloopstack ? f->loopstack[f->nloopstack - 1] : CC_NONE;
    op->start = start;
    op->end = end;
    uint32_t id = f->nops;
    CC_VEC_PUSH(f->ops, f->nops, f->capops, *op);
    return id;
}

uint32_t cc_builder_op(cc_builder *self, cc_op_kind kind, uint8_t sub, uint32_t a, uint32_t b,
                       cc_str name, int64_t ival, uint32_t start, uint32_t end)
{
    cc_op op = {.kind = (uint8_t)kind, .sub = sub, .a = a, .b = b, .name = name, .ival = ival};
    return emit(self, &op, start, end);
}

uint32_t cc_builder_call(cc_builder *self, cc_op_kind kind, uint8_t sub, uint32_t callee,
                         const uint32_t *args, const cc_str *kwnames, uint32_t nargs,
                         uint16_t flags, uint32_t start, uint32_t end)
{
    cc_op op = {.kind = (uint8_t)kind, .sub = sub, .a = callee, .b = CC_NONE, .flags = flags,
                .nargs = nargs};
    if (nargs) {
        op.args = cc_arena_dup(self->arena, args, nargs * sizeof(uint32_t));
        if (kwnames)
            op.kwnames = cc_arena_dup(self->arena, kwnames, nargs * sizeof(cc_str));
    }
    return emit(self, &op, start, end);
}

void cc_builder_op_flags(cc_builder *self, uint32_t op, uint16_t flags)
{
    cur(self)->ops[op].flags |= flags;
}

uint32_t cc_builder_func_count(const cc_builder *self)
{
    return self->nfuncs;
}

cc_op *cc_builder_func_ops(cc_builder *self, uint32_t func, uint32_t *nops)
{
    *nops = self->funcs[func]->nops;
    return self->funcs[func]->ops;
}

const cc_func *cc_builder_func_info(cc_builder *self, uint32_t func)
{
    fbuild *f = self->funcs[func];
    f->f.params = f->params;
    f->f.nparams = f->nparams;
    f->f.globals = f->globals;
    f->f.nglobals = f->nglobals;
    f->f.nonlocals = f->nonlocals;
    f->f.nnonlocals = f->nnonlocals;
    return &f->f;
}

void cc_builder_op_name(cc_builder *self, uint32_t op, cc_str name)
{
    cur(self)->ops[op].name = name;
}

const cc_op *cc_builder_op_get(const cc_builder *self, uint32_t op)
{
    return &cur(self)->ops[op];
}

/* Orders ops by block (stable), so each block's ops are contiguous, and renumbers operands.
 * Returns the renumbering (old index -> new), which the caller frees. */
static uint32_t *freeze_func(cc_builder *self, fbuild *f, cc_func *out)
{
    cc_arena *a = self->arena;
    *out = f->f;
    uint32_t *count = cc_xcalloc(f->nblocks + 1, sizeof(uint32_t));
    for (uint32_t i = 0; i < f->nops; i++)
        count[f->ops[i].block + 1]++;
    for (uint32_t b = 0; b < f->nblocks; b++)
        count[b + 1] += count[b];
    uint32_t *newidx = cc_xmalloc((f->nops + 1) * sizeof(uint32_t));
    uint32_t *fill = cc_xcalloc(f->nblocks + 1, sizeof(uint32_t));
    for (uint32_t i = 0; i < f->nops; i++) {
        uint32_t blk = f->ops[i].block;
        newidx[i] = count[blk] + fill[blk]++;
    }
    cc_op *ops = cc_arena_alloc_raw(a, (f->nops + 1) * sizeof(cc_op));
#define REMAP(x) ((x) == CC_NONE || (x) >= f->nops ? (x) : newidx[(x)])
    for (uint32_t i = 0; i < f->nops; i++) {
        cc_op op = f->ops[i];
        op.a = REMAP(op.a);
        op.b = REMAP(op.b);
        if (op.nargs) {
            uint32_t *args = (uint32_t *)op.args; /* arena memory owned by this unit */
            for (uint32_t k = 0; k < op.nargs; k++)
                args[k] = REMAP(args[k]);
        }
        ops[newidx[i]] = op;
    }
    cc_block *blocks = cc_arena_alloc_raw(a, f->nblocks * sizeof(cc_block));
    for (uint32_t b = 0; b < f->nblocks; b++) {
        blocks[b] = f->blocks[b];
        blocks[b].first_op = count[b];
        blocks[b].nops = count[b + 1] - count[b];
        blocks[b].nsucc = f->nsucc[b];
        blocks[b].succ = NULL;
        if (f->nsucc[b]) {
            cc_edge *succ = cc_arena_alloc(a, f->nsucc[b] * sizeof(cc_edge));
            uint32_t k = 0;
            for (uint32_t i = f->ehead[b]; i != CC_NONE; i = f->edges[i].next)
                succ[k++] = f->edges[i].e;
            blocks[b].succ = succ;
        }
    }
    cc_loop *loops = f->nloops ? cc_arena_dup(a, f->loops, f->nloops * sizeof(cc_loop)) : NULL;
    for (uint32_t l = 0; l < f->nloops; l++)
        loops[l].trip_op = REMAP(loops[l].trip_op);
#undef REMAP
    out->ops = ops;
    out->nops = f->nops;
    out->blocks = blocks;
    out->nblocks = f->nblocks;
    out->loops = loops;
    out->nloops = f->nloops;
    out->params = f->nparams ? cc_arena_dup(a, f->params, f->nparams * sizeof(cc_str)) : NULL;
    out->nparams = f->nparams;
    out->globals = f->nglobals ? cc_arena_dup(a, f->globals, f->nglobals * sizeof(cc_str)) : NULL;
    out->nglobals = f->nglobals;
    out->nonlocals =
        f->nnonlocals ? cc_arena_dup(a, f->nonlocals, f->nnonlocals * sizeof(cc_str)) : NULL;
    out->nnonlocals = f->nnonlocals;
    free(count);
    free(fill);
    return newidx;
}

static void fbuild_free(fbuild *f)
{
    free(f->ops);
    free(f->blocks);
    free(f->edges);
    free(f->ehead);
    free(f->etail);
    free(f->nsucc);
    free(f->block_closed);
    free(f->loops);
    free(f->loopstack);
    free(f->params);
    free(f->globals);
    free(f->nonlocals);
    free(f);
}

cc_unit *cc_builder_finish(cc_builder *self)
{
    cc_unit *u = self->unit;
    cc_func *funcs = cc_arena_alloc(self->arena, (self->nfuncs + 1) * sizeof(cc_func));
    uint32_t **renumber = cc_xcalloc(self->nfuncs + 1, sizeof(uint32_t *));
    for (uint32_t i = 0; i < self->nfuncs; i++)
        renumber[i] = freeze_func(self, self->funcs[i], &funcs[i]);
    /* Class bases are ops of the function that runs the class statement. */
    for (uint32_t c = 0; c < self->nclasses; c++) {
        cc_class *cl = &self->classes[c];
        if (cl->outer == CC_NONE || cl->outer >= self->nfuncs)
            continue;
        uint32_t *bases = (uint32_t *)cl->bases; /* arena memory owned by this unit */
        for (uint32_t k = 0; k < cl->nbases; k++)
            if (bases[k] < self->funcs[cl->outer]->nops)
                bases[k] = renumber[cl->outer][bases[k]];
    }
    for (uint32_t i = 0; i < self->nfuncs; i++) {
        free(renumber[i]);
        fbuild_free(self->funcs[i]);
    }
    free(renumber);
    u->funcs = funcs;
    u->nfuncs = self->nfuncs;
    u->classes = self->nclasses ? cc_arena_dup(self->arena, self->classes,
                                               self->nclasses * sizeof(cc_class))
                                : NULL;
    u->nclasses = self->nclasses;
    u->diags = self->ndiags ? cc_arena_dup(self->arena, self->diags, self->ndiags * sizeof(cc_diag))
                            : NULL;
    u->ndiags = self->ndiags;
    u->line_starts = cc_arena_dup(self->arena, self->line_starts, self->nlines * sizeof(uint32_t));
    free(self->line_starts);
    free(self->line_ascii);
    free(self->funcs);
    free(self->stack);
    free(self->classes);
    free(self->diags);
    free(self);
    cc_unit_index(u);
    return u;
}

void cc_unit_index(cc_unit *self)
{
    uint32_t n = 0;
    for (uint32_t f = 0; f < self->nfuncs; f++)
        for (uint32_t o = 0; o < self->funcs[f].nops; o++)
            n += self->funcs[f].ops[o].kind == CC_OP_IMPORT;
    cc_op_ref *refs = n ? cc_arena_alloc(self->arena, n * sizeof(cc_op_ref)) : NULL;
    n = 0;
    for (uint32_t f = 0; f < self->nfuncs; f++)
        for (uint32_t o = 0; o < self->funcs[f].nops; o++)
            if (self->funcs[f].ops[o].kind == CC_OP_IMPORT)
                refs[n++] = (cc_op_ref){f, o};
    self->imports = refs;
    self->nimports = n;
}

void cc_builder_delete(cc_builder *self)
{
    if (!self)
        return;
    for (uint32_t i = 0; i < self->nfuncs; i++)
        fbuild_free(self->funcs[i]);
    free(self->line_starts);
    free(self->line_ascii);
    free(self->funcs);
    free(self->stack);
    free(self->classes);
    free(self->diags);
    cc_arena_delete(self->arena);
    free(self);
}

void cc_unit_delete(cc_unit *self)
{
    if (self)
        cc_arena_delete(self->arena);
}
