/* test_c_lower.c - the IR the C front end produces (frontends/c/c_lower.c), through the
 * in-process parser, and the unit serialisation the worker processes use (unit_serial.c). Each
 * construct has a twin that differs in one fact and expects the opposite. */
#include "helpers.h"

#include <sys/stat.h>
#include <unistd.h>

#include "c/c_frontend.h"
#include "unit_serial.h"

typedef struct fixture {
    cc_interner *in;
    cc_c_parser *parser;
    cc_unit *u;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof(*fx));
    fx->in = cc_interner_new();
    fx->parser = cc_c_parser_new();
    *state = fx;
    return fx->in && fx->parser ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    cc_unit_delete(fx->u);
    cc_c_parser_delete(fx->parser);
    cc_interner_delete(fx->in);
    free(fx);
    return 0;
}

/* A path in a folder that does not exist: no compilation database is found for it. */
#define TPATH "/nonexistent-concur-test/t.c"

static const cc_unit *parse(fixture *fx, const char *src)
{
    cc_unit_delete(fx->u);
    fx->u = cc_c_parser_parse(fx->parser, fx->in, TPATH, src, strlen(src), NULL);
    assert_non_null(fx->u);
    assert_int_equal(fx->u->lang, CC_LANG_C);
    for (uint32_t i = 0; i < fx->u->nfuncs; i++)
        t_check_func_invariants(&fx->u->funcs[i]);
    return fx->u;
}

static const cc_func *func(fixture *fx, const char *name)
{
    return t_func(fx->u, fx->in, name);
}

static const cc_loop *only_loop(const cc_func *f)
{
    assert_int_equal(f->nloops, 1);
    return &f->loops[0];
}

/* The STORE into the NAME `name`, or fails. */
static const cc_op *store_to(fixture *fx, const cc_func *f, const char *name)
{
    for (uint32_t i = 0; i < f->nops; i++) {
        const cc_op *op = &f->ops[i];
        if (op->kind == CC_OP_STORE && f->ops[op->a].kind == CC_OP_NAME &&
            !strcmp(t_text(fx->in, f->ops[op->a].name), name))
            return op;
    }
    fail_msg("no store to `%s`", name);
    return NULL;
}

/* ---- control flow -------------------------------------------------------------------------- */

static void test_if_else_and_twin(void **state)
{
    fixture *fx = *state;
    parse(fx, "int g; void f(int x) { if (x) g = 1; else g = 2; g = 3; }");
    const cc_func *f = func(fx, "f");
    uint32_t br = t_need_op(f, fx->in, CC_OP_BRANCH, NULL);
    uint32_t b = f->ops[br].block;
    uint32_t t = t_edge_to(f, b, CC_EDGE_TRUE), e = t_edge_to(f, b, CC_EDGE_FALSE);
    assert_int_not_equal(t, CC_NONE);
    assert_int_not_equal(e, CC_NONE);
    assert_int_equal(t_count_ops(f, CC_OP_STORE), 4); /* param + three */
    /* twin: no else, the false edge goes straight to the code after */
    parse(fx, "int g; void f(int x) { if (x) g = 1; g = 3; }");
    f = func(fx, "f");
    br = t_need_op(f, fx->in, CC_OP_BRANCH, NULL);
    e = t_edge_to(f, f->ops[br].block, CC_EDGE_FALSE);
    assert_int_equal(f->blocks[e].nops > 0, 1);
    assert_int_equal(f->ops[f->blocks[e].first_op].kind, CC_OP_CONST); /* g = 3 starts there */
}

static void test_for_trip_counts(void **state)
{
    fixture *fx = *state;
    parse(fx, "#define N 8\nint a[9]; void f(void) { for (int i = 0; i < N; i++) a[i] = 0; }");
    const cc_loop *l = only_loop(func(fx, "f"));
    assert_int_equal(l->trip, CC_TRIP_CONST);
    assert_int_equal(l->trip_const, 8);
    assert_string_equal(t_text(fx->in, l->var), "i");
    /* twin: <= runs once more */
    parse(fx, "int a[9]; void f(void) { int i; for (i = 0; i <= 8; ++i) a[i] = 0; }");
    l = only_loop(func(fx, "f"));
    assert_int_equal(l->trip, CC_TRIP_CONST);
    assert_int_equal(l->trip_const, 9);
    /* counting down by two */
    parse(fx, "void f(void) { for (int i = 10; i > 0; i -= 2) ; }");
    l = only_loop(func(fx, "f"));
    assert_int_equal(l->trip, CC_TRIP_CONST);
    assert_int_equal(l->trip_const, 5);
    /* bound by a parameter */
    parse(fx, "void f(int a, int n) { for (int i = 0; i < n; i++) ; }");
    l = only_loop(func(fx, "f"));
    assert_int_equal(l->trip, CC_TRIP_PARAM);
    assert_int_equal(l->trip_param, 1);
    /* twin: bound by a global, unknown */
    parse(fx, "int n; void f(void) { for (int i = 0; i < n; i++) ; }");
    assert_int_equal(only_loop(func(fx, "f"))->trip, CC_TRIP_UNKNOWN);
    /* no condition: infinite, no exit edge */
    parse(fx, "void f(void) { for (;;) ; }");
    const cc_func *f = func(fx, "f");
    assert_int_equal(only_loop(f)->trip, CC_TRIP_INFINITE);
    assert_int_equal(t_count_edges(f, CC_EDGE_LOOP_EXIT), 0);
}

static void test_for_parts_and_continue(void **state)
{
    fixture *fx = *state;
    /* only a condition and an increment: libclang omits the init */
    parse(fx, "int g; void f(int i) { for (; i < 4; i++) { if (g) continue; g = 1; } }");
    const cc_func *f = func(fx, "f");
    assert_int_equal(only_loop(f)->trip, CC_TRIP_UNKNOWN); /* no syntactic start */
    assert_int_equal(t_count_edges(f, CC_EDGE_CONTINUE), 1);
    assert_int_equal(t_count_edges(f, CC_EDGE_BACK), 1);
    uint32_t c = t_need_op(f, fx->in, CC_OP_COMPARE, "<");
    assert_int_equal(f->ops[c].loop, 0);
}

static void test_while_do(void **state)
{
    fixture *fx = *state;
    parse(fx, "int g; void f(void) { while (1) { if (g) break; } }");
    const cc_func *f = func(fx, "f");
    assert_int_equal(only_loop(f)->trip, CC_TRIP_INFINITE);
    assert_int_equal(t_count_edges(f, CC_EDGE_BREAK), 1);
    /* twin: a condition */
    parse(fx, "int g; void f(void) { while (g) { g--; } }");
    f = func(fx, "f");
    assert_int_equal(only_loop(f)->trip, CC_TRIP_UNKNOWN);
    assert_int_equal(t_count_edges(f, CC_EDGE_LOOP_EXIT), 1);
    /* do-while(0), the macro idiom, is no loop */
    parse(fx, "int g;\n#define SET(x) do { (x) = 1; } while (0)\nvoid f(void) { SET(g); }");
    f = func(fx, "f");
    assert_int_equal(f->nloops, 0);
    /* twin: do-while with a condition is a loop */
    parse(fx, "int g; void f(void) { do { g--; } while (g); }");
    f = func(fx, "f");
    assert_int_equal(only_loop(f)->trip, CC_TRIP_UNKNOWN);
    assert_int_equal(t_count_edges(f, CC_EDGE_BACK), 1);
}

static void test_switch_fallthrough_and_twin(void **state)
{
    fixture *fx = *state;
    parse(fx, "int a, b; void f(int x) { switch (x) { case 1: a = 1; case 2: b = 2; } }");
    const cc_func *f = func(fx, "f");
    uint32_t br = t_need_op(f, fx->in, CC_OP_BRANCH, NULL);
    uint32_t d = f->ops[br].block;
    assert_int_equal(f->blocks[d].nsucc, 3); /* two cases and the no-match edge */
    uint32_t sa = store_to(fx, f, "a")->block, sb = store_to(fx, f, "b")->block;
    assert_true(t_has_edge(f, sa, sb, CC_EDGE_NEXT)); /* falls through */
    assert_true(t_has_edge(f, d, sb, CC_EDGE_TRUE));
    /* twin: a break between the cases */
    parse(fx, "int a, b; void f(int x) { switch (x) { case 1: a = 1; break; case 2: b = 2; "
              "default: ; } }");
    f = func(fx, "f");
    sa = store_to(fx, f, "a")->block;
    sb = store_to(fx, f, "b")->block;
    assert_false(t_has_edge(f, sa, sb, CC_EDGE_NEXT));
    assert_int_equal(t_count_edges(f, CC_EDGE_BREAK), 1);
    d = f->ops[t_need_op(f, fx->in, CC_OP_BRANCH, NULL)].block;
    assert_int_equal(f->blocks[d].nsucc, 3); /* two cases and default */
}

static void test_goto_and_early_return(void **state)
{
    fixture *fx = *state;
    parse(fx, "int g; int f(int x) { if (x) goto out; g = 1; out: return g; }");
    const cc_func *f = func(fx, "f");
    assert_int_equal(t_count_edges(f, CC_EDGE_GOTO), 1);
    uint32_t ret = f->ops[t_need_op(f, fx->in, CC_OP_RETURN, NULL)].block;
    uint32_t from = CC_NONE;
    for (uint32_t b = 0; b < f->nblocks; b++)
        if (t_edge_to(f, b, CC_EDGE_GOTO) != CC_NONE)
            from = b;
    assert_true(t_reaches(f, from, ret, CC_EDGE__COUNT));
    /* early return: the code after it is reached from nowhere */
    parse(fx, "int g; void f(int x) { if (x) return; g = 1; return; g = 2; }");
    f = func(fx, "f");
    assert_int_equal(t_count_edges(f, CC_EDGE_RETURN), 3); /* the dead tail too */
    const cc_op *dead = NULL;
    for (uint32_t i = 0; i < f->nops; i++)
        if (f->ops[i].kind == CC_OP_CONST && f->ops[i].ival == 2)
            dead = &f->ops[i];
    assert_non_null(dead);
    assert_false(t_reaches(f, 0, dead->block, CC_EDGE__COUNT));
    assert_true(t_reaches(f, 0, store_to(fx, f, "g")->block, CC_EDGE__COUNT));
}

/* ---- values and places --------------------------------------------------------------------- */

static void test_store_kinds(void **state)
{
    fixture *fx = *state;
    parse(fx, "#define INC(v) ((v) += 1)\nint a, b, c, d, e, y;\n"
              "void f(void) { a = 1; b += 2; c++; d = d + 1; e = y + 1;\n INC(y); }");
    const cc_func *f = func(fx, "f");
    assert_int_equal(store_to(fx, f, "a")->sub, CC_STORE_PLAIN);
    const cc_op *sb = store_to(fx, f, "b");
    assert_int_equal(sb->sub, CC_STORE_RMW);
    assert_true(sb->flags & CC_OPF_AUGMENTED);
    assert_int_equal(store_to(fx, f, "c")->sub, CC_STORE_RMW);
    assert_int_equal(store_to(fx, f, "d")->sub, CC_STORE_RMW);
    assert_false(store_to(fx, f, "d")->flags & CC_OPF_AUGMENTED);
    assert_int_equal(store_to(fx, f, "e")->sub, CC_STORE_PLAIN); /* twin of d */
    /* inside a macro: still RMW, reported at the expansion site (line 4) */
    const cc_op *sy = store_to(fx, f, "y");
    assert_int_equal(sy->sub, CC_STORE_RMW);
    cc_span sp = cc_op_span(fx->u, sy);
    assert_int_equal(sp.line, 4);
    assert_int_equal(sp.col, 2);
}

static void test_addr_deref_fields(void **state)
{
    fixture *fx = *state;
    parse(fx, "struct S { int f; }; struct S s; int x;\n"
              "void f(struct S *p, int *q) { int *r = &x; *q = 1; s.f = 2; p->f = 3; }");
    const cc_func *f = func(fx, "f");
    uint32_t amp = t_need_op(f, fx->in, CC_OP_UNOP, "&");
    assert_int_equal(f->ops[f->ops[amp].a].kind, CC_OP_NAME);
    assert_string_equal(t_text(fx->in, f->ops[f->ops[amp].a].name), "x");
    /* *q = 1 stores into the place UNOP "*" of q's value */
    uint32_t star = t_need_op(f, fx->in, CC_OP_UNOP, "*");
    assert_int_equal(f->ops[f->ops[star].a].kind, CC_OP_LOAD);
    bool stored = false;
    for (uint32_t i = 0; i < f->nops; i++)
        stored |= f->ops[i].kind == CC_OP_STORE && f->ops[i].a == star;
    assert_true(stored);
    /* s.f: FIELD of &s; p->f: FIELD of p's value */
    uint32_t f1 = t_need_op(f, fx->in, CC_OP_FIELD, "f");
    uint32_t f2 = t_find_op_from(f, fx->in, CC_OP_FIELD, "f", f1 + 1);
    assert_int_not_equal(f2, CC_NONE);
    assert_int_equal(f->ops[f->ops[f1].a].kind, CC_OP_UNOP);
    assert_int_equal(f->ops[f->ops[f2].a].kind, CC_OP_LOAD);
}

static void test_index_kinds(void **state)
{
    fixture *fx = *state;
    parse(fx, "int a[10]; void f(int j) { a[3] = 0; for (int i = 0; i < 10; i++) a[i] = 1; "
              "a[j] = 2; }");
    const cc_func *f = func(fx, "f");
    int seen = 0;
    for (uint32_t i = 0; i < f->nops; i++) {
        const cc_op *op = &f->ops[i];
        if (op->kind != CC_OP_INDEX)
            continue;
        if (seen == 0) {
            assert_int_equal(op->sub, CC_INDEX_CONST);
            assert_int_equal(op->ival, 3);
            /* the array decays: the base is &a */
            assert_int_equal(f->ops[op->a].kind, CC_OP_UNOP);
        } else if (seen == 1) {
            assert_int_equal(op->sub, CC_INDEX_LOOP_VAR);
        } else {
            assert_int_equal(op->sub, CC_INDEX_UNKNOWN); /* twin: j is no loop variable */
        }
        seen++;
    }
    assert_int_equal(seen, 3);
}

static void test_calls_direct_and_pointer(void **state)
{
    fixture *fx = *state;
    parse(fx, "void g(int); void (*fp)(int);\nvoid f(void (*h)(int)) { g(1); fp(2); (*h)(3); }");
    const cc_func *f = func(fx, "f");
    uint32_t c = t_need_call(f, fx->in, "g");
    assert_int_equal(f->ops[c].sub, CC_C_CALL_DIRECT);
    assert_int_equal(f->ops[c].nargs, 1);
    uint32_t c2 = t_need_call(f, fx->in, "fp");
    assert_int_equal(f->ops[c2].sub, CC_C_CALL_INDIRECT);
    uint32_t c3 = t_need_call(f, fx->in, "h");
    assert_int_equal(f->ops[c3].sub, CC_C_CALL_INDIRECT);
    /* a defined function is bound in the module, as a def is */
    parse(fx, "void g(void) {} void f(void) { g(); }");
    const cc_func *m = func(fx, "<module>");
    uint32_t fo = t_need_op(m, fx->in, CC_OP_FUNC, "g");
    assert_int_equal(m->ops[fo].ival, 1);
    assert_int_equal(store_to(fx, m, "g")->b, fo);
}

static void test_scopes_tls_atomic(void **state)
{
    fixture *fx = *state;
    parse(fx, "int plain; _Thread_local int tl; __thread int gt; _Atomic int at;\n"
              "void f(int p) { static int n; int loc; plain = 1; tl = 1; gt = 1; at = 1; n = 1;"
              " loc = p; }");
    const cc_func *f = func(fx, "f");
    const cc_op *pl = &f->ops[store_to(fx, f, "plain")->a];
    assert_int_equal(pl->sub, CC_SCOPE_GLOBAL);
    assert_int_equal(pl->ival, 0);
    assert_int_equal(f->ops[store_to(fx, f, "tl")->a].ival, CC_C_NAME_TLS);
    assert_int_equal(f->ops[store_to(fx, f, "gt")->a].ival, CC_C_NAME_TLS);
    assert_int_equal(f->ops[store_to(fx, f, "at")->a].ival, CC_C_NAME_ATOMIC);
    assert_int_equal(f->ops[store_to(fx, f, "f.n")->a].sub, CC_SCOPE_GLOBAL);
    assert_int_equal(f->ops[store_to(fx, f, "loc")->a].sub, CC_SCOPE_LOCAL);
    /* the parameter: PARAM #0 stored into its local */
    const cc_op *sp = store_to(fx, f, "p");
    assert_int_equal(f->ops[sp->b].kind, CC_OP_PARAM);
    assert_int_equal(f->ops[sp->a].sub, CC_SCOPE_LOCAL);
    assert_int_equal(f->nparams, 1);
}

static void test_atomic_builtins_are_calls(void **state)
{
    fixture *fx = *state;
    parse(fx, "#include <stdatomic.h>\natomic_int n; int m;\n"
              "void f(void) { atomic_fetch_add(&n, 1); __atomic_fetch_add(&m, 1, 5); "
              "__sync_fetch_and_add(&m, 1); }");
    const cc_func *f = func(fx, "f");
    t_need_call(f, fx->in, "atomic_fetch_add");
    t_need_call(f, fx->in, "__atomic_fetch_add");
    t_need_call(f, fx->in, "__sync_fetch_and_add");
}

static void test_system_headers_not_lowered(void **state)
{
    fixture *fx = *state;
    parse(fx, "#include <stdio.h>\n#include <pthread.h>\nint main(void) { puts(\"x\"); }");
    assert_int_equal(fx->u->nfuncs, 2); /* <module> and main */
    assert_int_equal(fx->u->ndiags, 0);
}

static void test_problems(void **state)
{
    fixture *fx = *state;
    parse(fx, "#include \"does_not_exist.h\"\nint g; void f(void) { g++; }");
    assert_int_equal(fx->u->ndiags, 1);
    assert_non_null(strstr(fx->u->diags[0].message, "missing header"));
    assert_int_equal(fx->u->diags[0].span.line, 1);
    assert_int_equal(store_to(fx, func(fx, "f"), "g")->sub, CC_STORE_RMW); /* still lowered */
    /* a syntax error */
    parse(fx, "int g; void f(void) { g = ; }\nvoid h(void) { g = 1; }");
    assert_true(fx->u->ndiags >= 1);
    func(fx, "h");
}

static void test_depth_bound_and_twin(void **state)
{
    fixture *fx = *state;
    size_t n = 1000;
    char *src = malloc(n + 64);
    strcpy(src, "int g; void f(void) { g = ");
    memset(src + strlen(src), '!', n);
    src[26 + n] = 0;
    strcat(src, "1; }");
    parse(fx, src);
    bool deep = false;
    for (uint32_t i = 0; i < fx->u->ndiags; i++)
        deep |= strstr(fx->u->diags[i].message, "nested more than") != NULL;
    assert_true(deep);
    /* twin: 100 deep is lowered whole */
    strcpy(src, "int g; void f(void) { g = ");
    for (size_t i = 0; i < 100; i++)
        strcat(src, "!");
    strcat(src, "1; }");
    parse(fx, src);
    assert_int_equal(fx->u->ndiags, 0);
    assert_int_equal(t_count_ops(func(fx, "f"), CC_OP_UNOP), 100);
    free(src);
}

/* ---- serialisation ------------------------------------------------------------------------- */

static char *dump_to_string(const cc_unit *u, const cc_interner *in)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cc_unit_dump(u, in, NULL, f);
    fclose(f);
    return buf;
}

static void test_serial_roundtrip_and_corruption(void **state)
{
    fixture *fx = *state;
    parse(fx, "#include \"nothere.h\"\nint a[4]; int g;\n"
              "void f(int n) { for (int i = 0; i < 4; i++) { a[i] += n; if (g) break; } "
              "switch (n) { case 1: g = 1; default: g = 2; } }");
    uint8_t *buf;
    size_t len;
    cc_unit_serialize(fx->u, fx->in, &buf, &len);
    cc_interner *in2 = cc_interner_new();
    cc_unit *u2 = NULL;
    assert_int_equal(cc_unit_deserialize(buf, len, in2, &u2), CC_OK);
    char *d1 = dump_to_string(fx->u, fx->in), *d2 = dump_to_string(u2, in2);
    assert_string_equal(d1, d2);
    assert_int_equal(u2->ndiags, 1);
    free(d1);
    free(d2);
    cc_unit_delete(u2);
    /* every truncation and a flipped byte anywhere: an error or a valid unit, never a crash */
    for (size_t cut = 0; cut < len; cut += 1 + cut / 16) {
        cc_unit *u3 = NULL;
        assert_int_not_equal(cc_unit_deserialize(buf, cut, in2, &u3), CC_OK);
        assert_null(u3);
    }
    for (size_t i = 4; i < len; i += 3) {
        buf[i] ^= 0x5a;
        cc_unit *u3 = NULL;
        if (cc_unit_deserialize(buf, len, in2, &u3) == CC_OK)
            cc_unit_delete(u3);
        buf[i] ^= 0x5a;
    }
    free(buf);
    cc_interner_delete(in2);
}

/* ---- compile flags ------------------------------------------------------------------------- */

static void test_compile_database_flags(void **state)
{
    fixture *fx = *state;
    char dir[] = "/tmp/concur-cdb-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], cdb[256], src[256];
    snprintf(src, sizeof src, "%s/m.c", dir);
    FILE *f = fopen(src, "w");
    fputs("int main(void) { return FOO; }\n", f);
    fclose(f);
    snprintf(cdb, sizeof cdb, "%s/compile_commands.json", dir);
    f = fopen(cdb, "w");
    fprintf(f, "[{\"directory\": \"%s\", \"file\": \"m.c\", \"command\": \"gcc -Iinc -DFOO=7 "
               "-fno-tree-vectorize -Wlogical-op -fconserve-stack -O2 -std=gnu11 -c m.c -o "
               "m.o\"}]\n",
            dir);
    fclose(f);
    char **argv = NULL;
    int n = cc_c_parser_args(fx->parser, src, NULL, &argv);
    bool has_inc = false, has_def = false, has_std = false, has_gcc = false;
    snprintf(path, sizeof path, "-I%s/inc", dir);
    for (int i = 0; i < n; i++) {
        has_inc |= !strcmp(argv[i], path);
        has_def |= !strcmp(argv[i], "-DFOO=7");
        has_std |= !strcmp(argv[i], "-std=gnu11");
        has_gcc |= !strcmp(argv[i], "-fno-tree-vectorize") || !strcmp(argv[i], "-Wlogical-op");
    }
    cc_c_args_free(argv);
    assert_true(has_inc);
    assert_true(has_def);
    assert_true(has_std);
    assert_false(has_gcc);
    /* the flags reach the parse: FOO is defined, no error */
    cc_unit_delete(fx->u);
    fx->u = cc_c_parser_parse(fx->parser, fx->in, src, "int main(void) { return FOO; }\n", 31,
                              NULL);
    assert_int_equal(fx->u->ndiags, 0);
    /* twin: without the database FOO is undeclared */
    unlink(cdb);
    cc_c_parser_delete(fx->parser); /* forget the cached database */
    fx->parser = cc_c_parser_new();
    cc_unit_delete(fx->u);
    fx->u = cc_c_parser_parse(fx->parser, fx->in, src, "int main(void) { return FOO; }\n", 31,
                              NULL);
    assert_int_equal(fx->u->ndiags, 1);
    unlink(src);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_if_else_and_twin, setup, teardown),
        cmocka_unit_test_setup_teardown(test_for_trip_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_for_parts_and_continue, setup, teardown),
        cmocka_unit_test_setup_teardown(test_while_do, setup, teardown),
        cmocka_unit_test_setup_teardown(test_switch_fallthrough_and_twin, setup, teardown),
        cmocka_unit_test_setup_teardown(test_goto_and_early_return, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_kinds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_addr_deref_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index_kinds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_calls_direct_and_pointer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scopes_tls_atomic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_atomic_builtins_are_calls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_system_headers_not_lowered, setup, teardown),
        cmocka_unit_test_setup_teardown(test_problems, setup, teardown),
        cmocka_unit_test_setup_teardown(test_depth_bound_and_twin, setup, teardown),
        cmocka_unit_test_setup_teardown(test_serial_roundtrip_and_corruption, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compile_database_flags, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
