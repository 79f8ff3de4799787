/* test_effects.c - cost arithmetic (polynomials), the step counter and its calibration against
 * `concur bench`'s harness, sizes of payloads, site shapes, the cost constants read from a bench
 * result, and the advice made from them (analyzer/src/effects.c, advice.c). */
#include "helpers.h"

#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "concur/advice.h"
#include "concur/effects.h"
#include "concur/program.h"

static double ev(cc_poly p, double n0, double n1, double u)
{
    double vals[CC_POLY_VARS] = {0};
    vals[0] = n0;
    vals[1] = n1;
    vals[CC_POLY_U] = u;
    return cc_poly_eval(&p, vals);
}

/* ---- polynomials ----------------------------------------------------------------------------- */

static void test_poly_arithmetic(void **state)
{
    (void)state;
    cc_poly n0 = cc_poly_var(0), n1 = cc_poly_var(1);
    cc_poly p = cc_poly_add(cc_poly_scale(n0, 3), cc_poly_const(7)); /* 3 n0 + 7 */
    assert_true(ev(p, 10, 0, 0) == 37);
    cc_poly q = cc_poly_mul(p, n1); /* 3 n0 n1 + 7 n1 */
    assert_true(ev(q, 2, 5, 0) == 65);
    assert_int_equal(q.n, 2);
    /* like terms merge */
    cc_poly r = cc_poly_add(q, cc_poly_mul(n1, cc_poly_scale(n0, 2)));
    assert_int_equal(r.n, 2);
    assert_true(ev(r, 2, 5, 0) == 85);
    assert_true(cc_poly_uses(&r, 0) && cc_poly_uses(&r, 1) && !cc_poly_uses(&r, CC_POLY_U));
    assert_true(cc_poly_symbolic(&r));
    cc_poly c = cc_poly_const(4);
    assert_false(cc_poly_symbolic(&c));
    /* scaling by zero gives the zero polynomial */
    assert_int_equal(cc_poly_scale(r, 0).n, 0);
    char buf[128];
    assert_string_equal(cc_poly_format(&p, buf, sizeof buf), "3*n0 + 7");
    cc_poly z = {0};
    assert_string_equal(cc_poly_format(&z, buf, sizeof buf), "0");
}

static void test_poly_subst(void **state)
{
    (void)state;
    /* callee: 6 n0 + 2; call with n0 := 2 m1 + 1 (the caller's parameter 1) */
    cc_poly callee = cc_poly_add(cc_poly_scale(cc_poly_var(0), 6), cc_poly_const(2));
    cc_poly args[CC_POLY_VARS];
    for (int v = 0; v < CC_POLY_VARS; v++)
        args[v] = cc_poly_var(CC_POLY_U);
    args[0] = cc_poly_add(cc_poly_scale(cc_poly_var(1), 2), cc_poly_const(1));
    cc_poly r = cc_poly_subst(callee, args);
    assert_true(ev(r, 0, 10, 0) == 6 * 21 + 2);
    assert_false(cc_poly_uses(&r, 0));
    /* a square substitutes into a square */
    cc_poly sq = cc_poly_mul(cc_poly_var(0), cc_poly_var(0));
    args[0] = cc_poly_const(1000);
    cc_poly s = cc_poly_subst(sq, args);
    assert_false(cc_poly_symbolic(&s));
    assert_true(ev(s, 0, 0, 0) == 1e6);
}

static void test_poly_bounds(void **state)
{
    (void)state;
    /* more distinct terms than fit: the least important go, and the result says so */
    cc_poly p = {0};
    for (int i = 0; i < CC_POLY_TERMS + 3; i++) {
        cc_poly t = cc_poly_const(1);
        for (int k = 0; k <= i % 3; k++)
            t = cc_poly_mul(t, cc_poly_var(i % CC_POLY_PARAMS));
        p = cc_poly_add(p, cc_poly_scale(t, i + 1));
    }
    assert_true(p.n <= CC_POLY_TERMS);
    /* degrees are clamped */
    cc_poly d = cc_poly_const(1);
    for (int i = 0; i < CC_POLY_MAXDEG + 3; i++)
        d = cc_poly_mul(d, cc_poly_var(0));
    assert_true(d.flags & CC_POLYF_APPROX);
    int deg = 0;
    for (int v = 0; v < CC_POLY_VARS; v++)
        deg += d.t[0].deg[v];
    assert_int_equal(deg, CC_POLY_MAXDEG);
}

static void test_formatting(void **state)
{
    (void)state;
    char b[64];
    assert_string_equal(cc_fmt_count(10000000, b, sizeof b), "~10^7");
    assert_string_equal(cc_fmt_count(60000000, b, sizeof b), "~6*10^7");
    assert_string_equal(cc_fmt_count(42, b, sizeof b), "~42");
    assert_string_equal(cc_fmt_seconds(0.0021, b, sizeof b), "~2 ms");
    assert_string_equal(cc_fmt_seconds(1.5, b, sizeof b), "~1.5 s");
    assert_string_equal(cc_fmt_bytes(80e6, b, sizeof b), "~80 MB");
    assert_string_equal(cc_site_short_name("pkg.mod.score"), "score");
    assert_string_equal(cc_site_short_name("pkg.mod.Crunch.run"), "Crunch.run");
}

/* ---- programs -------------------------------------------------------------------------------- */

typedef struct fixture {
    char dir[64];
    cc_interner *in;
    cc_program *prog;
    cc_cost_constants k;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof(*fx));
    snprintf(fx->dir, sizeof fx->dir, "/tmp/concur_test_effects_XXXXXX");
    if (!mkdtemp(fx->dir))
        return -1;
    fx->in = cc_interner_new();
    cc_cost_constants_default(&fx->k);
    fx->k.cores = 2; /* the same on every machine */
    *state = fx;
    return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int teardown(void **state)
{
    fixture *fx = *state;
    cc_program_delete(fx->prog);
    cc_interner_delete(fx->in);
    nftw(fx->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(fx);
    return 0;
}

static cc_program *analyze_opts(fixture *fx, const char *text, cc_program_options *o)
{
    char path[512];
    snprintf(path, sizeof path, "%s/main.py", fx->dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    cc_unit **units = malloc(sizeof(*units));
    units[0] = t_parse_n(fx->in, path, text, strlen(text));
    o->costs = &fx->k;
    fx->prog = cc_program_new(fx->in, units, 1, o);
    cc_program_analyze(fx->prog, NULL, NULL);
    return fx->prog;
}

static cc_program *analyze(fixture *fx, const char *text)
{
    cc_program_options o = {0};
    return analyze_opts(fx, text, &o);
}

static const cc_cost *summary_of(fixture *fx, const char *qualname)
{
    const cc_unit *u = cc_program_unit(fx->prog, 0);
    const cc_func *f = t_func(u, fx->in, qualname);
    return cc_effects_summary(cc_program_effects(fx->prog), 0, t_func_index(u, f));
}

/* Coefficient of the monomial that is exactly var^1 (0 when absent). */
static double coef_of(const cc_poly *p, int var)
{
    for (int i = 0; i < p->n; i++) {
        int deg = 0;
        for (int v = 0; v < CC_POLY_VARS; v++)
            deg += p->t[i].deg[v];
        if (deg == 1 && p->t[i].deg[var] == 1)
            return p->t[i].coef;
    }
    return 0;
}

/* The step counter must count the bench harness's cpu_task loop body as the number of steps the
 * constants loader divides by (BENCH_CPU_STEPS_PER_ITER in effects.c): this is what makes
 * seconds per step measured by `concur bench` mean the same as the steps counted here. */
static void test_calibration_with_bench_harness(void **state)
{
    fixture *fx = *state;
    analyze(fx, "def cpu_task(n):\n"
                "    \"\"\"GIL-holding work: a pure-Python loop.\"\"\"\n"
                "    s = 0\n"
                "    for i in range(n):\n"
                "        s += i * i % 7\n"
                "    return s\n");
    const cc_cost *c = summary_of(fx, "cpu_task");
    assert_true(coef_of(&c->gil, 0) == 6.0);
    assert_int_equal(c->native.n, 0);
    assert_int_equal(c->wait_s.n, 0);
    assert_false(c->flags & CC_COSTF_UNKNOWN_CALL);
    assert_true(c->flags & CC_COSTF_LOOP);
}

static void test_trip_counts_and_calls(void **state)
{
    fixture *fx = *state;
    analyze(fx, "import hashlib\nimport time\n"
                "N = 10**7\n"
                "def inner(items):\n"
                "    t = 0\n"
                "    for x in items:\n"
                "        t += x\n"
                "    return t\n"
                "def outer(n):\n"
                "    return inner(list(range(n)))\n"
                "def fixed():\n"
                "    t = 0\n"
                "    for i in range(N):\n"
                "        t += i\n"
                "    return t\n"
                "def digest_big():\n"
                "    return hashlib.sha256(bytes(1 << 20)).hexdigest()\n"
                "def digest_small():\n"
                "    return hashlib.sha256(b'abc').hexdigest()\n"
                "def nap(s):\n"
                "    time.sleep(0.25)\n"
                "    time.sleep(s)\n");
    const cc_cost *in = summary_of(fx, "inner");
    double per_item = coef_of(&in->gil, 0);
    assert_true(per_item == 4.0); /* next, store x, +, store t */
    const cc_cost *out = summary_of(fx, "outer");
    /* inner's per-item cost follows n through list(range(n)), plus list()'s own walk */
    assert_true(coef_of(&out->gil, 0) >= per_item);
    double vals[CC_POLY_VARS] = {100, 0, 0, 0, 0, 0};
    assert_true(cc_poly_eval(&out->gil, vals) > 400);
    const cc_cost *fixed = summary_of(fx, "fixed");
    assert_false(cc_poly_symbolic(&fixed->gil));
    assert_true(cc_poly_eval(&fixed->gil, vals) >= 4e7);
    /* hashlib keeps the GIL under 2048 bytes and releases it above */
    const cc_cost *big = summary_of(fx, "digest_big");
    assert_true(cc_poly_eval(&big->native, vals) == 1048576.0);
    assert_string_equal(big->native_src.what, "hashlib.sha256");
    const cc_cost *small = summary_of(fx, "digest_small");
    assert_int_equal(small->native.n, 0);
    /* sleeps: stated seconds, symbolic in the parameter */
    const cc_cost *nap = summary_of(fx, "nap");
    double v2[CC_POLY_VARS] = {2, 0, 0, 0, 0, 0};
    assert_true(cc_poly_eval(&nap->wait_s, v2) == 2.25);
    assert_true(cc_poly_eval(&nap->waits, v2) == 2);
    assert_true(nap->flags & CC_COSTF_ASYNC_WAITS);
}

static void test_recursion_is_bounded(void **state)
{
    fixture *fx = *state;
    analyze(fx, "def fib(n):\n"
                "    if n < 2:\n"
                "        return n\n"
                "    return fib(n - 1) + fib(n - 2)\n"
                "def ping(n):\n    return pong(n)\n"
                "def pong(n):\n    return ping(n)\n");
    const cc_cost *c = summary_of(fx, "fib");
    assert_true(c->flags & CC_COSTF_RECURSIVE);
    assert_true(cc_poly_uses(&c->gil, CC_POLY_U));
    assert_true(summary_of(fx, "ping")->flags & CC_COSTF_RECURSIVE);
}

static const cc_site *site_at_line(fixture *fx, uint32_t line)
{
    cc_effects *e = cc_program_effects(fx->prog);
    const cc_unit *u = cc_program_unit(fx->prog, 0);
    for (uint32_t i = 0; i < cc_effects_site_count(e); i++) {
        const cc_site *s = cc_effects_site(e, i);
        cc_span sp = cc_op_span(u, &u->funcs[s->at.func].ops[s->at.op]);
        if (sp.line == line)
            return s;
    }
    fail_msg("no site on line %u", line);
    return NULL;
}

static void test_site_shapes(void **state)
{
    fixture *fx = *state;
    analyze(fx, "from concurrent.futures import ThreadPoolExecutor, ProcessPoolExecutor\n"
                "from multiprocessing import Pool\n"
                "def score(seed):\n"
                "    t = 0\n"
                "    for i in range(1000):\n"
                "        t += i * seed\n"
                "    return t\n"
                "def total(values):\n"
                "    return sum(values)\n"
                "def main():\n"
                "    data = list(range(10**6))\n"
                "    with ThreadPoolExecutor(4) as ex:\n"
                "        list(ex.map(score, [1, 2, 3, 4, 5, 6, 7, 8]))\n" /* line 13 */
                "    with ProcessPoolExecutor(max_workers=3) as ex:\n"
                "        ex.submit(total, data)\n" /* line 15 */
                "    with Pool(2) as pool:\n"
                "        pool.map(score, range(8000))\n"    /* line 17 */
                "        pool.imap(score, range(8000))\n"); /* line 18 */
    const cc_site *m = site_at_line(fx, 13);
    assert_int_equal(m->kind, CC_SITE_MAP);
    assert_int_equal(m->model, CC_MODEL_THREAD);
    assert_true(m->tasks.known && m->tasks.v == 8);
    assert_true(m->workers.known && m->workers.v == 4);
    assert_true(m->gil_steps.known && m->gil_steps.v > 4000 && m->gil_steps.v < 6000);
    assert_true(m->many);
    assert_true(m->payload_bytes.v == 0); /* threads send nothing */
    assert_string_equal(cc_site_short_name(m->target_name), "score");

    const cc_site *s = site_at_line(fx, 15);
    assert_int_equal(s->kind, CC_SITE_SUBMIT);
    assert_true(s->payload_bytes.known);
    assert_true(s->payload_bytes.v > 5e6 && s->payload_bytes.v < 8e6);
    assert_true(s->payload_objects.v >= 1e6);
    assert_true(s->workers.known && s->workers.v == 3);
    assert_true(s->tasks.v == 1);

    /* Pool.map chunks by itself: ceil(8000 / (4 * 2)); imap sends one item per task */
    const cc_site *pm = site_at_line(fx, 17);
    assert_true(pm->chunksize.known && pm->chunksize.v == 1000);
    const cc_site *pi = site_at_line(fx, 18);
    assert_true(pi->chunksize.known && pi->chunksize.v == 1);
}

static void test_advice_models(void **state)
{
    fixture *fx = *state;
    analyze(fx, "import time\n"
                "from concurrent.futures import ThreadPoolExecutor, ProcessPoolExecutor\n"
                "def crunch(seed):\n"
                "    t = 0\n"
                "    for i in range(10**7):\n"
                "        t += i * seed\n"
                "    return t\n"
                "def wait(x):\n"
                "    time.sleep(1)\n"
                "    return x\n"
                "def main():\n"
                "    with ThreadPoolExecutor(4) as ex:\n"
                "        list(ex.map(crunch, [1, 2, 3, 4]))\n" /* 13: -> processes */
                "    with ProcessPoolExecutor(4) as ex:\n"
                "        list(ex.map(wait, [1, 2, 3, 4]))\n"     /* 15: -> threads */
                "        list(ex.map(crunch, [1, 2, 3, 4]))\n"); /* 16: processes fit */
    const cc_advice_set *set = cc_program_advice(fx->prog);
    assert_int_equal(cc_advice_count(set), 3);
    const cc_advice *a = cc_advice_at(set, 0);
    assert_int_equal(a->span.line, 13);
    assert_int_equal(a->current, CC_AM_THREADS);
    assert_int_equal(a->recommended, CC_AM_PROCESSES);
    assert_true(a->confidence > 0.5);
    assert_true(a->nreasons >= 2);
    assert_non_null(strstr(a->reasons[0], "GIL-holding"));
    assert_true(a->estimate_s[CC_AM_PROCESSES] < a->estimate_s[CC_AM_THREADS]);
    const cc_advice *b = cc_advice_at(set, 1);
    assert_int_equal(b->recommended, CC_AM_THREADS);
    assert_non_null(strstr(b->reasons[0], "time.sleep"));
    const cc_advice *c = cc_advice_at(set, 2);
    assert_int_equal(c->recommended, CC_AM_PROCESSES);
    assert_false(cc_advice_differs(c));
}

static void test_free_threaded_target(void **state)
{
    fixture *fx = *state;
    cc_program_options o = {.target_major = 3, .target_minor = 13, .target_free_threaded = true};
    analyze_opts(fx,
                 "from concurrent.futures import ThreadPoolExecutor\n"
                 "def crunch(seed):\n"
                 "    t = 0\n"
                 "    for i in range(10**7):\n"
                 "        t += i * seed\n"
                 "    return t\n"
                 "with ThreadPoolExecutor(4) as ex:\n"
                 "    list(ex.map(crunch, [1, 2, 3, 4]))\n",
                 &o);
    assert_true(cc_effects_free_threaded(cc_program_effects(fx->prog), NULL));
    const cc_advice *a = cc_advice_at(cc_program_advice(fx->prog), 0);
    assert_int_equal(a->current, CC_AM_FREE_THREADED);
    assert_int_equal(a->recommended, CC_AM_FREE_THREADED);
    assert_int_equal(a->estimate_s[CC_AM_THREADS], -1);
}

/* ---- constants from a bench result ----------------------------------------------------------- */

static void test_constants_from_bench_file(void **state)
{
    fixture *fx = *state;
    char path[512];
    snprintf(path, sizeof path, "%s/bench.json", fx->dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    /* serial cpu_gil: 8 tasks of 400000 iterations of 6 steps in 0.384 s -> 20 ns per step;
     * native_nogil: 8 tasks of 32 MiB in 0.2684 s -> 1 ns per byte */
    fputs("{\"schema\": \"concur-bench/1\", \"quick\": false,\n"
          " \"machine\": {\"usable_cores\": 6},\n"
          " \"interpreter\": {\"default_start_method\": \"spawn\"},\n"
          " \"constants\": [\n"
          "  {\"name\": \"thread_start\", \"median\": 5e-05},\n"
          "  {\"name\": \"transfer.task\", \"median\": 0.0003},\n"
          "  {\"name\": \"transfer.byte\", \"median\": 2e-09},\n"
          "  {\"name\": \"process_start.fork\", \"median\": 0.004},\n"
          "  {\"name\": \"process_start.spawn\", \"median\": 0.09}],\n"
          " \"workloads\": [\n"
          "  {\"name\": \"cpu_gil\", \"tasks\": 8, \"serial_median_s\": 0.384},\n"
          "  {\"name\": \"native_nogil\", \"tasks\": 8, \"serial_median_s\": 0.268435456}]}\n",
          f);
    fclose(f);
    cc_cost_constants k;
    char err[256];
    assert_int_equal(cc_cost_constants_load_file(&k, path, err, sizeof err), CC_OK);
    assert_true(k.measured);
    assert_int_equal(k.cores, 6);
    assert_true(k.step_s > 19.99e-9 && k.step_s < 20.01e-9);
    assert_true(k.native_byte_s > 0.999e-9 && k.native_byte_s < 1.001e-9);
    assert_true(k.task_s == 0.0003 && k.byte_s == 2e-9 && k.thread_start_s == 5e-5);
    assert_true(k.process_start_s[CC_SM_UNKNOWN] == 0.09); /* the interpreter's default */
    assert_true(k.process_start_s[CC_SM_FORK] == 0.004);
    assert_string_equal(k.source, path);
    /* not a bench document: the defaults, and an error */
    f = fopen(path, "w");
    fputs("{\"schema\": \"something-else\"}", f);
    fclose(f);
    assert_int_equal(cc_cost_constants_load_file(&k, path, err, sizeof err), CC_ERR_PARSE);
    assert_false(k.measured);
    assert_string_equal(k.source, "shipped defaults");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_poly_arithmetic),
        cmocka_unit_test(test_poly_subst),
        cmocka_unit_test(test_poly_bounds),
        cmocka_unit_test(test_formatting),
        cmocka_unit_test_setup_teardown(test_calibration_with_bench_harness, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trip_counts_and_calls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recursion_is_bounded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_site_shapes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_advice_models, setup, teardown),
        cmocka_unit_test_setup_teardown(test_free_threaded_target, setup, teardown),
        cmocka_unit_test_setup_teardown(test_constants_from_bench_file, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
