/* helpers.h - shared helpers for the cmocka unit tests: parsing Python text into a unit and
 * finding functions, ops and edges in it. Everything here is static inline so a test file that
 * does not use a helper gets no unused-function warning. */
#ifndef CONCUR_TEST_HELPERS_H
#define CONCUR_TEST_HELPERS_H

/* cmocka needs these before its header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "concur/intern.h"
#include "concur/ir.h"
#include "frontend.h"

/* Parses src (len bytes) as Python with a fresh worker. The caller frees the unit. */
static inline cc_unit *t_parse_n(cc_interner *in, const char *path, const char *src, size_t len)
{
    void *w = cc_frontend_python.worker_new();
    assert_non_null(w);
    cc_unit *u = cc_frontend_python.parse(w, in, path, src, len);
    cc_frontend_python.worker_delete(w);
    assert_non_null(u);
    return u;
}

static inline cc_unit *t_parse(cc_interner *in, const char *src)
{
    return t_parse_n(in, "t.py", src, strlen(src));
}

static inline const char *t_text(const cc_interner *in, cc_str s)
{
    return cc_str_text(in, s);
}

/* The function whose qualname is `qualname`, or fails the test. */
static inline const cc_func *t_func(const cc_unit *u, const cc_interner *in, const char *qualname)
{
    for (uint32_t i = 0; i < u->nfuncs; i++)
        if (!strcmp(cc_str_text(in, u->funcs[i].qualname), qualname))
            return &u->funcs[i];
    fail_msg("no function with qualname `%s`", qualname);
    return NULL;
}

static inline uint32_t t_func_index(const cc_unit *u, const cc_func *f)
{
    return (uint32_t)(f - u->funcs);
}

/* The first op at index >= from of kind k (and name `name` unless NULL), or CC_NONE. */
static inline uint32_t t_find_op_from(const cc_func *f, const cc_interner *in, cc_op_kind k,
                                      const char *name, uint32_t from)
{
    for (uint32_t i = from; i < f->nops; i++) {
        if (f->ops[i].kind != k)
            continue;
        if (name && strcmp(cc_str_text(in, f->ops[i].name), name) != 0)
            continue;
        return i;
    }
    return CC_NONE;
}

static inline uint32_t t_find_op(const cc_func *f, const cc_interner *in, cc_op_kind k,
                                 const char *name)
{
    return t_find_op_from(f, in, k, name, 0);
}

/* Like t_find_op, but fails the test when there is none. */
static inline uint32_t t_need_op(const cc_func *f, const cc_interner *in, cc_op_kind k,
                                 const char *name)
{
    uint32_t o = t_find_op(f, in, k, name);
    if (o == CC_NONE)
        fail_msg("no %s op named `%s`", cc_op_kind_name(k), name ? name : "(any)");
    return o;
}

static inline uint32_t t_count_ops(const cc_func *f, cc_op_kind k)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < f->nops; i++)
        n += f->ops[i].kind == k;
    return n;
}

/* The CALL op whose callee is a load of the variable `callee` (a plain name), or CC_NONE. */
static inline uint32_t t_find_call(const cc_func *f, const cc_interner *in, const char *callee)
{
    for (uint32_t i = 0; i < f->nops; i++) {
        const cc_op *op = &f->ops[i];
        if (op->kind != CC_OP_CALL || op->a == CC_NONE)
            continue;
        const cc_op *ld = &f->ops[op->a];
        if (ld->kind != CC_OP_LOAD || ld->a == CC_NONE)
            continue;
        const cc_op *pl = &f->ops[ld->a];
        if ((pl->kind == CC_OP_NAME || pl->kind == CC_OP_FIELD) &&
            !strcmp(cc_str_text(in, pl->name), callee))
            return i;
    }
    return CC_NONE;
}

static inline uint32_t t_need_call(const cc_func *f, const cc_interner *in, const char *callee)
{
    uint32_t o = t_find_call(f, in, callee);
    if (o == CC_NONE)
        fail_msg("no call of `%s`", callee);
    return o;
}

static inline bool t_has_edge(const cc_func *f, uint32_t from, uint32_t to, cc_edge_kind k)
{
    const cc_block *b = &f->blocks[from];
    for (uint32_t i = 0; i < b->nsucc; i++)
        if (b->succ[i].to == to && b->succ[i].kind == k)
            return true;
    return false;
}

/* The target of the first edge of kind k out of block `from`, or CC_NONE. */
static inline uint32_t t_edge_to(const cc_func *f, uint32_t from, cc_edge_kind k)
{
    const cc_block *b = &f->blocks[from];
    for (uint32_t i = 0; i < b->nsucc; i++)
        if (b->succ[i].kind == k)
            return b->succ[i].to;
    return CC_NONE;
}

static inline uint32_t t_count_edges(const cc_func *f, cc_edge_kind k)
{
    uint32_t n = 0;
    for (uint32_t b = 0; b < f->nblocks; b++)
        for (uint32_t i = 0; i < f->blocks[b].nsucc; i++)
            n += f->blocks[b].succ[i].kind == k;
    return n;
}

/* Number of edges (of any kind) into block b. */
static inline uint32_t t_preds(const cc_func *f, uint32_t b)
{
    uint32_t n = 0;
    for (uint32_t x = 0; x < f->nblocks; x++)
        for (uint32_t i = 0; i < f->blocks[x].nsucc; i++)
            n += f->blocks[x].succ[i].to == b;
    return n;
}

/* Number of edges of kind k into block b. */
static inline uint32_t t_preds_kind(const cc_func *f, uint32_t b, cc_edge_kind k)
{
    uint32_t n = 0;
    for (uint32_t x = 0; x < f->nblocks; x++)
        for (uint32_t i = 0; i < f->blocks[x].nsucc; i++)
            n += f->blocks[x].succ[i].to == b && f->blocks[x].succ[i].kind == k;
    return n;
}

/* True when block `to` can be reached from block `from` along edges not of kind `skip`
 * (pass CC_EDGE__COUNT to follow every edge). */
static inline bool t_reaches(const cc_func *f, uint32_t from, uint32_t to, cc_edge_kind skip)
{
    size_t cap = 1;
    for (uint32_t b = 0; b < f->nblocks; b++)
        cap += f->blocks[b].nsucc;
    bool *seen = calloc(f->nblocks, sizeof(bool));
    uint32_t *stack = malloc(cap * sizeof(uint32_t));
    assert_non_null(seen);
    assert_non_null(stack);
    size_t sp = 0;
    bool found = false;
    stack[sp++] = from;
    while (sp) {
        uint32_t b = stack[--sp];
        if (b == to) {
            found = true;
            break;
        }
        if (seen[b])
            continue;
        seen[b] = true; /* each block pushes its successors once: sp never exceeds cap */
        for (uint32_t i = 0; i < f->blocks[b].nsucc; i++)
            if (f->blocks[b].succ[i].kind != skip)
                stack[sp++] = f->blocks[b].succ[i].to;
    }
    free(seen);
    free(stack);
    return found;
}

/* Checks the structural invariants every finished function must keep. */
static inline void t_check_func_invariants(const cc_func *f)
{
    assert_true(f->nblocks >= 2);
    uint32_t total = 0;
    for (uint32_t b = 0; b < f->nblocks; b++) {
        const cc_block *blk = &f->blocks[b];
        assert_true(blk->first_op + blk->nops <= f->nops);
        for (uint32_t o = blk->first_op; o < blk->first_op + blk->nops; o++)
            assert_int_equal(f->ops[o].block, b);
        for (uint32_t i = 0; i < blk->nsucc; i++)
            assert_true(blk->succ[i].to < f->nblocks);
        total += blk->nops;
    }
    assert_int_equal(total, f->nops);
    assert_int_equal(f->blocks[1].nsucc, 0); /* the exit has no successors */
}

#endif
