/* test_python_cfg.c - the CFGs, ops and per-file problems the Python front end produces
 * (frontends/python/python_frontend.c, decode.c). Function 0 is the module; block 0 is a
 * function's entry and block 1 its exit. */
#include "helpers.h"

#include "concur/ir.h"

typedef struct fixture {
    cc_interner *in;
    cc_unit *u;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof(*fx));
    fx->in = cc_interner_new();
    *state = fx;
    return fx->in ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    cc_unit_delete(fx->u);
    cc_interner_delete(fx->in);
    free(fx);
    return 0;
}

/* Parses src into the fixture (freed by teardown) and checks the invariants of every function. */
static const cc_unit *parse(fixture *fx, const char *src)
{
    cc_unit_delete(fx->u);
    fx->u = t_parse(fx->in, src);
    for (uint32_t i = 0; i < fx->u->nfuncs; i++)
        t_check_func_invariants(&fx->u->funcs[i]);
    return fx->u;
}

static const cc_unit *parse_n(fixture *fx, const char *src, size_t len)
{
    cc_unit_delete(fx->u);
    fx->u = t_parse_n(fx->in, "t.py", src, len);
    return fx->u;
}

static const cc_func *func(fixture *fx, const char *qualname)
{
    return t_func(fx->u, fx->in, qualname);
}

/* The block holding the call of `callee` in f. */
static uint32_t call_block(fixture *fx, const cc_func *f, const char *callee)
{
    return f->ops[t_need_call(f, fx->in, callee)].block;
}

/* The scope (sub) of the first NAME op for `name` in f. */
static int scope_of(fixture *fx, const cc_func *f, const char *name)
{
    return f->ops[t_need_op(f, fx->in, CC_OP_NAME, name)].sub;
}

/* The block holding the first op of kind k in f. */
static uint32_t block_of_kind(fixture *fx, const cc_func *f, cc_op_kind k)
{
    return f->ops[t_need_op(f, fx->in, k, NULL)].block;
}

/* ---- loops ------------------------------------------------------------------------------- */

static void test_for_loop(void **state)
{
    fixture *fx = *state;
    parse(fx, "def f(xs):\n"
              "    total = 0\n"
              "    for item in xs:\n"
              "        total += item\n"
              "    return total\n");
    const cc_func *f = func(fx, "f");
    assert_int_equal(f->nloops, 1);
    const cc_loop *L = &f->loops[0];
    assert_int_equal(L->trip, CC_TRIP_COLLECTION);
    assert_string_equal(t_text(fx->in, L->var), "item");
    assert_int_equal(L->parent, CC_NONE);
    assert_int_equal(L->span.line, 3);
    /* The trip op is the iterated value: the load of xs. */
    assert_true(L->trip_op < f->nops);
    const cc_op *coll = &f->ops[L->trip_op];
    assert_int_equal(coll->kind, CC_OP_LOAD);
    assert_string_equal(t_text(fx->in, f->ops[coll->a].name), "xs");
    uint32_t it = t_need_op(f, fx->in, CC_OP_ITER, NULL);
    assert_int_equal(f->ops[it].a, L->trip_op);

    uint32_t h = L->header;
    assert_int_equal(f->blocks[h].loop, 0);
    uint32_t next = t_need_op(f, fx->in, CC_OP_NEXT, NULL);
    assert_int_equal(f->ops[next].block, h);
    assert_int_equal(f->ops[next].a, it);
    uint32_t body = t_edge_to(f, h, CC_EDGE_LOOP_BODY);
    uint32_t exit = t_edge_to(f, h, CC_EDGE_LOOP_EXIT);
    assert_int_not_equal(body, CC_NONE);
    assert_int_not_equal(exit, CC_NONE);
    assert_int_not_equal(body, exit);
    assert_int_equal(t_preds_kind(f, h, CC_EDGE_BACK), 1);
    /* The body's RMW store is inside the loop; the return after it is not. */
    uint32_t st = CC_NONE;
    for (uint32_t i = 0; i < f->nops; i++)
        if (f->ops[i].kind == CC_OP_STORE && f->ops[i].sub == CC_STORE_RMW)
            st = i;
    assert_int_not_equal(st, CC_NONE);
    assert_int_equal(f->ops[st].loop, 0);
    uint32_t ret = t_need_op(f, fx->in, CC_OP_RETURN, NULL);
    assert_int_equal(f->ops[ret].loop, CC_NONE);
    assert_int_equal(f->ops[ret].block, exit);
    assert_true(t_has_edge(f, exit, 1, CC_EDGE_RETURN));
    /* A tuple target has no single loop variable. */
    parse(fx, "for k, v in d.items():\n    pass\n");
    assert_int_equal(fx->u->funcs[0].nloops, 1);
    assert_int_equal(fx->u->funcs[0].loops[0].var, CC_STR_NONE);
}

static void test_while_true_loop(void **state)
{
    fixture *fx = *state;
    parse(fx, "def f():\n"
              "    while True:\n"
              "        work()\n"
              "def g():\n"
              "    while 1:\n"
              "        work()\n"
              "def h(n):\n"
              "    while n > 0:\n"
              "        n -= 1\n");
    const cc_func *f = func(fx, "f");
    assert_int_equal(f->nloops, 1);
    assert_int_equal(f->loops[0].trip, CC_TRIP_INFINITE);
    uint32_t hdr = f->loops[0].header;
    assert_int_equal(t_preds_kind(f, hdr, CC_EDGE_BACK), 1);
    assert_true(t_reaches(f, hdr, call_block(fx, f, "work"), CC_EDGE__COUNT));
    /* Nothing leaves `while True` but a break: the exit is unreachable. */
    assert_false(t_reaches(f, 0, 1, CC_EDGE__COUNT));
    assert_int_equal(func(fx, "g")->loops[0].trip, CC_TRIP_INFINITE);
    const cc_func *h = func(fx, "h");
    assert_int_equal(h->loops[0].trip, CC_TRIP_UNKNOWN);
    assert_true(t_reaches(h, 0, 1, CC_EDGE__COUNT));
}

static void test_while_break_continue(void **state)
{
    fixture *fx = *state;
    parse(fx, "def f(n):\n"
              "    while n > 0:\n"
              "        if n == 5:\n"
              "            break\n"
              "        if n == 3:\n"
              "            continue\n"
              "        n -= 1\n"
              "    done()\n");
    const cc_func *f = func(fx, "f");
    assert_int_equal(f->nloops, 1);
    uint32_t hdr = f->loops[0].header;
    uint32_t done = call_block(fx, f, "done");
    /* The condition is evaluated in the header; TRUE enters the body, LOOP_EXIT leaves. */
    uint32_t br = block_of_kind(fx, f, CC_OP_BRANCH);
    assert_int_equal(br, hdr);
    assert_int_not_equal(t_edge_to(f, hdr, CC_EDGE_TRUE), CC_NONE);
    assert_int_equal(t_edge_to(f, hdr, CC_EDGE_LOOP_EXIT), done);
    assert_int_equal(t_count_edges(f, CC_EDGE_BREAK), 1);
    assert_int_equal(t_preds_kind(f, done, CC_EDGE_BREAK), 1);
    assert_int_equal(t_count_edges(f, CC_EDGE_CONTINUE), 1);
    assert_int_equal(t_preds_kind(f, hdr, CC_EDGE_CONTINUE), 1);
    assert_int_equal(t_preds_kind(f, hdr, CC_EDGE_BACK), 1);
    /* The break and the continue leave blocks that the n == 5 / n == 3 branches enter. */
    for (uint32_t b = 0; b < f->nblocks; b++)
        for (uint32_t i = 0; i < f->blocks[b].nsucc; i++)
            if (f->blocks[b].succ[i].kind == CC_EDGE_BREAK ||
                f->blocks[b].succ[i].kind == CC_EDGE_CONTINUE)
                assert_int_equal(t_preds_kind(f, b, CC_EDGE_TRUE), 1);
    assert_true(t_has_edge(f, done, 1, CC_EDGE_RETURN));
}

/* ---- branches ---------------------------------------------------------------------------- */

static void test_if_elif_else(void **state)
{
    fixture *fx = *state;
    parse(fx, "if a:\n"
              "    f()\n"
              "elif b:\n"
              "    g()\n"
              "else:\n"
              "    h()\n"
              "k()\n");
    const cc_func *m = &fx->u->funcs[0];
    uint32_t bf = call_block(fx, m, "f"), bg = call_block(fx, m, "g"), bh = call_block(fx, m, "h");
    uint32_t bk = call_block(fx, m, "k");
    uint32_t br1 = t_need_op(m, fx->in, CC_OP_BRANCH, NULL);
    uint32_t br2 = t_find_op_from(m, fx->in, CC_OP_BRANCH, NULL, br1 + 1);
    assert_int_not_equal(br2, CC_NONE);
    if (m->ops[br2].block == 0) { /* whichever comes first in the array, br1 is `if a` */
        uint32_t t = br1;
        br1 = br2;
        br2 = t;
    }
    assert_int_equal(m->ops[br1].block, 0);
    assert_int_equal(m->ops[br1].sub, 0);
    /* The branch's operand is the condition's value. */
    const cc_op *cond = &m->ops[m->ops[br1].a];
    assert_int_equal(cond->kind, CC_OP_LOAD);
    assert_string_equal(t_text(fx->in, m->ops[cond->a].name), "a");
    assert_int_equal(t_edge_to(m, 0, CC_EDGE_TRUE), bf);
    uint32_t elif = t_edge_to(m, 0, CC_EDGE_FALSE);
    assert_int_equal(m->ops[br2].block, elif);
    assert_int_equal(t_edge_to(m, elif, CC_EDGE_TRUE), bg);
    assert_int_equal(t_edge_to(m, elif, CC_EDGE_FALSE), bh);
    assert_true(t_has_edge(m, bf, bk, CC_EDGE_NEXT));
    assert_true(t_has_edge(m, bg, bk, CC_EDGE_NEXT));
    assert_true(t_has_edge(m, bh, bk, CC_EDGE_NEXT));
    assert_int_equal(t_preds(m, bk), 3);
    /* The block ends with its branch, so TRUE comes before FALSE. */
    assert_int_equal(m->blocks[0].nsucc, 2);
    assert_int_equal(m->blocks[0].succ[0].kind, CC_EDGE_TRUE);
    assert_int_equal(m->blocks[0].succ[1].kind, CC_EDGE_FALSE);
}

/* ---- exceptions -------------------------------------------------------------------------- */

static void test_try_except_finally(void **state)
{
    fixture *fx = *state;
    parse(fx, "def f():\n"
              "    try:\n"
              "        a()\n"
              "        b()\n"
              "    except ValueError:\n"
              "        c()\n"
              "    finally:\n"
              "        d()\n"
              "    e()\n");
    const cc_func *f = func(fx, "f");
    uint32_t tb = call_block(fx, f, "a");
    assert_int_equal(call_block(fx, f, "b"), tb);
    uint32_t hb = call_block(fx, f, "c"), fb = call_block(fx, f, "d"), eb = call_block(fx, f, "e");
    /* The try body can raise into the handler dispatch, which belongs to the try. */
    uint32_t dispatch = t_edge_to(f, tb, CC_EDGE_EXCEPT);
    assert_int_not_equal(dispatch, CC_NONE);
    assert_int_equal(f->blocks[dispatch].handler_of, tb);
    assert_true(t_has_edge(f, dispatch, hb, CC_EDGE_EXCEPT));
    assert_int_equal(f->blocks[hb].handler_of, tb);
    /* `except ValueError` may not match: the exception then goes to the finally. */
    assert_true(t_has_edge(f, dispatch, fb, CC_EDGE_EXCEPT));
    /* Normal completion of the body and of the handler runs the finally. */
    assert_true(t_has_edge(f, tb, fb, CC_EDGE_FINALLY));
    assert_true(t_has_edge(f, hb, fb, CC_EDGE_FINALLY));
    /* The finally continues after the statement, or re-raises out of the function. */
    assert_true(t_has_edge(f, fb, eb, CC_EDGE_NEXT));
    assert_true(t_has_edge(f, fb, 1, CC_EDGE_EXCEPT));
    assert_false(t_has_edge(f, tb, eb, CC_EDGE_NEXT));
    assert_int_equal(f->blocks[tb].handler_of, CC_NONE);
    /* The handler's type expression is evaluated in the handler. */
    uint32_t ve = t_need_op(f, fx->in, CC_OP_NAME, "ValueError");
    assert_int_equal(f->ops[ve].block, hb);
}

static void test_return_in_try_finally(void **state)
{
    fixture *fx = *state;
    parse(fx, "def f():\n"
              "    try:\n"
              "        return compute()\n"
              "    finally:\n"
              "        cleanup()\n");
    const cc_func *f = func(fx, "f");
    uint32_t rb = block_of_kind(fx, f, CC_OP_RETURN);
    uint32_t fb = call_block(fx, f, "cleanup");
    assert_int_equal(call_block(fx, f, "compute"), rb);
    assert_true(t_has_edge(f, rb, fb, CC_EDGE_FINALLY));
    assert_false(t_has_edge(f, rb, 1, CC_EDGE_RETURN)); /* the finally is not skipped */
    assert_true(t_has_edge(f, fb, 1, CC_EDGE_RETURN));
}

/* A return in the else clause of a try with a finally runs the finally first. */
static void test_return_in_try_else_runs_finally(void **state)
{
    fixture *fx = *state;
    parse(fx, "def f():\n"
              "    try:\n"
              "        x()\n"
              "    except E:\n"
              "        pass\n"
              "    else:\n"
              "        return 1\n"
              "    finally:\n"
              "        cleanup()\n");
    const cc_func *f = func(fx, "f");
    uint32_t rb = block_of_kind(fx, f, CC_OP_RETURN);
    uint32_t fb = call_block(fx, f, "cleanup");
    assert_false(t_has_edge(f, rb, 1, CC_EDGE_RETURN));
    assert_true(t_has_edge(f, rb, fb, CC_EDGE_FINALLY));
    assert_true(t_has_edge(f, fb, 1, CC_EDGE_RETURN));
}

/* A break out of a try with a finally runs the finally on its way out of the loop. */
static void test_break_in_try_runs_finally(void **state)
{
    fixture *fx = *state;
    parse(fx, "def f(xs):\n"
              "    for x in xs:\n"
              "        try:\n"
              "            stop()\n"
              "            break\n"
              "        finally:\n"
              "            release()\n"
              "    after()\n");
    const cc_func *f = func(fx, "f");
    uint32_t tb = call_block(fx, f, "stop");
    uint32_t fb = call_block(fx, f, "release");
    /* Without raising, the body's only way on is the break, and it must pass the finally. */
    assert_true(t_reaches(f, tb, fb, CC_EDGE_EXCEPT));
    assert_false(t_has_edge(f, tb, call_block(fx, f, "after"), CC_EDGE_BREAK));
}

/* A return through an inner finally continues to the outer try's finally, not to its except
 * handlers, and the outer finally then returns. */
static void test_return_through_nested_finally(void **state)
{
    fixture *fx = *state;
    parse(fx, "def f():\n"
              "    try:\n"
              "        try:\n"
              "            return 1\n"
              "        finally:\n"
              "            inner()\n"
              "    except E:\n"
              "        pass\n"
              "    finally:\n"
              "        outer()\n");
    const cc_func *f = func(fx, "f");
    uint32_t fin_in = call_block(fx, f, "inner"), fin_out = call_block(fx, f, "outer");
    uint32_t rb = block_of_kind(fx, f, CC_OP_RETURN);
    assert_true(t_has_edge(f, rb, fin_in, CC_EDGE_FINALLY));
    const cc_block *b = &f->blocks[fin_in];
    for (uint32_t i = 0; i < b->nsucc; i++)
        if (b->succ[i].kind == CC_EDGE_RETURN) {
            uint32_t to = b->succ[i].to;
            if (f->blocks[to].handler_of != CC_NONE)
                fail_msg("the inner finally returns into handler block b%u", to);
        }
    assert_true(t_has_edge(f, fin_out, 1, CC_EDGE_RETURN));
}

static void test_early_return(void **state)
{
    fixture *fx = *state;
    parse(fx, "def f(v):\n"
              "    if v:\n"
              "        return 1\n"
              "    return 2\n"
              "    dead()\n");
    const cc_func *f = func(fx, "f");
    assert_int_equal(t_count_ops(f, CC_OP_RETURN), 2);
    for (uint32_t i = 0; i < f->nops; i++)
        if (f->ops[i].kind == CC_OP_RETURN) {
            uint32_t rb = f->ops[i].block;
            assert_true(t_has_edge(f, rb, 1, CC_EDGE_RETURN));
            assert_int_equal(f->blocks[rb].nsucc, 1);
            /* The returned value is the constant. */
            assert_int_equal(f->ops[f->ops[i].a].kind, CC_OP_CONST);
        }
    uint32_t dead = call_block(fx, f, "dead");
    assert_int_equal(t_preds(f, dead), 0);
    assert_false(t_reaches(f, 0, dead, CC_EDGE__COUNT));
}

/* ---- with, stores ------------------------------------------------------------------------ */

static void test_with_enter_exit(void **state)
{
    fixture *fx = *state;
    parse(fx, "def f(lock):\n"
              "    with lock as held, open('p') as fh:\n"
              "        fh.read()\n");
    const cc_func *f = func(fx, "f");
    assert_int_equal(t_count_ops(f, CC_OP_WITH_ENTER), 2);
    /* Exits run on the normal path and again in the cleanup block of the exceptional ones. */
    assert_int_equal(t_count_ops(f, CC_OP_WITH_EXIT), 4);
    uint32_t e1 = t_need_op(f, fx->in, CC_OP_WITH_ENTER, NULL);
    uint32_t e2 = t_find_op_from(f, fx->in, CC_OP_WITH_ENTER, NULL, e1 + 1);
    uint32_t rd = t_need_call(f, fx->in, "read");
    /* Two exits end the body's block (the normal path); two more are in the cleanup block. */
    uint32_t normal[2], other[2], nn = 0, no = 0;
    for (uint32_t i = 0; i < f->nops; i++) {
        if (f->ops[i].kind != CC_OP_WITH_EXIT)
            continue;
        if (f->ops[i].block == f->ops[rd].block) {
            if (nn < 2)
                normal[nn++] = i;
        } else if (no < 2) {
            other[no++] = i;
        }
    }
    assert_int_equal(nn, 2);
    assert_int_equal(no, 2);
    /* Entered in order, left in reverse, on both paths. */
    assert_int_equal(f->ops[normal[0]].a, e2);
    assert_int_equal(f->ops[normal[1]].a, e1);
    assert_int_equal(f->ops[other[0]].a, e2);
    assert_int_equal(f->ops[other[1]].a, e1);
    const cc_op *ctx = &f->ops[f->ops[e1].a];
    assert_int_equal(ctx->kind, CC_OP_LOAD);
    assert_string_equal(t_text(fx->in, f->ops[ctx->a].name), "lock");
    assert_int_equal(f->ops[f->ops[e2].a].kind, CC_OP_CALL);
    /* `as` binds the entered value. */
    uint32_t held = t_need_op(f, fx->in, CC_OP_NAME, "held");
    bool bound = false;
    for (uint32_t i = 0; i < f->nops; i++)
        if (f->ops[i].kind == CC_OP_STORE && f->ops[i].a == held)
            bound = f->ops[i].b == e1;
    assert_true(bound);
    /* The body runs between the enters and the normal exits. */
    assert_true(e2 < rd && rd < normal[0]);
    /* The body reaches the cleanup block by an EXCEPT edge. */
    uint32_t cleanup = f->ops[other[0]].block;
    const cc_block *body = &f->blocks[f->ops[rd].block];
    bool exc = false;
    for (uint32_t e = 0; e < body->nsucc; e++)
        exc |= body->succ[e].to == cleanup && body->succ[e].kind == CC_EDGE_EXCEPT;
    assert_true(exc);
}

/* A return inside `with` leaves through the exits: the return goes to the cleanup block, which
 * releases and then returns. */
static void test_with_return_runs_exit(void **state)
{
    fixture *fx = *state;
    parse(fx, "def f(lock):\n"
              "    with lock:\n"
              "        return 1\n");
    const cc_func *f = func(fx, "f");
    uint32_t ret = t_need_op(f, fx->in, CC_OP_RETURN, NULL);
    const cc_block *rb = &f->blocks[f->ops[ret].block];
    uint32_t cleanup = CC_NONE;
    for (uint32_t e = 0; e < rb->nsucc; e++)
        if (rb->succ[e].kind == CC_EDGE_FINALLY)
            cleanup = rb->succ[e].to;
    assert_int_not_equal(cleanup, CC_NONE);
    const cc_block *cb = &f->blocks[cleanup];
    bool has_exit = false, returns = false;
    for (uint32_t o = cb->first_op; o < cb->first_op + cb->nops; o++)
        has_exit |= f->ops[o].kind == CC_OP_WITH_EXIT;
    for (uint32_t e = 0; e < cb->nsucc; e++)
        returns |= cb->succ[e].to == 1 && cb->succ[e].kind == CC_EDGE_RETURN;
    assert_true(has_exit);
    assert_true(returns);
}

/* The kind of the n-th STORE into the variable `name` in f. */
static const cc_op *nth_store(fixture *fx, const cc_func *f, const char *name, int n)
{
    for (uint32_t i = 0; i < f->nops; i++) {
        const cc_op *s = &f->ops[i];
        if (s->kind != CC_OP_STORE || s->a == CC_NONE)
            continue;
        const cc_op *pl = &f->ops[s->a];
        const char *pn = pl->kind == CC_OP_INDEX ? "[]" : t_text(fx->in, pl->name);
        if (strcmp(pn, name) == 0 && n-- == 0)
            return s;
    }
    fail_msg("no store %d into `%s`", n, name);
    return NULL;
}

static void test_store_kinds(void **state)
{
    fixture *fx = *state;
    parse(fx, "def f(y, d, k):\n"
              "    x = 0\n"
              "    x += 1\n"
              "    x = x + 1\n"
              "    x = y + 1\n"
              "    self.n = self.n - 1\n"
              "    self.n = other.n - 1\n"
              "    d[k] += 1\n");
    const cc_func *f = func(fx, "f");
    const cc_op *s0 = nth_store(fx, f, "x", 0), *s1 = nth_store(fx, f, "x", 1);
    const cc_op *s2 = nth_store(fx, f, "x", 2), *s3 = nth_store(fx, f, "x", 3);
    assert_int_equal(s0->sub, CC_STORE_PLAIN);
    assert_int_equal(s1->sub, CC_STORE_RMW);
    assert_true(s1->flags & CC_OPF_AUGMENTED);
    /* x += 1 stores old x + 1. */
    const cc_op *sum = &f->ops[s1->b];
    assert_int_equal(sum->kind, CC_OP_BINOP);
    assert_string_equal(t_text(fx->in, sum->name), "+");
    assert_int_equal(f->ops[sum->a].kind, CC_OP_LOAD);
    assert_int_equal(f->ops[sum->a].a, s1->a);
    assert_int_equal(s2->sub, CC_STORE_RMW);
    assert_false(s2->flags & CC_OPF_AUGMENTED);
    assert_int_equal(s3->sub, CC_STORE_PLAIN);
    assert_int_equal(nth_store(fx, f, "n", 0)->sub, CC_STORE_RMW);
    assert_int_equal(nth_store(fx, f, "n", 1)->sub, CC_STORE_PLAIN);
    const cc_op *si = nth_store(fx, f, "[]", 0);
    assert_int_equal(si->sub, CC_STORE_RMW);
    assert_true(si->flags & CC_OPF_AUGMENTED);
}

/* ---- functions and classes --------------------------------------------------------------- */

static void test_nested_def_and_method(void **state)
{
    fixture *fx = *state;
    parse(fx, "def outer():\n"
              "    def inner():\n"
              "        pass\n"
              "    return inner\n"
              "class C(Base):\n"
              "    def m(self):\n"
              "        def deep():\n"
              "            pass\n");
    const cc_unit *u = fx->u;
    const cc_func *outer = func(fx, "outer"), *inner = func(fx, "outer.<locals>.inner");
    assert_int_equal(outer->kind, CC_FUNC_FUNCTION);
    assert_false(outer->flags & CC_FUNCF_NESTED);
    assert_int_equal(outer->parent, 0);
    assert_true(inner->flags & CC_FUNCF_NESTED);
    assert_string_equal(t_text(fx->in, inner->name), "inner");
    assert_int_equal(inner->parent, t_func_index(u, outer));
    assert_int_equal(inner->span.line, 2);

    const cc_func *m = func(fx, "C.m"), *body = func(fx, "C");
    assert_int_equal(m->kind, CC_FUNC_FUNCTION);
    assert_false(m->flags & CC_FUNCF_NESTED);
    assert_int_equal(m->class_idx, 0);
    assert_int_equal(m->parent, t_func_index(u, body));
    assert_int_equal(m->nparams, 1);
    assert_string_equal(t_text(fx->in, m->params[0]), "self");
    assert_int_equal(body->kind, CC_FUNC_CLASS_BODY);
    assert_int_equal(u->nclasses, 1);
    assert_string_equal(t_text(fx->in, u->classes[0].qualname), "C");
    assert_int_equal(u->classes[0].body, t_func_index(u, body));
    assert_int_equal(u->classes[0].outer, 0);
    assert_int_equal(u->classes[0].nbases, 1);
    const cc_op *base = &u->funcs[0].ops[u->classes[0].bases[0]];
    assert_int_equal(base->kind, CC_OP_LOAD);
    assert_string_equal(t_text(fx->in, u->funcs[0].ops[base->a].name), "Base");
    const cc_func *deep = func(fx, "C.m.<locals>.deep");
    assert_true(deep->flags & CC_FUNCF_NESTED);
    assert_int_equal(deep->class_idx, CC_NONE);

    /* The FUNC op names the function by index and is stored into its name. */
    const cc_func *mod = &u->funcs[0];
    uint32_t fo = t_need_op(mod, fx->in, CC_OP_FUNC, "outer");
    assert_int_equal(mod->ops[fo].ival, t_func_index(u, outer));
}

static void test_lambda(void **state)
{
    fixture *fx = *state;
    parse(fx, "f = lambda a, b=2: a + b\n"
              "def g():\n"
              "    return lambda: 0\n");
    const cc_unit *u = fx->u;
    const cc_func *mod = &u->funcs[0];
    uint32_t fo = t_need_op(mod, fx->in, CC_OP_FUNC, "<lambda>");
    const cc_func *lam = &u->funcs[mod->ops[fo].ival];
    assert_int_equal(lam->kind, CC_FUNC_LAMBDA);
    assert_string_equal(t_text(fx->in, lam->name), "<lambda>");
    assert_int_equal(lam->nparams, 2);
    assert_string_equal(t_text(fx->in, lam->params[1]), "b");
    assert_false(lam->flags & CC_FUNCF_NESTED);
    /* Its body returns the expression. */
    uint32_t r = t_need_op(lam, fx->in, CC_OP_RETURN, NULL);
    assert_int_equal(lam->ops[lam->ops[r].a].kind, CC_OP_BINOP);
    /* The default is evaluated where the lambda is made. */
    assert_int_not_equal(t_find_op(mod, fx->in, CC_OP_CONST, "2"), CC_NONE);
    const cc_func *inner = func(fx, "g.<locals>.<lambda>");
    assert_int_equal(inner->kind, CC_FUNC_LAMBDA);
    assert_true(inner->flags & CC_FUNCF_NESTED);
}

static void test_main_guard(void **state)
{
    fixture *fx = *state;
    parse(fx, "def top():\n"
              "    pass\n"
              "if __name__ == \"__main__\":\n"
              "    def guarded():\n"
              "        pass\n"
              "    class K:\n"
              "        def km(self):\n"
              "            pass\n"
              "    run()\n"
              "if x == \"__main__\":\n"
              "    def not_guarded():\n"
              "        pass\n");
    const cc_func *m = &fx->u->funcs[0];
    uint32_t b1 = t_need_op(m, fx->in, CC_OP_BRANCH, NULL);
    uint32_t b2 = t_find_op_from(m, fx->in, CC_OP_BRANCH, NULL, b1 + 1);
    assert_int_not_equal(b2, CC_NONE);
    uint32_t guard_line = cc_op_span(fx->u, &m->ops[b1]).line == 3 ? b1 : b2, other = guard_line == b1 ? b2 : b1;
    assert_int_equal(cc_op_span(fx->u, &m->ops[guard_line]).line, 3);
    assert_int_equal(m->ops[guard_line].sub, 1);
    assert_int_equal(m->ops[other].sub, 0);
    assert_true(func(fx, "guarded")->flags & CC_FUNCF_IN_MAIN_GUARD);
    assert_true(func(fx, "K")->flags & CC_FUNCF_IN_MAIN_GUARD);
    assert_false(func(fx, "top")->flags & CC_FUNCF_IN_MAIN_GUARD);
    assert_false(func(fx, "not_guarded")->flags & CC_FUNCF_IN_MAIN_GUARD);

    /* Reversed operands and single quotes are the same guard. */
    const char *variants[] = {"if '__main__' == __name__:\n    def g():\n        pass\n",
                              "if (__name__ == '__main__'):\n    def g():\n        pass\n"};
    for (int i = 0; i < 2; i++) {
        parse(fx, variants[i]);
        m = &fx->u->funcs[0];
        assert_int_equal(m->ops[t_need_op(m, fx->in, CC_OP_BRANCH, NULL)].sub, 1);
        assert_true(func(fx, "g")->flags & CC_FUNCF_IN_MAIN_GUARD);
    }
    /* Not at module level: no guard. */
    parse(fx, "def f():\n    if __name__ == '__main__':\n        pass\n");
    const cc_func *f = func(fx, "f");
    assert_int_equal(f->ops[t_need_op(f, fx->in, CC_OP_BRANCH, NULL)].sub, 0);
}

static void test_name_scopes(void **state)
{
    fixture *fx = *state;
    parse(fx, "g = 0\n"
              "def outer(p):\n"
              "    n = 0\n"
              "    seen = 1\n"
              "    def inner():\n"
              "        nonlocal n\n"
              "        global g\n"
              "        n = 1\n"
              "        g = 2\n"
              "        t = 3\n"
              "        return t + seen + free + p\n"
              "    return inner\n"
              "class C:\n"
              "    attr = 1\n"
              "    other = attr\n");
    const cc_func *mod = &fx->u->funcs[0];
    const cc_func *outer = func(fx, "outer"), *inner = func(fx, "outer.<locals>.inner");
    const cc_func *body = func(fx, "C");
    assert_int_equal(scope_of(fx, mod, "g"), CC_SCOPE_GLOBAL);
    assert_int_equal(scope_of(fx, outer, "n"), CC_SCOPE_LOCAL);
    assert_int_equal(scope_of(fx, outer, "p"), CC_SCOPE_LOCAL);
    assert_int_equal(scope_of(fx, inner, "n"), CC_SCOPE_ENCLOSING);
    assert_int_equal(scope_of(fx, inner, "g"), CC_SCOPE_GLOBAL);
    assert_int_equal(scope_of(fx, inner, "t"), CC_SCOPE_LOCAL);
    assert_int_equal(scope_of(fx, inner, "seen"), CC_SCOPE_ENCLOSING); /* read, no nonlocal */
    assert_int_equal(scope_of(fx, inner, "p"), CC_SCOPE_ENCLOSING);    /* a parameter outside */
    assert_int_equal(scope_of(fx, inner, "free"), CC_SCOPE_GLOBAL);
    assert_int_equal(scope_of(fx, body, "attr"), CC_SCOPE_CLASS);
    assert_int_equal(inner->nglobals, 1);
    assert_string_equal(t_text(fx->in, inner->globals[0]), "g");
    assert_int_equal(inner->nnonlocals, 1);
    assert_string_equal(t_text(fx->in, inner->nonlocals[0]), "n");
    assert_int_equal(outer->nglobals, 0);
}

static void test_imports(void **state)
{
    fixture *fx = *state;
    parse(fx, "import a.b as c\n"
              "import os.path\n"
              "from .x import y\n"
              "from ..p.q import r as s\n"
              "from m import *\n");
    const cc_func *m = &fx->u->funcs[0];
    assert_int_equal(t_count_ops(m, CC_OP_IMPORT), 5);
    uint32_t i1 = t_need_op(m, fx->in, CC_OP_IMPORT, "a.b");
    assert_int_equal(m->ops[i1].ival, 0);
    assert_int_equal(m->ops[i1].sub, 0);
    uint32_t i2 = t_need_op(m, fx->in, CC_OP_IMPORT, "os.path");
    assert_int_equal(m->ops[i2].sub, 1); /* binds the top package `os` */
    uint32_t i3 = t_need_op(m, fx->in, CC_OP_IMPORT, ".x");
    assert_int_equal(m->ops[i3].ival, cc_intern_cstr(fx->in, "y"));
    uint32_t i4 = t_need_op(m, fx->in, CC_OP_IMPORT, "..p.q");
    assert_int_equal(m->ops[i4].ival, cc_intern_cstr(fx->in, "r"));
    uint32_t i5 = t_need_op(m, fx->in, CC_OP_IMPORT, "m");
    assert_int_equal(m->ops[i5].ival, cc_intern_cstr(fx->in, "*"));
    /* Each import (but the star) is stored into the name it binds. */
    const char *binds[][2] = {{"a.b", "c"}, {"os.path", "os"}, {".x", "y"}, {"..p.q", "s"}};
    for (int k = 0; k < 4; k++) {
        uint32_t imp = t_need_op(m, fx->in, CC_OP_IMPORT, binds[k][0]);
        bool found = false;
        for (uint32_t i = 0; i < m->nops; i++)
            if (m->ops[i].kind == CC_OP_STORE && m->ops[i].b == imp)
                found = !strcmp(t_text(fx->in, m->ops[m->ops[i].a].name), binds[k][1]);
        if (!found)
            fail_msg("import %s is not bound to %s", binds[k][0], binds[k][1]);
    }
}

/* ir.h: "an operation's operands are indices of earlier operations of the same function". */
static void test_operands_precede_their_op(void **state)
{
    fixture *fx = *state;
    const char *srcs[] = {
        "r = [x + 1 for a in b for x in a]\n",
        "d = {k: v for k in ks if k for v in vs}\n",
        "def f(xs):\n    for x in xs:\n        if x:\n            y = x\n    return y\n",
        "try:\n    a = f()\nexcept E as e:\n    g(e)\nfinally:\n    h()\nprint(a)\n",
    };
    for (size_t s = 0; s < sizeof srcs / sizeof srcs[0]; s++) {
        parse(fx, srcs[s]);
        for (uint32_t fi = 0; fi < fx->u->nfuncs; fi++) {
            const cc_func *f = &fx->u->funcs[fi];
            for (uint32_t i = 0; i < f->nops; i++) {
                const cc_op *op = &f->ops[i];
                if (op->kind == CC_OP_CONST || op->kind == CC_OP_PARAM || op->kind == CC_OP_FUNC ||
                    op->kind == CC_OP_CLASS || op->kind == CC_OP_IMPORT)
                    continue;
                if ((op->a != CC_NONE && op->a >= i) || (op->b != CC_NONE && op->b >= i))
                    fail_msg("source %zu, function %u: op %%%u (%s) uses a later op", s, fi, i,
                             cc_op_kind_name((cc_op_kind)op->kind));
                for (uint32_t k = 0; k < op->nargs; k++)
                    if (op->args[k] >= i)
                        fail_msg("source %zu, function %u: op %%%u (%s) has a later argument %%%u",
                                 s, fi, i, cc_op_kind_name((cc_op_kind)op->kind), op->args[k]);
            }
        }
    }
}

/* ---- robustness -------------------------------------------------------------------------- */

static char *repeat_wrap(const char *pre, const char *open, const char *mid, const char *close,
                         int n, const char *post)
{
    size_t lo = strlen(open), lc = strlen(close);
    size_t len = strlen(pre) + n * (lo + lc) + strlen(mid) + strlen(post) + 1;
    char *s = malloc(len), *p = s;
    p += sprintf(p, "%s", pre);
    for (int i = 0; i < n; i++)
        p += sprintf(p, "%s", open);
    p += sprintf(p, "%s", mid);
    for (int i = 0; i < n; i++)
        p += sprintf(p, "%s", close);
    sprintf(p, "%s", post);
    return s;
}

static bool has_diag(const cc_unit *u, const char *fragment)
{
    for (uint32_t i = 0; i < u->ndiags; i++)
        if (!strcmp(u->diags[i].code, "CC000") && strstr(u->diags[i].message, fragment))
            return true;
    return false;
}

static void test_deep_nesting(void **state)
{
    fixture *fx = *state;
    struct {
        const char *open, *mid, *close;
    } shapes[] = {{"(", "1", ")"}, {"[", "", "]"}, {"f(", "", ")"}, {"-", "y", ""},
                  {"not ", "y", ""}, {"{1: ", "1", "}"}, {"lambda: ", "1", ""}};
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
        char *src = repeat_wrap("x = ", shapes[k].open, shapes[k].mid, shapes[k].close, 10000,
                                "\nafter()\n");
        const cc_unit *u = parse(fx, src);
        free(src);
        if (u->ndiags == 0)
            fail_msg("shape %zu (%s...): no CC000 diagnostic", k, shapes[k].open);
        assert_true(has_diag(u, "nested"));
        /* The rest of the file is still lowered. */
        assert_int_not_equal(t_find_call(&u->funcs[0], fx->in, "after"), CC_NONE);
    }
    /* Deeply nested statements. */
    size_t cap = 1100 * 1100, len = 0;
    char *src = malloc(cap);
    for (int i = 0; i < 1000; i++)
        len += (size_t)sprintf(src + len, "%*sif x%d:\n", i, "", i);
    len += (size_t)sprintf(src + len, "%*spass\nafter()\n", 1000, "");
    const cc_unit *u = parse(fx, src);
    free(src);
    assert_true(u->ndiags > 0);
    assert_int_not_equal(t_find_call(&u->funcs[0], fx->in, "after"), CC_NONE);
}

static void test_syntax_error_recovers(void **state)
{
    fixture *fx = *state;
    const char *srcs[] = {"x = = 1\nlater()\n", "def f(:\n    pass\nlater()\n",
                          "print 'hello'\nlater()\n"};
    for (int k = 0; k < 3; k++) {
        const cc_unit *u = parse(fx, srcs[k]);
        if (u->ndiags == 0)
            fail_msg("source %d: no diagnostic", k);
        assert_string_equal(u->diags[0].code, "CC000");
        assert_int_equal(u->diags[0].span.line, 1);
        uint32_t c = t_find_call(&u->funcs[0], fx->in, "later");
        if (c == CC_NONE)
            fail_msg("source %d: the call after the error is lost", k);
        assert_int_equal(cc_op_span(u, &u->funcs[0].ops[c]).line, k == 1 ? 3 : 2);
    }
    /* A clean file has none. */
    const cc_unit *u = parse(fx, "x = 1\nlater()\n");
    assert_int_equal(u->ndiags, 0);
}

/* ---- decoding ---------------------------------------------------------------------------- */

static void test_latin1_cookie(void **state)
{
    fixture *fx = *state;
    const char src[] = "# -*- coding: latin-1 -*-\ns = '\xE9'\n";
    const cc_unit *u = parse_n(fx, src, sizeof src - 1);
    assert_string_equal(u->encoding, "latin-1");
    assert_int_equal(u->ndiags, 0);
    assert_non_null(strstr(u->text, "s = '\xC3\xA9'\n"));
    assert_int_equal(u->len, sizeof src); /* one byte became two */
    const cc_func *m = &u->funcs[0];
    uint32_t c = t_need_op(m, fx->in, CC_OP_CONST, "\xC3\xA9");
    assert_int_equal(m->ops[c].sub, CC_CONST_STR);
    assert_int_equal(cc_op_span(u, &m->ops[c]).line, 2);
    /* The cookie may be on line 2 after a shebang, and written with an underscore. */
    const char src2[] = "#!/usr/bin/env python\n# vim: set fileencoding=latin_1 :\nt = '\xE9'\n";
    u = parse_n(fx, src2, sizeof src2 - 1);
    assert_string_equal(u->encoding, "latin-1");
    assert_non_null(strstr(u->text, "t = '\xC3\xA9'"));
}

static void test_invalid_utf8(void **state)
{
    fixture *fx = *state;
    const char src[] = "s = '\xFF'\nlater()\n";
    const cc_unit *u = parse_n(fx, src, sizeof src - 1);
    assert_string_equal(u->encoding, "utf-8");
    assert_true(u->ndiags > 0);
    assert_string_equal(u->diags[0].code, "CC000");
    assert_int_equal(u->diags[0].span.line, 1);
    assert_int_equal(u->diags[0].span.col, 6);
    assert_non_null(strstr(u->text, "s = '\xEF\xBF\xBD'\n"));
    assert_int_not_equal(t_find_call(&u->funcs[0], fx->in, "later"), CC_NONE);
    /* Truncated sequences, overlongs and surrogates are invalid too; valid UTF-8 is kept. */
    const char src2[] = "a = '\xC3'\nb = '\xC0\xAF'\nc = '\xED\xA0\x80'\nd = '\xE2\x82\xAC'\n";
    u = parse_n(fx, src2, sizeof src2 - 1);
    assert_true(u->ndiags > 0);
    assert_non_null(strstr(u->text, "d = '\xE2\x82\xAC'"));
    assert_null(strstr(u->text, "\xC0"));
    assert_null(strstr(u->text, "\xED\xA0"));
}

static void test_bom_stripped(void **state)
{
    fixture *fx = *state;
    const char src[] = "\xEF\xBB\xBFx = 1\n";
    const cc_unit *u = parse_n(fx, src, sizeof src - 1);
    assert_int_equal(u->ndiags, 0);
    assert_int_equal(u->len, 6);
    assert_memory_equal(u->text, "x = 1\n", 6);
    const cc_func *m = &u->funcs[0];
    uint32_t x = t_need_op(m, fx->in, CC_OP_NAME, "x");
    assert_int_equal(m->ops[x].start, 0);
    assert_int_equal(cc_op_span(u, &m->ops[x]).col, 1);
    /* A BOM with a cookie that is not utf-8 is a problem (CPython refuses the file). */
    const char src2[] = "\xEF\xBB\xBF# coding: latin-1\nx = 1\n";
    u = parse_n(fx, src2, sizeof src2 - 1);
    assert_true(u->ndiags > 0);
    assert_memory_equal(u->text, "# coding", 8);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_for_loop),
        T(test_while_true_loop),
        T(test_while_break_continue),
        T(test_if_elif_else),
        T(test_try_except_finally),
        T(test_return_in_try_finally),
        T(test_return_in_try_else_runs_finally),
        T(test_break_in_try_runs_finally),
        T(test_return_through_nested_finally),
        T(test_early_return),
        T(test_with_enter_exit),
        T(test_with_return_runs_exit),
        T(test_store_kinds),
        T(test_nested_def_and_method),
        T(test_lambda),
        T(test_main_guard),
        T(test_name_scopes),
        T(test_imports),
        T(test_operands_precede_their_op),
        T(test_deep_nesting),
        T(test_syntax_error_recovers),
        T(test_latin1_cookie),
        T(test_invalid_utf8),
        T(test_bom_stripped),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
