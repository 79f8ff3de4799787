/* test_link.c - linking modules, resolving values and lowering calls to semantic operations
 * through cc_program (analyzer/src/program.c, concur/program.h). Each test writes small modules
 * into a fresh temporary directory, parses them with the Python front end and analyses them. */
#include "helpers.h"

#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "concur/program.h"
#include "knowledge/kb.h"

enum { MAX_FILES = 8 };

typedef struct fixture {
    char dir[64];
    cc_interner *in;
    cc_program *prog;
    const char *rel[MAX_FILES]; /* relative paths, in unit order */
    uint32_t n;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof(*fx));
    snprintf(fx->dir, sizeof fx->dir, "/tmp/concur_test_link_XXXXXX");
    if (!mkdtemp(fx->dir))
        return -1;
    fx->in = cc_interner_new();
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

/* Writes dir/rel (making its folder) with text. */
static void write_file(fixture *fx, const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", fx->dir, rel);
    for (char *p = path + strlen(fx->dir) + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            mkdir(path, 0700);
            *p = '/';
        }
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Parses files[0..n) (relative path, text pairs) and analyses them as one program. */
static cc_program *analyze_opts(fixture *fx, const char *const files[][2], uint32_t n,
                                const cc_program_options *opts)
{
    assert_true(n <= MAX_FILES);
    cc_unit **units = malloc(n * sizeof(*units)); /* the program takes ownership */
    void *w = cc_frontend_python.worker_new();
    for (uint32_t i = 0; i < n; i++) {
        write_file(fx, files[i][0], files[i][1]);
        char path[512];
        snprintf(path, sizeof path, "%s/%s", fx->dir, files[i][0]);
        units[i] = cc_frontend_python.parse(w, fx->in, path, files[i][1], strlen(files[i][1]));
        assert_int_equal(units[i]->ndiags, 0);
        fx->rel[i] = files[i][0];
    }
    cc_frontend_python.worker_delete(w);
    fx->n = n;
    fx->prog = cc_program_new(fx->in, units, n, opts);
    assert_non_null(fx->prog);
    cc_program_analyze(fx->prog, NULL, NULL);
    return fx->prog;
}

static cc_program *analyze(fixture *fx, const char *const files[][2], uint32_t n)
{
    return analyze_opts(fx, files, n, NULL);
}

static cc_program *analyze1(fixture *fx, const char *text)
{
    const char *const files[][2] = {{"main.py", text}};
    return analyze(fx, files, 1);
}

static uint32_t unit_of(fixture *fx, const char *rel)
{
    for (uint32_t i = 0; i < fx->n; i++)
        if (!strcmp(fx->rel[i], rel))
            return i;
    fail_msg("no unit %s", rel);
    return CC_NONE;
}

static const cc_func *module_code(fixture *fx, uint32_t unit)
{
    return &cc_program_unit(fx->prog, unit)->funcs[0];
}

/* The LOAD of attribute `attr` in unit's module code. */
static uint32_t attr_load(fixture *fx, uint32_t unit, const char *attr)
{
    const cc_func *m = module_code(fx, unit);
    for (uint32_t i = 0; i < m->nops; i++)
        if (m->ops[i].kind == CC_OP_LOAD && m->ops[i].a != CC_NONE &&
            m->ops[m->ops[i].a].kind == CC_OP_FIELD &&
            !strcmp(t_text(fx->in, m->ops[m->ops[i].a].name), attr))
            return i;
    fail_msg("no load of .%s", attr);
    return CC_NONE;
}

static void assert_extern(fixture *fx, cc_aval v, const char *qname)
{
    assert_int_equal(v.kind, CC_V_EXTERN);
    assert_string_equal(t_text(fx->in, v.qname), qname);
}

/* ---- resolution -------------------------------------------------------------------------- */

static void test_from_import_alias(void **state)
{
    fixture *fx = *state;
    cc_program *p = analyze1(fx, "from multiprocessing import Pool as P\nP()\n");
    const cc_func *m = module_code(fx, 0);
    uint32_t call = t_need_call(m, fx->in, "P");
    assert_extern(fx, cc_resolve(p, 0, 0, m->ops[call].a), "multiprocessing.Pool");
    /* Calling it makes an instance of the pool type, with process workers. */
    cc_aval inst = cc_resolve(p, 0, 0, call);
    assert_int_equal(inst.kind, CC_V_INSTANCE);
    assert_string_equal(t_text(fx->in, inst.qname), "multiprocessing.pool.Pool");
    assert_int_equal(inst.model, CC_MODEL_PROCESS);
    assert_int_equal(inst.origin.op, call);
}

static void test_module_alias_attribute(void **state)
{
    fixture *fx = *state;
    cc_program *p = analyze1(fx, "import concurrent.futures as cf\ncf.ProcessPoolExecutor\n");
    assert_extern(fx, cc_resolve(p, 0, 0, attr_load(fx, 0, "ProcessPoolExecutor")),
                  "concurrent.futures.ProcessPoolExecutor");
}

static void test_dotted_import_attribute(void **state)
{
    fixture *fx = *state;
    cc_program *p =
        analyze1(fx, "import concurrent.futures\nconcurrent.futures.ThreadPoolExecutor\n");
    assert_extern(fx, cc_resolve(p, 0, 0, attr_load(fx, 0, "ThreadPoolExecutor")),
                  "concurrent.futures.ThreadPoolExecutor");
    /* `import a.b` binds `a`. */
    assert_extern(fx, cc_resolve(p, 0, 0, attr_load(fx, 0, "futures")), "concurrent.futures");
}

static void test_package_reexport(void **state)
{
    fixture *fx = *state;
    const char *const files[][2] = {
        {"pkg/__init__.py", "from .work import task\n"},
        {"pkg/work.py", "import os\n\ndef helper():\n    pass\n\ndef task(x):\n    return x\n"},
        {"main.py", "from pkg import task\nimport pkg.work\nfrom pkg import work as w\n"
                    "task(1)\npkg.work.helper\nw.task\n"},
    };
    cc_program *p = analyze(fx, files, 3);
    uint32_t ui = unit_of(fx, "pkg/__init__.py"), uw = unit_of(fx, "pkg/work.py");
    uint32_t um = unit_of(fx, "main.py");
    assert_int_equal(cc_program_unit_count(p), 3);
    assert_int_equal(cc_program_unit(p, uw)->id, uw);
    assert_string_equal(t_text(fx->in, cc_program_unit(p, ui)->module), "pkg");
    assert_string_equal(t_text(fx->in, cc_program_unit(p, uw)->module), "pkg.work");
    assert_string_equal(t_text(fx->in, cc_program_unit(p, um)->module), "main");
    assert_true(cc_program_unit(p, ui)->is_package_init);
    assert_false(cc_program_unit(p, uw)->is_package_init);
    assert_false(cc_program_unit(p, um)->is_dunder_main);

    const cc_unit *work = cc_program_unit(p, uw);
    uint32_t task = t_func_index(work, t_func(work, fx->in, "task"));
    uint32_t helper = t_func_index(work, t_func(work, fx->in, "helper"));
    const cc_func *m = module_code(fx, um);
    uint32_t call = t_need_call(m, fx->in, "task");
    cc_aval v = cc_resolve(p, um, 0, m->ops[call].a);
    assert_int_equal(v.kind, CC_V_FUNC);
    assert_int_equal(v.unit, uw);
    assert_int_equal(v.idx, task);
    cc_func_id targets[4];
    assert_int_equal(cc_call_targets(p, um, 0, call, targets, 4), 1);
    assert_int_equal(targets[0].unit, uw);
    assert_int_equal(targets[0].func, task);
    assert_string_equal(cc_program_func_name(p, uw, task), "pkg.work.task");
    assert_string_equal(cc_program_func_name(p, um, 0), "main");

    /* Through the dotted import and through a submodule imported from the package. */
    v = cc_resolve(p, um, 0, attr_load(fx, um, "helper"));
    assert_int_equal(v.kind, CC_V_FUNC);
    assert_int_equal(v.unit, uw);
    assert_int_equal(v.idx, helper);
    v = cc_resolve(p, um, 0, attr_load(fx, um, "work"));
    assert_int_equal(v.kind, CC_V_MODULE);
    assert_int_equal(v.unit, uw);
    /* The import op itself: `from pkg import task` is the function re-exported by pkg. */
    v = cc_resolve(p, um, 0, t_need_op(m, fx->in, CC_OP_IMPORT, "pkg"));
    assert_int_equal(v.kind, CC_V_FUNC);
    assert_int_equal(v.idx, task);
}

/* ---- semantic operations ----------------------------------------------------------------- */

static const cc_sem *find_sem(cc_program *p, cc_sem_kind k, uint32_t from)
{
    for (uint32_t i = from; i < cc_program_sem_count(p); i++)
        if (cc_program_sem(p, i)->kind == k)
            return cc_program_sem(p, i);
    return NULL;
}

static uint32_t count_sems(cc_program *p, cc_sem_kind k)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < cc_program_sem_count(p); i++)
        n += cc_program_sem(p, i)->kind == k;
    return n;
}

static void test_pool_map_sems(void **state)
{
    fixture *fx = *state;
    cc_program *p = analyze1(fx, "from multiprocessing import Pool\n"
                                 "def f(x):\n"
                                 "    return x\n"
                                 "if __name__ == '__main__':\n"
                                 "    xs = [1, 2]\n"
                                 "    with Pool() as p:\n"
                                 "        p.map(f, xs)\n");
    const cc_unit *u = cc_program_unit(p, 0);
    const cc_func *m = &u->funcs[0];
    uint32_t pool_call = t_need_call(m, fx->in, "Pool");
    uint32_t map_call = t_need_call(m, fx->in, "map");
    uint32_t fidx = t_func_index(u, t_func(u, fx->in, "f"));

    assert_int_equal(count_sems(p, CC_SEM_POOL_NEW), 1);
    const cc_sem *pn = find_sem(p, CC_SEM_POOL_NEW, 0);
    assert_int_equal(pn->model, CC_MODEL_PROCESS);
    assert_int_equal(pn->at.unit, 0);
    assert_int_equal(pn->at.func, 0);
    assert_int_equal(pn->at.op, pool_call);
    assert_true(pn->kb_flags & CC_KBF_STARTS_WORKERS);

    assert_int_equal(count_sems(p, CC_SEM_SUBMIT), 1);
    const cc_sem *sb = find_sem(p, CC_SEM_SUBMIT, 0);
    assert_int_equal(sb->model, CC_MODEL_PROCESS);
    assert_int_equal(sb->at.op, map_call);
    assert_string_equal(sb->api, "multiprocessing.pool.Pool.map");
    assert_int_equal(sb->target_unit, 0);
    assert_int_equal(sb->target_func, fidx);
    assert_int_equal(sb->value, m->ops[map_call].args[0]);
    /* The function is pickled to reach the workers. */
    const cc_sem *snd = find_sem(p, CC_SEM_SEND, 0);
    assert_non_null(snd);
    assert_int_equal(snd->pickling, CC_PICKLE_ALWAYS);
    /* Leaving the with block waits for the pool. */
    const cc_sem *jn = find_sem(p, CC_SEM_JOIN, 0);
    assert_non_null(jn);
    assert_int_equal(m->ops[jn->at.op].kind, CC_OP_WITH_EXIT);
    /* Sems come in program order. */
    for (uint32_t i = 1; i < cc_program_sem_count(p); i++)
        assert_true(cc_program_sem(p, i - 1)->at.op <= cc_program_sem(p, i)->at.op);
}

static void test_thread_pool_twin(void **state)
{
    fixture *fx = *state;
    cc_program *p = analyze1(fx, "from multiprocessing.pool import ThreadPool\n"
                                 "def f(x):\n"
                                 "    return x\n"
                                 "with ThreadPool() as p:\n"
                                 "    p.map(f, [1, 2])\n");
    const cc_sem *pn = find_sem(p, CC_SEM_POOL_NEW, 0);
    assert_non_null(pn);
    assert_int_equal(pn->model, CC_MODEL_THREAD);
    const cc_sem *sb = find_sem(p, CC_SEM_SUBMIT, 0);
    assert_non_null(sb);
    assert_int_equal(sb->model, CC_MODEL_THREAD);
    assert_null(find_sem(p, CC_SEM_SEND, 0)); /* nothing is pickled for threads */
}

static void test_set_start_method(void **state)
{
    fixture *fx = *state;
    cc_program *p = analyze1(fx, "import multiprocessing\n"
                                 "multiprocessing.set_start_method(\"fork\")\n");
    bool explicit_ = false;
    assert_int_equal(cc_program_start_method(p, &explicit_), CC_SM_FORK);
    assert_true(explicit_);
    const cc_sem *s = find_sem(p, CC_SEM_SET_START_METHOD, 0);
    assert_non_null(s);
    assert_int_equal(s->start_method, CC_SM_FORK);
    assert_true(s->sm_explicit);
    assert_string_equal(cc_start_method_name(CC_SM_FORK), "fork");
}

static void test_start_method_default_and_conflict(void **state)
{
    fixture *fx = *state;
    /* Not set anywhere: the platform default, not explicit. */
    cc_program *p = analyze1(fx, "import multiprocessing\n");
    bool explicit_ = true;
    assert_int_equal(cc_program_start_method(p, &explicit_), CC_SM_UNKNOWN);
    assert_false(explicit_);
    cc_program_delete(fx->prog);
    fx->prog = NULL;

    /* Two modules that disagree decide nothing. */
    const char *const files[][2] = {
        {"a.py", "import multiprocessing\nmultiprocessing.set_start_method('fork')\n"},
        {"b.py", "from multiprocessing import set_start_method\nset_start_method('spawn')\n"},
    };
    p = analyze(fx, files, 2);
    explicit_ = true;
    cc_program_start_method(p, &explicit_);
    assert_false(explicit_);
    assert_int_equal(count_sems(p, CC_SEM_SET_START_METHOD), 2);
    cc_program_delete(fx->prog);
    fx->prog = NULL;

    /* Python 3.14 defaults to forkserver. */
    cc_program_options opts = {.target_major = 3, .target_minor = 14};
    const char *const one[][2] = {{"c.py", "import multiprocessing\n"}};
    p = analyze_opts(fx, one, 1, &opts);
    explicit_ = true;
    assert_int_equal(cc_program_start_method(p, &explicit_), CC_SM_FORKSERVER);
    assert_false(explicit_);
}

static void test_context_process_start(void **state)
{
    fixture *fx = *state;
    cc_program *p = analyze1(fx, "import multiprocessing\n"
                                 "def f():\n"
                                 "    pass\n"
                                 "ctx = multiprocessing.get_context(\"spawn\")\n"
                                 "ctx.Process(target=f).start()\n");
    const cc_unit *u = cc_program_unit(p, 0);
    uint32_t fidx = t_func_index(u, t_func(u, fx->in, "f"));
    assert_int_equal(count_sems(p, CC_SEM_START), 1);
    const cc_sem *st = find_sem(p, CC_SEM_START, 0);
    assert_int_equal(st->start_method, CC_SM_SPAWN);
    assert_true(st->sm_explicit);
    assert_int_equal(st->model, CC_MODEL_PROCESS);
    assert_int_equal(st->target_unit, 0);
    assert_int_equal(st->target_func, fidx);
    assert_int_equal(u->funcs[0].ops[st->at.op].kind, CC_OP_CALL);
    /* The global start method is untouched by a context. */
    bool explicit_ = true;
    assert_int_equal(cc_program_start_method(p, &explicit_), CC_SM_UNKNOWN);
    assert_false(explicit_);
    /* The target crosses to the child pickled, unless forked. */
    const cc_sem *snd = find_sem(p, CC_SEM_SEND, 0);
    assert_non_null(snd);
    assert_int_equal(snd->pickling, CC_PICKLE_UNLESS_FORK);
    assert_int_equal(snd->start_method, CC_SM_SPAWN);
}

static void test_context_fork_twin(void **state)
{
    fixture *fx = *state;
    cc_program *p = analyze1(fx, "import multiprocessing as mp\n"
                                 "def f():\n"
                                 "    pass\n"
                                 "mp.get_context('fork').Process(target=f).start()\n");
    const cc_sem *st = find_sem(p, CC_SEM_START, 0);
    assert_non_null(st);
    assert_int_equal(st->start_method, CC_SM_FORK);
    assert_true(st->sm_explicit);
}

/* A Process subclass started through its inherited start(): the START runs the class's run().
 * The class statement comes after an `if`, whose blocks the IR orders before it. */
static void check_subclass_start(fixture *fx, const char *src)
{
    cc_program *p = analyze1(fx, src);
    const cc_unit *u = cc_program_unit(p, 0);
    uint32_t run = t_func_index(u, t_func(u, fx->in, "W.run"));
    const cc_sem *st = find_sem(p, CC_SEM_START, 0);
    assert_non_null(st);
    assert_int_equal(st->model, CC_MODEL_PROCESS);
    assert_int_equal(st->target_unit, 0);
    assert_int_equal(st->target_func, run);
}

static void test_process_subclass_start(void **state)
{
    check_subclass_start(*state, "import multiprocessing\n"
                                 "class W(multiprocessing.Process):\n"
                                 "    def run(self):\n"
                                 "        pass\n"
                                 "W().start()\n");
}

static void test_process_subclass_after_if(void **state)
{
    check_subclass_start(*state, "import multiprocessing\n"
                                 "if DEBUG:\n"
                                 "    print('debug')\n"
                                 "class W(multiprocessing.Process):\n"
                                 "    def run(self):\n"
                                 "        pass\n"
                                 "W().start()\n");
}

/* ---- trip counts and constant folding ---------------------------------------------------- */

static void test_loop_trips(void **state)
{
    fixture *fx = *state;
    cc_program *p = analyze1(fx, "N = 1000\n"
                                 "def f(n, xs):\n"
                                 "    for i in range(10**7):\n"
                                 "        pass\n"
                                 "    for i in range(3):\n"
                                 "        pass\n"
                                 "    for i in range(N):\n"
                                 "        pass\n"
                                 "    for i in range(2, 20, 3):\n"
                                 "        pass\n"
                                 "    for i in range(10, 0, -2):\n"
                                 "        pass\n"
                                 "    for i in range(5, 1):\n"
                                 "        pass\n"
                                 "    for i in range(n):\n"
                                 "        pass\n"
                                 "    for x in xs:\n"
                                 "        pass\n"
                                 "    for x in [1, 2, 3]:\n"
                                 "        pass\n"
                                 "    for x in get():\n"
                                 "        pass\n");
    const cc_unit *u = cc_program_unit(p, 0);
    const cc_func *f = t_func(u, fx->in, "f");
    uint32_t fi = t_func_index(u, f);
    static const struct {
        uint8_t kind;
        int64_t n;
        uint32_t param;
    } want[] = {{CC_TRIP_CONST, 10000000, 0}, {CC_TRIP_CONST, 3, 0},  {CC_TRIP_CONST, 1000, 0},
                {CC_TRIP_CONST, 6, 0},        {CC_TRIP_CONST, 5, 0},  {CC_TRIP_CONST, 0, 0},
                {CC_TRIP_PARAM, 0, 0},        {CC_TRIP_PARAM, 0, 1},  {CC_TRIP_CONST, 3, 0},
                {CC_TRIP_COLLECTION, 0, 0}};
    assert_int_equal(f->nloops, sizeof want / sizeof want[0]);
    for (uint32_t l = 0; l < f->nloops; l++) {
        /* Loops are recorded in source order. */
        assert_int_equal(f->loops[l].span.line, 3 + 2 * l);
        cc_trip t = cc_loop_trip(p, 0, fi, l);
        if (t.kind != want[l].kind)
            fail_msg("loop %u (line %u): trip %s, expected %s", l, f->loops[l].span.line,
                     cc_trip_kind_name((cc_trip_kind)t.kind),
                     cc_trip_kind_name((cc_trip_kind)want[l].kind));
        if (t.kind == CC_TRIP_CONST && t.n != want[l].n)
            fail_msg("loop %u: %lld iterations, expected %lld", l, (long long)t.n,
                     (long long)want[l].n);
        if (t.kind == CC_TRIP_PARAM)
            assert_int_equal(t.param, want[l].param);
    }
    assert_int_not_equal(cc_loop_trip(p, 0, fi, 9).op, CC_NONE);
}

/* The value stored by the first assignment to `name` in the module. */
static uint32_t stored_value(fixture *fx, const char *name)
{
    const cc_func *m = module_code(fx, 0);
    for (uint32_t i = 0; i < m->nops; i++)
        if (m->ops[i].kind == CC_OP_STORE && m->ops[m->ops[i].a].kind == CC_OP_NAME &&
            !strcmp(t_text(fx->in, m->ops[m->ops[i].a].name), name))
            return m->ops[i].b;
    fail_msg("no store into %s", name);
    return CC_NONE;
}

static void test_const_int(void **state)
{
    fixture *fx = *state;
    cc_program *p = analyze1(fx, "a = -7 // 2\n"
                                 "b = 7 % -2\n"
                                 "c = 2 ** 10\n"
                                 "d = 1 << 40\n"
                                 "K = 1000\n"
                                 "e = K * 2 - 1\n"
                                 "f = True + 1\n"
                                 "g = 0x10 + 0o10 + 0b10 + 1_000\n"
                                 "h = 2 ** 62 * 4\n"
                                 "V = 1\n"
                                 "V = 2\n"
                                 "i = V + 1\n"
                                 "j = 1 / 2\n"
                                 "k = 99999999999999999999999\n"
                                 "l = x + 1\n");
    static const struct {
        const char *name;
        int64_t v;
    } known[] = {{"a", -4}, {"b", -1}, {"c", 1024}, {"d", 1LL << 40}, {"e", 1999}, {"f", 2},
                 {"g", 16 + 8 + 2 + 1000}};
    for (size_t k = 0; k < sizeof known / sizeof known[0]; k++) {
        int64_t v = 0;
        if (!cc_const_int(p, 0, 0, stored_value(fx, known[k].name), &v))
            fail_msg("%s does not fold", known[k].name);
        if (v != known[k].v)
            fail_msg("%s folds to %lld, expected %lld", known[k].name, (long long)v,
                     (long long)known[k].v);
    }
    /* Overflow, two definitions, true division, a big literal, an unknown name: not known. */
    const char *unknown[] = {"h", "i", "j", "k", "l"};
    for (size_t k = 0; k < sizeof unknown / sizeof unknown[0]; k++) {
        int64_t v = 0;
        if (cc_const_int(p, 0, 0, stored_value(fx, unknown[k]), &v))
            fail_msg("%s folds to %lld", unknown[k], (long long)v);
    }
}

/* ---- groups of units (cc_program_components) ---------------------------------------------- */

static void test_components(void **state)
{
    fixture *fx = *state;
    const char *const files[][2] = {
        {"app.py", "import pkg.sub\n"},                 /* 0: imports pkg, pkg.sub */
        {"pkg/__init__.py", ""},                        /* 1 */
        {"pkg/sub.py", "x = 1\n"},                      /* 2 */
        {"pkg/other.py", "y = 2\n"},                    /* 3: reachable as pkg.other */
        {"tool.py", "import os\n"},                     /* 4: alone */
        {"script.py", "from helper import f\n"},        /* 5 */
        {"helper.py", "def f():\n    pass\n"},          /* 6 */
    };
    cc_program *p = analyze(fx, files, 7);
    uint32_t n = cc_program_unit_count(p);
    cc_unit **units = malloc(n * sizeof(*units));
    for (uint32_t i = 0; i < n; i++) {
        units[i] = (cc_unit *)cc_program_unit(p, i);
        units[i]->id = 100 + i; /* left as they were */
    }
    uint32_t comp[7];
    assert_int_equal(cc_program_components(fx->in, units, n, NULL, comp), 3);
    assert_int_equal(comp[0], 0);
    assert_int_equal(comp[1], 0);
    assert_int_equal(comp[2], 0);
    assert_int_equal(comp[3], 0); /* a package's submodule goes with the package */
    assert_int_equal(comp[4], 1);
    assert_int_equal(comp[5], 2);
    assert_int_equal(comp[6], 2);
    for (uint32_t i = 0; i < n; i++)
        assert_int_equal(units[i]->id, 100 + i);
    for (uint32_t i = 0; i < n; i++)
        units[i]->id = i;
    free(units);
}

static void test_outside_start_method(void **state)
{
    fixture *fx = *state;
    /* The calls of other groups decide the default, as if they were here. */
    cc_program_options opts = {.outside_sm = {1, CC_SM_SPAWN, false}};
    const char *const one[][2] = {{"w.py", "import multiprocessing\n"}};
    cc_program *p = analyze_opts(fx, one, 1, &opts);
    bool explicit_ = false;
    assert_int_equal(cc_program_start_method(p, &explicit_), CC_SM_SPAWN);
    assert_true(explicit_);
    assert_int_equal(cc_program_sm_calls(p).n, 0); /* its own: none */
    cc_program_delete(fx->prog);
    fx->prog = NULL;
    /* ... and a disagreement with this program's own call decides nothing. */
    const char *const two[][2] = {
        {"x.py", "import multiprocessing\nmultiprocessing.set_start_method('fork')\n"}};
    p = analyze_opts(fx, two, 1, &opts);
    explicit_ = true;
    cc_program_start_method(p, &explicit_);
    assert_false(explicit_);
    cc_sm_calls own = cc_program_sm_calls(p);
    assert_int_equal(own.n, 1);
    assert_int_equal(own.method, CC_SM_FORK);
    cc_sm_calls j = cc_sm_calls_join(own, opts.outside_sm);
    assert_int_equal(j.n, 2);
    assert_true(j.conflict);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_from_import_alias),
        T(test_module_alias_attribute),
        T(test_dotted_import_attribute),
        T(test_package_reexport),
        T(test_pool_map_sems),
        T(test_thread_pool_twin),
        T(test_set_start_method),
        T(test_start_method_default_and_conflict),
        T(test_context_process_start),
        T(test_context_fork_twin),
        T(test_process_subclass_start),
        T(test_process_subclass_after_if),
        T(test_loop_trips),
        T(test_const_int),
        T(test_components),
        T(test_outside_start_method),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
