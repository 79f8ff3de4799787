/* test_ir.c - building units through the cc_builder API (analyzer/src/ir_build.c, concur/ir.h):
 * op layout after finish, operand remapping, edges, loops, spans, positions, diagnostics. */
#include "helpers.h"

#include "concur/ir.h"

typedef struct fixture {
    cc_interner *in;
    cc_unit *u;     /* the unit under test, freed by teardown even when an assertion fails */
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

static cc_str S(fixture *fx, const char *s)
{
    return cc_intern_cstr(fx->in, s);
}

/* An int constant with text `text` (and that value) at [start, end). */
static uint32_t emit_int(fixture *fx, cc_builder *b, const char *text, uint32_t start, uint32_t end)
{
    return cc_builder_op(b, CC_OP_CONST, CC_CONST_INT, CC_NONE, CC_NONE, S(fx, text),
                         strtoll(text, NULL, 10), start, end);
}

/* A global NAME place. */
static uint32_t emit_name(fixture *fx, cc_builder *b, const char *name, uint32_t start,
                          uint32_t end)
{
    return cc_builder_op(b, CC_OP_NAME, CC_SCOPE_GLOBAL, CC_NONE, CC_NONE, S(fx, name), 0, start,
                         end);
}

static uint32_t emit_load(cc_builder *b, uint32_t place, uint32_t start, uint32_t end)
{
    return cc_builder_op(b, CC_OP_LOAD, 0, place, CC_NONE, CC_STR_NONE, 0, start, end);
}

static cc_builder *new_builder(fixture *fx, const char *text)
{
    cc_builder *b = cc_builder_new(fx->in, CC_LANG_PYTHON, "t.py", text, (uint32_t)strlen(text),
                                   "utf-8");
    assert_non_null(b);
    return b;
}

static uint32_t begin_module(fixture *fx, cc_builder *b, uint32_t len)
{
    return cc_builder_func_begin(b, CC_FUNC_MODULE, S(fx, "<module>"), S(fx, "<module>"),
                                 CC_NONE, 0, 0, len);
}

static const char TEXT[] = "a = b + c\nd = e\n";

/* Emits ops into blocks out of creation order, with operands that cross blocks both ways, and
 * checks that finish makes each block's ops contiguous and renumbers every operand. */
static void test_ops_contiguous_and_remapped(void **state)
{
    fixture *fx = *state;
    cc_builder *b = new_builder(fx, TEXT);
    assert_int_equal(begin_module(fx, b, sizeof TEXT - 1), 0);
    assert_int_equal(cc_builder_block_current(b), 0);
    assert_int_equal(cc_builder_block_count(b), 2);

    uint32_t c1 = emit_int(fx, b, "1", 0, 1);
    uint32_t b2 = cc_builder_block_new(b), b3 = cc_builder_block_new(b);
    assert_int_equal(b2, 2);
    assert_int_equal(b3, 3);
    assert_int_equal(cc_builder_block_current(b), 0); /* a new block is not current */
    cc_builder_edge(b, 0, b2, CC_EDGE_TRUE);
    cc_builder_edge(b, 0, b3, CC_EDGE_FALSE);

    /* Block 3 first. */
    cc_builder_block_set(b, b3);
    uint32_t ny = emit_name(fx, b, "y", 4, 5);
    uint32_t ly = emit_load(b, ny, 4, 5);
    uint32_t loop = cc_builder_loop_begin(b, b3, 0, 9);
    cc_builder_loop_trip(b, loop, CC_TRIP_COLLECTION, 0, CC_NONE, ly, S(fx, "y"));
    cc_builder_loop_end(b);
    cc_builder_jump(b, b2, CC_EDGE_NEXT);

    /* Then block 2, using values from blocks 3 and 0. */
    cc_builder_block_set(b, b2);
    uint32_t nx = emit_name(fx, b, "x", 0, 1);
    uint32_t st = cc_builder_op(b, CC_OP_STORE, CC_STORE_PLAIN, nx, ly, CC_STR_NONE, 0, 0, 9);
    uint32_t args[2] = {c1, ly};
    cc_str kws[2] = {CC_STR_NONE, S(fx, "k")};
    uint32_t call = cc_builder_call(b, CC_OP_CALL, 0, ly, args, kws, 2, CC_OPF_STARRED, 0, 9);
    assert_int_equal(cc_builder_op_get(b, call)->nargs, 2);

    /* Back to block 0 (still open), after everything else. */
    cc_builder_block_set(b, 0);
    uint32_t c2 = emit_int(fx, b, "2", 8, 9);
    uint32_t bin = cc_builder_op(b, CC_OP_BINOP, 0, c2, ly, S(fx, "+"), 0, 4, 9);
    (void)st;
    (void)bin;
    cc_builder_func_end(b);
    cc_unit *u = fx->u = cc_builder_finish(b);

    assert_int_equal(u->nfuncs, 1);
    const cc_func *f = &u->funcs[0];
    t_check_func_invariants(f);
    assert_int_equal(f->nops, 8);
    assert_int_equal(f->nblocks, 4);
    /* Blocks in id order hold ops in increasing index ranges. */
    assert_int_equal(f->blocks[0].first_op, 0);
    assert_int_equal(f->blocks[0].nops, 3);
    assert_int_equal(f->blocks[1].nops, 0);
    assert_int_equal(f->blocks[2].nops, 3);
    assert_int_equal(f->blocks[3].nops, 2);
    assert_true(f->blocks[2].first_op < f->blocks[3].first_op);
    /* Emission order is kept inside a block. */
    assert_int_equal(f->ops[0].kind, CC_OP_CONST);
    assert_string_equal(t_text(fx->in, f->ops[0].name), "1");
    assert_int_equal(f->ops[1].kind, CC_OP_CONST);
    assert_string_equal(t_text(fx->in, f->ops[1].name), "2");
    assert_int_equal(f->ops[2].kind, CC_OP_BINOP);

    uint32_t nst = t_need_op(f, fx->in, CC_OP_STORE, NULL);
    assert_int_equal(f->ops[nst].block, 2);
    const cc_op *s = &f->ops[nst];
    assert_int_equal(f->ops[s->a].kind, CC_OP_NAME);
    assert_string_equal(t_text(fx->in, f->ops[s->a].name), "x");
    assert_int_equal(f->ops[s->b].kind, CC_OP_LOAD);
    assert_int_equal(f->ops[s->b].block, 3);
    assert_int_equal(f->ops[f->ops[s->b].a].kind, CC_OP_NAME);
    assert_string_equal(t_text(fx->in, f->ops[f->ops[s->b].a].name), "y");
    uint32_t load_y = s->b;

    const cc_op *bo = &f->ops[2];
    assert_int_equal(bo->a, 1);
    assert_int_equal(bo->b, load_y);

    uint32_t ncall = t_need_op(f, fx->in, CC_OP_CALL, NULL);
    const cc_op *c = &f->ops[ncall];
    assert_int_equal(c->a, load_y);
    assert_int_equal(c->nargs, 2);
    assert_int_equal(c->args[0], 0);
    assert_int_equal(c->args[1], load_y);
    assert_int_equal(c->kwnames[0], CC_STR_NONE);
    assert_string_equal(t_text(fx->in, c->kwnames[1]), "k");
    assert_true(c->flags & CC_OPF_STARRED);

    assert_int_equal(f->nloops, 1);
    assert_int_equal(f->loops[0].trip_op, load_y);
}

/* A class's base expressions are op indices of the function that runs the class statement;
 * they must follow the ops when finish reorders them. */
static void test_class_bases_remapped(void **state)
{
    fixture *fx = *state;
    cc_builder *b = new_builder(fx, TEXT);
    begin_module(fx, b, sizeof TEXT - 1);
    uint32_t after = cc_builder_block_new(b), then = cc_builder_block_new(b);
    cc_builder_edge(b, 0, then, CC_EDGE_TRUE);
    cc_builder_jump(b, after, CC_EDGE_FALSE);
    cc_builder_block_set(b, then);
    for (int i = 0; i < 3; i++)
        emit_int(fx, b, "0", 0, 1);
    cc_builder_jump(b, after, CC_EDGE_NEXT);
    /* The class statement after the `if`: its block was made before the `then` block. */
    cc_builder_block_set(b, after);
    uint32_t nb = emit_name(fx, b, "Base", 4, 8);
    uint32_t lb = emit_load(b, nb, 4, 8);
    uint32_t cls = cc_builder_class(b, S(fx, "C"), S(fx, "C"), &lb, 1, 0, 9);
    uint32_t body =
        cc_builder_func_begin(b, CC_FUNC_CLASS_BODY, S(fx, "C"), S(fx, "C"), cls, 0, 0, 9);
    cc_builder_class_body(b, cls, body);
    cc_builder_func_end(b);
    cc_builder_op(b, CC_OP_CLASS, 0, CC_NONE, CC_NONE, S(fx, "C"), cls, 0, 9);
    cc_builder_func_end(b);
    cc_unit *u = fx->u = cc_builder_finish(b);

    assert_int_equal(u->nclasses, 1);
    const cc_class *c = &u->classes[0];
    assert_int_equal(c->outer, 0);
    assert_int_equal(c->body, 1);
    assert_int_equal(c->nbases, 1);
    const cc_func *m = &u->funcs[0];
    assert_true(c->bases[0] < m->nops);
    const cc_op *base = &m->ops[c->bases[0]];
    assert_int_equal(base->kind, CC_OP_LOAD);
    assert_int_equal(m->ops[base->a].kind, CC_OP_NAME);
    assert_string_equal(t_text(fx->in, m->ops[base->a].name), "Base");
}

static void test_edges_and_closing(void **state)
{
    fixture *fx = *state;
    cc_builder *b = new_builder(fx, TEXT);
    begin_module(fx, b, sizeof TEXT - 1);
    uint32_t b2 = cc_builder_block_new(b);
    cc_builder_edge(b, 0, b2, CC_EDGE_TRUE);
    cc_builder_edge(b, 0, b2, CC_EDGE_TRUE);  /* duplicate: kept once */
    cc_builder_edge(b, 0, b2, CC_EDGE_FALSE); /* same target, other kind: kept */
    assert_false(cc_builder_block_closed(b));
    cc_builder_jump(b, 1, CC_EDGE_RETURN);
    assert_true(cc_builder_block_closed(b));
    cc_builder_jump(b, b2, CC_EDGE_GOTO); /* a closed block gets no more jumps */

    /* An op emitted now goes to a fresh, unreachable block. */
    uint32_t dead =
        cc_builder_op(b, CC_OP_CONST, CC_CONST_NONE, CC_NONE, CC_NONE, S(fx, "None"), 0, 0, 1);
    assert_int_equal(cc_builder_op_get(b, dead)->block, 3);
    assert_int_equal(cc_builder_block_current(b), 3);
    assert_false(cc_builder_block_closed(b));
    cc_builder_set_handler_of(b, b2, 0);

    cc_builder_block_set(b, b2);
    emit_int(fx, b, "1", 0, 1);
    cc_builder_func_end(b); /* the open block falls through to the exit */
    cc_unit *u = fx->u = cc_builder_finish(b);
    const cc_func *f = &u->funcs[0];
    t_check_func_invariants(f);

    assert_int_equal(f->blocks[0].nsucc, 3);
    assert_true(t_has_edge(f, 0, b2, CC_EDGE_TRUE));
    assert_true(t_has_edge(f, 0, b2, CC_EDGE_FALSE));
    assert_true(t_has_edge(f, 0, 1, CC_EDGE_RETURN));
    assert_false(t_has_edge(f, 0, b2, CC_EDGE_GOTO));
    assert_int_equal(f->blocks[b2].nsucc, 1);
    assert_true(t_has_edge(f, b2, 1, CC_EDGE_RETURN));
    assert_int_equal(f->blocks[b2].handler_of, 0);
    assert_int_equal(f->blocks[0].handler_of, CC_NONE);
    assert_int_equal(f->blocks[3].nops, 1);
    assert_int_equal(t_preds(f, 3), 0);
    /* Block 3 was left open when the function ended on block 2. */
    assert_int_equal(f->blocks[3].nsucc, 0);
}

static void test_loops_and_trips(void **state)
{
    fixture *fx = *state;
    cc_builder *b = new_builder(fx, TEXT);
    begin_module(fx, b, sizeof TEXT - 1);
    emit_int(fx, b, "0", 0, 1);
    uint32_t h1 = cc_builder_block_new(b);
    cc_builder_jump(b, h1, CC_EDGE_NEXT);
    cc_builder_block_set(b, h1);
    uint32_t l1 = cc_builder_loop_begin(b, h1, 0, 9);
    cc_builder_loop_trip(b, l1, CC_TRIP_CONST, 10, CC_NONE, CC_NONE, S(fx, "i"));
    emit_int(fx, b, "1", 0, 1);
    uint32_t h2 = cc_builder_block_new(b);
    cc_builder_edge(b, h1, h2, CC_EDGE_LOOP_BODY);
    cc_builder_block_set(b, h2);
    uint32_t l2 = cc_builder_loop_begin(b, h2, 10, 15);
    cc_builder_loop_trip(b, l2, CC_TRIP_PARAM, 0, 2, CC_NONE, CC_STR_NONE);
    uint32_t inner = emit_int(fx, b, "2", 10, 11);
    assert_int_equal(cc_builder_op_get(b, inner)->loop, l2);
    cc_builder_jump(b, h2, CC_EDGE_BACK);
    cc_builder_loop_end(b);
    uint32_t after_inner = cc_builder_block_new(b);
    cc_builder_block_set(b, after_inner);
    uint32_t mid = emit_int(fx, b, "3", 10, 11);
    assert_int_equal(cc_builder_op_get(b, mid)->loop, l1);
    cc_builder_jump(b, h1, CC_EDGE_BACK);
    cc_builder_loop_end(b);
    uint32_t out = cc_builder_block_new(b);
    cc_builder_edge(b, h1, out, CC_EDGE_LOOP_EXIT);
    cc_builder_block_set(b, out);
    emit_int(fx, b, "4", 10, 11);
    cc_builder_func_end(b);
    cc_unit *u = fx->u = cc_builder_finish(b);
    const cc_func *f = &u->funcs[0];
    t_check_func_invariants(f);

    assert_int_equal(f->nloops, 2);
    const cc_loop *L1 = &f->loops[l1], *L2 = &f->loops[l2];
    assert_int_equal(L1->header, h1);
    assert_int_equal(L1->parent, CC_NONE);
    assert_int_equal(L1->trip, CC_TRIP_CONST);
    assert_int_equal(L1->trip_const, 10);
    assert_string_equal(t_text(fx->in, L1->var), "i");
    assert_int_equal(L1->trip_op, CC_NONE);
    assert_int_equal(L1->span.line, 1);
    assert_int_equal(L2->header, h2);
    assert_int_equal(L2->parent, l1);
    assert_int_equal(L2->trip, CC_TRIP_PARAM);
    assert_int_equal(L2->trip_param, 2);
    assert_int_equal(L2->var, CC_STR_NONE);
    assert_int_equal(L2->span.line, 2); /* offset 10 starts line 2 */
    assert_int_equal(f->blocks[h1].loop, l1);
    assert_int_equal(f->blocks[h2].loop, l2);
    assert_int_equal(f->blocks[0].loop, CC_NONE);
    /* Each op knows its innermost loop. */
    for (uint32_t i = 0; i < f->nops; i++) {
        const char *nm = t_text(fx->in, f->ops[i].name);
        uint32_t want = !strcmp(nm, "0") || !strcmp(nm, "4") ? CC_NONE
                        : !strcmp(nm, "2")                   ? l2
                                                             : l1;
        assert_int_equal(f->ops[i].loop, want);
    }
    assert_true(t_has_edge(f, h2, h2, CC_EDGE_BACK));
    assert_true(t_has_edge(f, after_inner, h1, CC_EDGE_BACK));
    assert_true(t_has_edge(f, h1, out, CC_EDGE_LOOP_EXIT));
    assert_string_equal(cc_trip_kind_name(CC_TRIP_PARAM), "param");
    assert_string_equal(cc_edge_kind_name(CC_EDGE_LOOP_EXIT), "loop-exit");
}

/* Line 2 has a two-byte 'é' and a four-byte emoji before the op; columns count code points. */
static const char UTEXT[] = "# first line\n"
                            "a = '\xC3\xA9\xF0\x9F\x99\x82'; b = 2\n"
                            "c = 3\r\n"
                            "\xF0\x9F\x99\x82\r"
                            "end";

static uint32_t off_of(const char *needle)
{
    const char *p = strstr(UTEXT, needle);
    assert_non_null(p);
    return (uint32_t)(p - UTEXT);
}

static void test_spans_count_code_points(void **state)
{
    fixture *fx = *state;
    cc_builder *b = new_builder(fx, UTEXT);
    uint32_t len = sizeof UTEXT - 1;
    begin_module(fx, b, len);
    uint32_t ob = off_of("b = 2"), o2 = off_of("2\n"), oc = off_of("c = 3"), oe = off_of("end");
    uint32_t ovar = off_of("a = ");
    /* Later on the line first, then earlier on it (a position cache must not go stale). */
    uint32_t two = emit_int(fx, b, "2", o2, o2 + 1);
    uint32_t nb = emit_name(fx, b, "b", ob, ob + 1);
    uint32_t na = emit_name(fx, b, "a", ovar, ovar + 1);
    uint32_t str = cc_builder_op(b, CC_OP_CONST, CC_CONST_STR, CC_NONE, CC_NONE, CC_STR_NONE, 0,
                                 ovar + 4, ob - 2);
    uint32_t nc = emit_name(fx, b, "c", oc, oc + 1);
    uint32_t ne = emit_name(fx, b, "end", oe, oe + 3);
    uint32_t past = cc_builder_op(b, CC_OP_CONST, CC_CONST_NONE, CC_NONE, CC_NONE, CC_STR_NONE, 0,
                                  len + 50, len + 60);
    cc_builder_func_end(b);
    cc_unit *u = fx->u = cc_builder_finish(b);
    const cc_func *f = &u->funcs[0];

    cc_span sp = cc_op_span(u, &f->ops[nb]);
    const cc_span *s = &sp;
    assert_int_equal(s->start, ob);
    assert_int_equal(s->end, ob + 1);
    assert_int_equal(s->line, 2);
    assert_int_equal(s->col, 11); /* a, sp, =, sp, ', é, emoji, ', ;, sp: 10 code points */
    assert_int_equal(s->end_line, 2);
    assert_int_equal(s->end_col, 12);
    sp = cc_op_span(u, &f->ops[two]);
    assert_int_equal(s->line, 2);
    assert_int_equal(s->col, 15);
    sp = cc_op_span(u, &f->ops[na]);
    assert_int_equal(s->line, 2);
    assert_int_equal(s->col, 1);
    sp = cc_op_span(u, &f->ops[str]); /* the string literal '\u00e9\U0001F642' */
    assert_int_equal(s->col, 5);
    assert_int_equal(s->end_col, 9);
    sp = cc_op_span(u, &f->ops[nc]); /* after a CRLF */
    assert_int_equal(s->line, 3);
    assert_int_equal(s->col, 1);
    sp = cc_op_span(u, &f->ops[ne]); /* after an emoji line ended by a lone CR */
    assert_int_equal(s->line, 5);
    assert_int_equal(s->col, 1);
    assert_int_equal(s->end_col, 4);
    sp = cc_op_span(u, &f->ops[past]); /* offsets past the end clamp */
    assert_int_equal(s->line, 5);
    assert_int_equal(s->col, 4);

    /* cc_unit_position agrees with the spans. */
    uint32_t line, col;
    cc_unit_position(u, ob, &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 11);
    cc_unit_position(u, o2, &line, &col);
    assert_int_equal(col, 15);
    cc_unit_position(u, 0, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 1);
    cc_unit_position(u, off_of("\xF0\x9F\x99\x82\r") + 4, &line, &col); /* the CR after the emoji */
    assert_int_equal(line, 4);
    assert_int_equal(col, 2);
    cc_unit_position(u, len + 1000, &line, &col);
    assert_int_equal(line, 5);
    assert_int_equal(col, 4);

    /* Lines, without their line ends. */
    assert_int_equal(u->nlines, 5);
    uint32_t ll;
    const char *t = cc_unit_line(u, 1, &ll);
    assert_int_equal(ll, 12);
    assert_memory_equal(t, "# first line", 12);
    t = cc_unit_line(u, 2, &ll);
    assert_int_equal(ll, strlen("a = '\xC3\xA9\xF0\x9F\x99\x82'; b = 2"));
    assert_memory_equal(t, "a = '\xC3\xA9\xF0\x9F\x99\x82'; b = 2", ll);
    t = cc_unit_line(u, 3, &ll);
    assert_int_equal(ll, 5);
    assert_memory_equal(t, "c = 3", 5);
    t = cc_unit_line(u, 4, &ll);
    assert_int_equal(ll, 4);
    assert_memory_equal(t, "\xF0\x9F\x99\x82", 4);
    t = cc_unit_line(u, 5, &ll);
    assert_int_equal(ll, 3);
    assert_memory_equal(t, "end", 3);
    cc_unit_line(u, 0, &ll);
    assert_int_equal(ll, 0);
    cc_unit_line(u, 6, &ll);
    assert_int_equal(ll, 0);
}

static void test_unit_text_and_lines(void **state)
{
    fixture *fx = *state;
    /* The unit keeps its own copy of the text. */
    char text[] = "x = 1\ny = 2\n";
    cc_builder *b = cc_builder_new(fx->in, CC_LANG_PYTHON, "dir/m.py", text, (uint32_t)strlen(text),
                                   "latin-1");
    uint32_t bl;
    const char *bt = cc_builder_text(b, &bl);
    assert_int_equal(bl, strlen(text));
    assert_ptr_not_equal(bt, text);
    assert_ptr_equal(cc_builder_interner(b), fx->in);
    begin_module(fx, b, bl);
    cc_builder_func_end(b);
    text[0] = 'Z';
    cc_unit *u = fx->u = cc_builder_finish(b);
    assert_string_equal(u->text, "x = 1\ny = 2\n");
    assert_int_equal(u->len, 12);
    assert_string_equal(u->path, "dir/m.py");
    assert_string_equal(u->encoding, "latin-1");
    assert_int_equal(u->lang, CC_LANG_PYTHON);
    /* A final newline does not start a line of its own. */
    assert_int_equal(u->nlines, 2);
    assert_int_equal(u->line_starts[0], 0);
    assert_int_equal(u->line_starts[1], 6);
    assert_int_equal(u->nfuncs, 1);
    assert_int_equal(u->funcs[0].kind, CC_FUNC_MODULE);
    assert_int_equal(u->funcs[0].parent, CC_NONE);
    assert_true(t_has_edge(&u->funcs[0], 0, 1, CC_EDGE_RETURN));
    cc_unit_delete(u);
    fx->u = NULL;

    /* An empty file has one empty line. */
    b = cc_builder_new(fx->in, CC_LANG_PYTHON, "e.py", "", 0, "utf-8");
    begin_module(fx, b, 0);
    cc_builder_func_end(b);
    u = fx->u = cc_builder_finish(b);
    uint32_t line, col;
    cc_unit_position(u, 0, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 1);
    cc_unit_line(u, 1, &bl);
    assert_int_equal(bl, 0);
}

static void test_functions_nest(void **state)
{
    fixture *fx = *state;
    cc_builder *b = new_builder(fx, TEXT);
    begin_module(fx, b, sizeof TEXT - 1);
    uint32_t mb = cc_builder_block_new(b);
    cc_builder_jump(b, mb, CC_EDGE_NEXT);
    cc_builder_block_set(b, mb);
    uint32_t fi = cc_builder_func_begin(b, CC_FUNC_FUNCTION, S(fx, "f"), S(fx, "f"), CC_NONE,
                                        CC_FUNCF_ASYNC, 0, 9);
    assert_int_equal(fi, 1);
    assert_int_equal(cc_builder_func_current(b), 1);
    assert_int_equal(cc_builder_block_current(b), 0); /* a new function starts at its entry */
    cc_builder_func_param(b, S(fx, "p"));
    cc_builder_func_param(b, S(fx, "q"));
    cc_builder_func_global(b, S(fx, "G"), false);
    cc_builder_func_global(b, S(fx, "n"), true);
    cc_builder_func_set_flags(b, CC_FUNCF_GENERATOR);
    uint32_t gi = cc_builder_func_begin(b, CC_FUNC_LAMBDA, S(fx, "<lambda>"),
                                        S(fx, "f.<locals>.<lambda>"), CC_NONE, CC_FUNCF_NESTED, 4,
                                        8);
    cc_builder_func_end(b);
    assert_int_equal(cc_builder_func_current(b), fi);
    cc_builder_func_end(b);
    assert_int_equal(cc_builder_func_current(b), 0);
    assert_int_equal(cc_builder_block_current(b), mb); /* the module's place is kept */
    cc_builder_op(b, CC_OP_FUNC, 0, CC_NONE, CC_NONE, S(fx, "f"), fi, 0, 1);
    cc_builder_func_end(b);
    cc_unit *u = fx->u = cc_builder_finish(b);

    assert_int_equal(u->nfuncs, 3);
    const cc_func *f = &u->funcs[fi], *g = &u->funcs[gi];
    for (uint32_t i = 0; i < 3; i++)
        t_check_func_invariants(&u->funcs[i]);
    assert_int_equal(f->parent, 0);
    assert_int_equal(g->parent, fi);
    assert_int_equal(f->kind, CC_FUNC_FUNCTION);
    assert_int_equal(g->kind, CC_FUNC_LAMBDA);
    assert_int_equal(f->flags, CC_FUNCF_ASYNC | CC_FUNCF_GENERATOR);
    assert_int_equal(g->flags, CC_FUNCF_NESTED);
    assert_int_equal(f->nparams, 2);
    assert_string_equal(t_text(fx->in, f->params[0]), "p");
    assert_string_equal(t_text(fx->in, f->params[1]), "q");
    assert_int_equal(f->nglobals, 1);
    assert_string_equal(t_text(fx->in, f->globals[0]), "G");
    assert_int_equal(f->nnonlocals, 1);
    assert_string_equal(t_text(fx->in, f->nonlocals[0]), "n");
    assert_string_equal(t_text(fx->in, g->qualname), "f.<locals>.<lambda>");
    assert_int_equal(g->span.col, 5);
    assert_int_equal(g->span.end_col, 9);
    assert_true(t_has_edge(f, 0, 1, CC_EDGE_RETURN));
    assert_true(t_has_edge(&u->funcs[0], mb, 1, CC_EDGE_RETURN));
    assert_false(t_has_edge(&u->funcs[0], 0, 1, CC_EDGE_RETURN));
}

static void test_diag_recording(void **state)
{
    fixture *fx = *state;
    cc_builder *b = new_builder(fx, UTEXT);
    begin_module(fx, b, sizeof UTEXT - 1);
    uint32_t ob = off_of("b = 2");
    cc_builder_diag(b, CC_SEV_WARNING, ob, ob + 5, "bad %s number %d", "thing", 42);
    cc_builder_diag(b, CC_SEV_ERROR, 0, 0, "%s", "second");
    cc_builder_func_end(b);
    cc_unit *u = fx->u = cc_builder_finish(b);
    assert_int_equal(u->ndiags, 2);
    const cc_diag *d = &u->diags[0];
    assert_string_equal(d->code, "CC000");
    assert_int_equal(d->severity, CC_SEV_WARNING);
    assert_string_equal(d->message, "bad thing number 42");
    assert_int_equal(d->span.start, ob);
    assert_int_equal(d->span.end, ob + 5);
    assert_int_equal(d->span.line, 2);
    assert_int_equal(d->span.col, 11);
    assert_int_equal(d->span.end_col, 16);
    assert_int_equal(d->unit, CC_NONE);
    assert_null(d->help);
    assert_int_equal(d->nrelated, 0);
    assert_int_equal(u->diags[1].severity, CC_SEV_ERROR);
    assert_string_equal(u->diags[1].message, "second");
    assert_string_equal(cc_severity_name(CC_SEV_ERROR), "error");
}

static void test_abandon_and_names(void **state)
{
    fixture *fx = *state;
    /* An abandoned builder frees everything (LeakSanitizer checks in the ASan build). */
    cc_builder *b = new_builder(fx, TEXT);
    begin_module(fx, b, sizeof TEXT - 1);
    uint32_t x = cc_builder_block_new(b);
    cc_builder_edge(b, 0, x, CC_EDGE_NEXT);
    uint32_t arg = emit_int(fx, b, "1", 0, 1);
    cc_builder_call(b, CC_OP_CALL, 0, arg, &arg, NULL, 1, 0, 0, 1);
    cc_builder_diag(b, CC_SEV_NOTE, 0, 1, "note");
    cc_builder_func_begin(b, CC_FUNC_FUNCTION, S(fx, "f"), S(fx, "f"), CC_NONE, 0, 0, 1);
    cc_builder_delete(b);
    cc_builder_delete(NULL);
    cc_unit_delete(NULL);

    assert_string_equal(cc_op_kind_name(CC_OP_CALL), "call");
    assert_string_equal(cc_op_kind_name(CC_OP_WITH_ENTER), "with.enter");
    assert_string_equal(cc_op_kind_name((cc_op_kind)CC_OP__COUNT), "?");
    assert_string_equal(cc_sem_kind_name(CC_SEM_SET_START_METHOD), "SET_START_METHOD");
    assert_string_equal(cc_store_kind_name(CC_STORE_RMW), "rmw");
    assert_string_equal(cc_scope_name(CC_SCOPE_ENCLOSING), "enclosing");
    assert_string_equal(cc_alloc_kind_name(CC_ALLOC_GENERATOR), "generator");
    assert_string_equal(cc_const_kind_name(CC_CONST_ELLIPSIS), "ellipsis");
    assert_string_equal(cc_index_kind_name(CC_INDEX_LOOP_VAR), "loop-var");
    assert_string_equal(cc_edge_kind_name((cc_edge_kind)200), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ops_contiguous_and_remapped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_class_bases_remapped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edges_and_closing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_loops_and_trips, setup, teardown),
        cmocka_unit_test_setup_teardown(test_spans_count_code_points, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unit_text_and_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_functions_nest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_diag_recording, setup, teardown),
        cmocka_unit_test_setup_teardown(test_abandon_and_names, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
