/* test_config.c - the configuration model (concur/config.h): every key, discovery upward from
 * the paths, requires-python, and each error class with its file, line, column and key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "concur/config.h"

/* ---- a scratch folder ------------------------------------------------------------------------ */

typedef struct scratch {
    char root[PATH_MAX];         /* realpath of a fresh mkdtemp folder */
    char paths[4][PATH_MAX + 64]; /* put() results, reused in turn */
    int next;
} scratch;

static int setup(void **state)
{
    scratch *s = calloc(1, sizeof *s);
    char tmpl[] = "/tmp/concur-config-XXXXXX";
    if (!s || !mkdtemp(tmpl) || !realpath(tmpl, s->root))
        return -1;
    *state = s;
    return 0;
}

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    chmod(path, 0700); /* test_find_unreadable makes a file unreadable */
    return remove(path);
}

static int teardown(void **state)
{
    scratch *s = *state;
    nftw(s->root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    free(s);
    return 0;
}

/* Writes text to root/rel (a folder when text is NULL), creating folders; returns the full
 * path, valid until four more calls. */
static const char *put(scratch *s, const char *rel, const char *text)
{
    char *path = s->paths[s->next++ % 4];
    /* Built in a local buffer first: gcc cannot tell that root and paths never overlap. */
    char buf[sizeof s->paths[0]];
    snprintf(buf, sizeof buf, "%s/%s", s->root, rel);
    memcpy(path, buf, sizeof buf);
    for (char *p = path + strlen(s->root) + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
    if (text) {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
    } else {
        mkdir(path, 0755);
    }
    return path;
}

static void assert_contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("`%s` does not contain `%s`", hay, needle);
}

static cc_config *load_ok(const char *path)
{
    cc_config *c = NULL;
    cc_config_error e;
    cc_status st = cc_config_load(path, &c, &e);
    if (st != CC_OK) {
        char buf[2048];
        cc_config_error_format(&e, buf, sizeof buf);
        fail_msg("unexpected config error: %s", buf);
    }
    assert_non_null(c);
    return c;
}

/* Loads a file expecting an error at line:col with `key`, whose message holds `needle`. */
static void load_bad(scratch *s, const char *name, const char *text, uint32_t line,
                     uint32_t col, const char *key, const char *needle)
{
    const char *path = put(s, name, text);
    cc_config *c = (cc_config *)1;
    cc_config_error e;
    cc_status st = cc_config_load(path, &c, &e);
    if (st == CC_OK) {
        cc_config_delete(c);
        fail_msg("expected an error for:\n%s", text);
    }
    assert_int_equal(st, CC_ERR_CONFIG);
    assert_null(c);
    assert_string_equal(e.path, path);
    if (e.line != line || e.column != col || strcmp(e.key, key) || !strstr(e.message, needle))
        fail_msg("expected %u:%u key `%s` with `%s`; got %u:%u key `%s`: %s\n--- input:\n%s",
                 line, col, key, needle, e.line, e.column, e.key, e.message, text);
}

/* ---- the model ------------------------------------------------------------------------------- */

static void test_every_key(void **state)
{
    scratch *s = *state;
    put(s, "proj/tests", NULL);
    const char *path = put(s, "proj/.concur.toml",
                           "select = [\"CC3\", \"cc000\"]\n"
                           "ignore = [\"CC303\"]\n"
                           "fail-on = \"error\"\n"
                           "target-python = \"3.13t\"\n"
                           "source-roots = [\"src\", \"./lib/../pkg/\", \"/abs//x/.\"]\n"
                           "exclude = [\"build/*\", \"*_pb2.py\"]\n"
                           "\n"
                           "[severity]\n"
                           "CC302 = \"warning\"\n"
                           "CC3 = \"note\"\n"
                           "ALL = \"error\"\n"
                           "\n"
                           "[per-file-ignores]\n"
                           "\"tests/*\" = [\"CC302\"]\n"
                           "\"__init__.py\" = [\"CC3\"]\n"
                           "\n"
                           "[thresholds]\n"
                           "min-task-seconds = 0.005\n"
                           "large-payload-bytes = 1_048_576\n"
                           "cpu-bound-steps = 100000\n"
                           "\n"
                           "[[knowledge]]\n"
                           "name = \"mylib.net.fetch\"\n"
                           "effect = \"io-bound\"\n"
                           "\n"
                           "[[knowledge]]\n"
                           "name = \"mylib.pool.Workers\"\n"
                           "effect = \"pool-new\"\n"
                           "model = \"process\"\n"
                           "\n"
                           "[[knowledge]]\n"
                           "name = \"mylib.pool.Workers.run\"\n"
                           "effect = \"submit\"\n"
                           "model = \"thread\"\n"
                           "function-arg = 1\n"
                           "\n"
                           "[[knowledge]]\n"
                           "name = \"mylib.db.Connection\"\n"
                           "effect = \"unpicklable\"\n"
                           "what = \"a database connection\"\n");
    cc_config *c = load_ok(path);
    assert_string_equal(c->path, path);
    char dir[PATH_MAX + 16];
    snprintf(dir, sizeof dir, "%s/proj", s->root);
    assert_string_equal(c->dir, dir);
    assert_false(c->pyproject);
    assert_true(c->has_select);
    assert_int_equal(c->nselect, 2);
    assert_string_equal(c->select[0], "CC3");
    assert_string_equal(c->select[1], "CC000"); /* upper-cased */
    assert_int_equal(c->nignore, 1);
    assert_string_equal(c->ignore[0], "CC303");
    assert_int_equal(c->fail_on, CC_FAIL_ON_ERROR);
    assert_int_equal(c->target_python.major, 3);
    assert_int_equal(c->target_python.minor, 13);
    assert_true(c->target_python.free_threaded);
    assert_int_equal(c->nsource_roots, 3);
    char want[PATH_MAX + 64];
    snprintf(want, sizeof want, "%s/src", dir);
    assert_string_equal(c->source_roots[0], want);
    snprintf(want, sizeof want, "%s/pkg", dir);
    assert_string_equal(c->source_roots[1], want);
    assert_string_equal(c->source_roots[2], "/abs/x");
    assert_int_equal(c->nexclude, 2);
    assert_string_equal(c->exclude[1], "*_pb2.py");

    assert_int_equal(c->nseverities, 3);
    assert_string_equal(c->severities[0].pattern, "CC302");
    assert_int_equal(c->severities[0].severity, CC_SEV_WARNING);
    /* The longest pattern wins: a code over a prefix over ALL. */
    assert_int_equal(cc_config_severity_of(c, "CC302", CC_SEV_ERROR), CC_SEV_WARNING);
    assert_int_equal(cc_config_severity_of(c, "CC303", CC_SEV_ERROR), CC_SEV_NOTE);
    assert_int_equal(cc_config_severity_of(c, "CC000", CC_SEV_NOTE), CC_SEV_ERROR);
    assert_int_equal(cc_config_severity_of(NULL, "CC000", CC_SEV_NOTE), CC_SEV_NOTE);

    assert_int_equal(c->nper_file_ignores, 2);
    assert_string_equal(c->per_file_ignores[0].glob, "tests/*");
    assert_int_equal(c->per_file_ignores[0].ncodes, 1);
    assert_string_equal(c->per_file_ignores[0].codes[0], "CC302");

    assert_true(c->thresholds.min_task_seconds == 0.005);
    assert_int_equal(c->thresholds.large_payload_bytes, 1048576);
    assert_int_equal(c->thresholds.cpu_bound_steps, 100000);

    assert_int_equal(c->nknowledge, 4);
    assert_string_equal(c->knowledge[0].name, "mylib.net.fetch");
    assert_int_equal(c->knowledge[0].effect, CC_EFFECT_IO_BOUND);
    assert_int_equal(c->knowledge[0].model, CC_MODEL_UNKNOWN);
    assert_int_equal(c->knowledge[0].function_arg, -1);
    assert_null(c->knowledge[0].what);
    assert_int_equal(c->knowledge[0].line, 22);
    assert_int_equal(c->knowledge[1].effect, CC_EFFECT_POOL_NEW);
    assert_int_equal(c->knowledge[1].model, CC_MODEL_PROCESS);
    assert_int_equal(c->knowledge[2].effect, CC_EFFECT_SUBMIT);
    assert_int_equal(c->knowledge[2].model, CC_MODEL_THREAD);
    assert_int_equal(c->knowledge[2].function_arg, 1);
    assert_int_equal(c->knowledge[3].effect, CC_EFFECT_UNPICKLABLE);
    assert_string_equal(c->knowledge[3].what, "a database connection");
    assert_string_equal(cc_config_effect_name(CC_EFFECT_GIL_RELEASING), "gil-releasing");
    assert_string_equal(cc_config_effect_name(c->knowledge[3].effect), "unpicklable");

    /* target-python wins over requires-python (there is none here). */
    cc_pyversion t = cc_config_target(c);
    assert_int_equal(t.minor, 13);
    assert_null(c->requires_python);

    /* per-file-ignores: relative to the config's folder, or the file name alone. */
    char file[PATH_MAX + 96];
    snprintf(file, sizeof file, "%s/tests/test_x.py", dir);
    assert_true(cc_config_ignores(c, file, "CC302"));
    assert_false(cc_config_ignores(c, file, "CC303"));
    snprintf(file, sizeof file, "%s/pkg/sub/__init__.py", dir);
    assert_true(cc_config_ignores(c, file, "CC303"));
    assert_false(cc_config_ignores(c, file, "CC000"));
    snprintf(file, sizeof file, "%s/src/tests_like.py", dir);
    assert_false(cc_config_ignores(c, file, "CC302"));
    assert_false(cc_config_ignores(NULL, file, "CC302"));
    /* A relative path is taken from the current folder. */
    char cwd[PATH_MAX];
    assert_non_null(getcwd(cwd, sizeof cwd));
    snprintf(file, sizeof file, "%s/tests", dir);
    assert_int_equal(chdir(file), 0);
    assert_true(cc_config_ignores(c, "./test_y.py", "CC302"));
    assert_true(cc_config_ignores(c, "../tests/sub/../test_y.py", "CC302"));
    assert_false(cc_config_ignores(c, "../src/test_y.py", "CC302"));
    assert_int_equal(chdir(cwd), 0);
    cc_config_delete(c);
    cc_config_delete(NULL);
}

static void test_empty_and_defaults(void **state)
{
    scratch *s = *state;
    cc_config *c = load_ok(put(s, "e/.concur.toml", "# nothing set\n"));
    assert_false(c->has_select);
    assert_int_equal(c->nselect + c->nignore + c->nseverities + c->nexclude, 0);
    assert_int_equal(c->fail_on, CC_FAIL_ON_UNSET);
    assert_int_equal(c->target_python.major, 0);
    assert_true(c->thresholds.min_task_seconds == 0);
    assert_int_equal(c->thresholds.cpu_bound_steps, 0);
    assert_int_equal(cc_config_target(c).major, 0);
    cc_config_delete(c);
    /* An empty select is set and selects nothing. */
    c = load_ok(put(s, "e2/.concur.toml", "select = []\nthresholds.min-task-seconds = 2\n"));
    assert_true(c->has_select);
    assert_int_equal(c->nselect, 0);
    assert_true(c->thresholds.min_task_seconds == 2.0); /* an integer is a number too */
    cc_config_delete(c);
}

static void test_pyproject(void **state)
{
    scratch *s = *state;
    const char *path = put(s, "py/pyproject.toml",
                           "[project]\n"
                           "name = \"demo\"\n"
                           "requires-python = \">=3.10, <4\"\n"
                           "dependencies = [\"numpy\"]\n"
                           "\n"
                           "[tool.black]\n"
                           "line-length = 100\n"
                           "\n"
                           "[tool.concur]\n"
                           "fail-on = \"never\"\n"
                           "source-roots = [\"src\"]\n"
                           "\n"
                           "[[tool.concur.knowledge]]\n"
                           "name = \"demo.io.read_all\"\n"
                           "effect = \"gil-releasing\"\n");
    cc_config *c = load_ok(path);
    assert_true(c->pyproject);
    assert_int_equal(c->fail_on, CC_FAIL_ON_NEVER);
    assert_string_equal(c->requires_python, ">=3.10, <4");
    assert_int_equal(c->requires_python_min.major, 3);
    assert_int_equal(c->requires_python_min.minor, 10);
    cc_pyversion t = cc_config_target(c);
    assert_int_equal(t.major, 3); /* the fallback: no target-python */
    assert_int_equal(t.minor, 10);
    assert_false(t.free_threaded);
    assert_int_equal(c->nknowledge, 1);
    assert_int_equal(c->knowledge[0].effect, CC_EFFECT_GIL_RELEASING);
    assert_int_equal(c->knowledge[0].line, 13);
    cc_config_delete(c);

    /* A pyproject.toml without [tool.concur] loads as an empty config plus requires-python;
     * other tools' keys are not judged. */
    c = load_ok(put(s, "py2/pyproject.toml",
                    "[project]\nrequires-python = \"~=3.11\"\n[tool.ruff]\nselct = 1\n"));
    assert_int_equal(c->requires_python_min.minor, 11);
    assert_false(c->has_select);
    cc_config_delete(c);
    /* target-python wins over requires-python. */
    c = load_ok(put(s, "py3/pyproject.toml",
                    "[project]\nrequires-python = \">=3.8\"\n"
                    "[tool.concur]\ntarget-python = \"3.12\"\n"));
    assert_int_equal(cc_config_target(c).minor, 12);
    assert_int_equal(c->requires_python_min.minor, 8);
    cc_config_delete(c);
}

static void test_requires_python_forms(void **state)
{
    scratch *s = *state;
    static const struct {
        const char *spec;
        int major, minor;
    } CASES[] = {
        {">=3.10", 3, 10},       {">=3.9,<4", 3, 9},        {"~=3.11", 3, 11},
        {"==3.12.*", 3, 12},     {">3.8, >=3.10", 3, 10},   {"<3.13", 0, 0},
        {">= 3.7.2", 3, 7},      {"!=3.9.*,>=3.8", 3, 8},   {">=3.10.0rc1", 3, 10},
        {"", 0, 0},              {"===3.11", 3, 11},        {">=3", 3, 0},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        char text[256];
        snprintf(text, sizeof text, "[project]\nrequires-python = \"%s\"\n", CASES[i].spec);
        cc_config *c = load_ok(put(s, "rp/pyproject.toml", text));
        if (c->requires_python_min.major != CASES[i].major ||
            c->requires_python_min.minor != CASES[i].minor)
            fail_msg("`%s`: got %d.%d, want %d.%d", CASES[i].spec, c->requires_python_min.major,
                     c->requires_python_min.minor, CASES[i].major, CASES[i].minor);
        assert_string_equal(c->requires_python, CASES[i].spec);
        cc_config_delete(c);
    }
    load_bad(s, "rp/pyproject.toml", "[project]\nrequires-python = \"three\"\n", 2, 19,
             "project.requires-python", "not a version specifier");
    load_bad(s, "rp/pyproject.toml", "[project]\nrequires-python = 3.10\n", 2, 19,
             "project.requires-python", "must be a string like \">=3.10\", got float");
    load_bad(s, "rp/pyproject.toml", "[project]\nrequires-python = \">=3.10 <4\"\n", 2, 19,
             "project.requires-python", "not a version specifier");
}

static void test_pyversion_parse(void **state)
{
    (void)state;
    cc_pyversion v = {0, 0, false};
    assert_true(cc_pyversion_parse("3.12", &v));
    assert_int_equal(v.minor, 12);
    assert_false(v.free_threaded);
    assert_true(cc_pyversion_parse("3.13t", &v));
    assert_true(v.free_threaded);
    assert_true(cc_pyversion_parse("3.9", &v));
    assert_int_equal(v.minor, 9);
    static const char *const BAD[] = {"3", "3.", "2.7", "3.12tt", "3.12x", "3.123", "3.012",
                                      " 3.12", "3.12 ", "3.t", "", "4.0"};
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        cc_pyversion before = {7, 7, true}, w = before;
        if (cc_pyversion_parse(BAD[i], &w))
            fail_msg("`%s` parsed", BAD[i]);
        assert_int_equal(w.major, 7); /* untouched */
    }
}

/* ---- errors ---------------------------------------------------------------------------------- */

static void test_unknown_keys(void **state)
{
    scratch *s = *state;
    load_bad(s, "u/pyproject.toml",
             "[project]\nname = \"x\"\n\n[tool.concur]\nfail-on = \"note\"\nselct = [\"CC302\"]\n",
             6, 1, "tool.concur.selct",
             "[tool.concur] unknown key `selct` (did you mean `select`?)");
    load_bad(s, "u/.concur.toml", "fail_on = \"note\"\n", 1, 1, "fail_on",
             "unknown key `fail_on` (did you mean `fail-on`?)");
    load_bad(s, "u/.concur.toml", "colour = true\n", 1, 1, "colour",
             "unknown key `colour` (expected one of select, ignore");
    load_bad(s, "u/.concur.toml", "[thresholds]\ncpu-steps = 5\n", 2, 1,
             "thresholds.cpu-steps", "[thresholds] unknown key `cpu-steps`");
    load_bad(s, "u/pyproject.toml", "[tool.concur.thresholds]\nmin-task-secs = 1\n", 2, 1,
             "tool.concur.thresholds.min-task-secs",
             "[tool.concur.thresholds] unknown key `min-task-secs` (did you mean "
             "`min-task-seconds`?)");
    load_bad(s, "u/.concur.toml", "[[knowledge]]\nname = \"a.b\"\neffect = \"join\"\nmdl = 1\n",
             4, 1, "knowledge[0].mdl", "[[knowledge]] unknown key `mdl`");
    load_bad(s, "u/.concur.toml", "\"odd key\" = 1\n", 1, 1, "\"odd key\"",
             "unknown key `\"odd key\"`");
}

static void test_wrong_types(void **state)
{
    scratch *s = *state;
    load_bad(s, "t/pyproject.toml", "[tool.concur]\nselect = 3\n", 2, 10, "tool.concur.select",
             "[tool.concur] `select` must be an array of strings, got integer");
    load_bad(s, "t/.concur.toml", "ignore = [\"CC302\", 7]\n", 1, 20, "ignore[1]",
             "`ignore` must be an array of strings, got integer at index 1");
    load_bad(s, "t/.concur.toml", "severity = [\"CC302\"]\n", 1, 12, "severity",
             "`severity` must be a table of rule codes, got array");
    load_bad(s, "t/.concur.toml", "fail-on = 2\n", 1, 11, "fail-on",
             "`fail-on` must be one of error, warning, note, never, got integer");
    load_bad(s, "t/.concur.toml", "target-python = 3.12\n", 1, 17, "target-python",
             "`target-python` must be a string like \"3.12\" or \"3.13t\", got float");
    load_bad(s, "t/.concur.toml", "source-roots = \"src\"\n", 1, 16, "source-roots",
             "must be an array of strings, got string");
    load_bad(s, "t/.concur.toml", "exclude = [[\"a\"]]\n", 1, 12, "exclude[0]",
             "got array at index 0");
    load_bad(s, "t/.concur.toml", "[per-file-ignores]\n\"tests/*\" = \"CC302\"\n", 2, 13,
             "per-file-ignores.\"tests/*\"", "`\"tests/*\"` must be an array of strings, got "
             "string");
    load_bad(s, "t/.concur.toml", "thresholds = 5\n", 1, 14, "thresholds",
             "`thresholds` must be a table, got integer");
    load_bad(s, "t/.concur.toml", "[thresholds]\nlarge-payload-bytes = 1.5\n", 2, 23,
             "thresholds.large-payload-bytes",
             "[thresholds] `large-payload-bytes` must be a positive integer, got float");
    load_bad(s, "t/.concur.toml", "[thresholds]\nmin-task-seconds = \"1s\"\n", 2, 20,
             "thresholds.min-task-seconds", "must be a positive number of seconds, got string");
    load_bad(s, "t/.concur.toml", "knowledge = {name = \"a\"}\n", 1, 13, "knowledge",
             "`knowledge` must be an array of tables ([[knowledge]] entries), got inline table");
    load_bad(s, "t/.concur.toml", "knowledge = [1]\n", 1, 14, "knowledge[0]",
             "got integer at index 0");
    load_bad(s, "t/.concur.toml", "[[knowledge]]\nname = [\"a\"]\neffect = \"join\"\n", 2, 8,
             "knowledge[0].name", "`name` must be a string, got array");
    load_bad(s, "t/pyproject.toml", "[tool]\nconcur = \"yes\"\n", 2, 10, "tool.concur",
             "`tool.concur` must be a table, got string");
    load_bad(s, "t/pyproject.toml", "tool = 1\n", 1, 8, "tool", "`tool` must be a table");
}

static void test_bad_values(void **state)
{
    scratch *s = *state;
    load_bad(s, "v/pyproject.toml", "[tool.concur]\nfail-on = \"fatal\"\n", 2, 11,
             "tool.concur.fail-on",
             "[tool.concur] `fail-on` must be one of error, warning, note, never, got `fatal`");
    load_bad(s, "v/.concur.toml", "fail-on = \"warn\"\n", 1, 11, "fail-on",
             "got `warn` (did you mean `warning`?)");
    load_bad(s, "v/.concur.toml", "target-python = \"3\"\n", 1, 17, "target-python",
             "`target-python` must be a version like \"3.12\" or \"3.13t\", got `3`");
    load_bad(s, "v/.concur.toml", "select = [\"CC302\", \"CC999\"]\n", 1, 20, "select[1]",
             "`select`: no rule has the code or prefix `CC999`");
    load_bad(s, "v/.concur.toml", "select = [\"CC3022\"]\n", 1, 11, "select[0]",
             "unknown rule code `CC3022` (did you mean `CC302`?)");
    load_bad(s, "v/.concur.toml", "ignore = [\"unpicklable-task\"]\n", 1, 11, "ignore[0]",
             "(`unpicklable-task` is the name of CC302: write the code)");
    load_bad(s, "v/.concur.toml", "select = [\"E501\"]\n", 1, 11, "select[0]",
             "unknown rule code `E501` (run `concur rules` for the list)");
    load_bad(s, "v/.concur.toml", "[severity]\nCC302 = \"fatal\"\n", 2, 9, "severity.CC302",
             "[severity] `CC302` must be one of note, warning, error, got `fatal`");
    load_bad(s, "v/.concur.toml", "[severity]\nCC9 = \"note\"\n", 2, 1, "severity.CC9",
             "no rule has the code or prefix `CC9`");
    load_bad(s, "v/.concur.toml", "[per-file-ignores]\n\"a.py\" = [\"XX1\"]\n", 2, 11,
             "per-file-ignores.\"a.py\"[0]", "unknown rule code `XX1`");
    load_bad(s, "v/.concur.toml", "source-roots = [\"src\", \"\"]\n", 1, 24, "source-roots[1]",
             "must not hold an empty string");
    load_bad(s, "v/.concur.toml", "[thresholds]\ncpu-bound-steps = 0\n", 2, 19,
             "thresholds.cpu-bound-steps", "must be a positive integer, got 0");
    load_bad(s, "v/.concur.toml", "[thresholds]\nmin-task-seconds = -0.5\n", 2, 20,
             "thresholds.min-task-seconds", "must be a positive number of seconds, got -0.5");
    load_bad(s, "v/.concur.toml", "[thresholds]\nmin-task-seconds = inf\n", 2, 20,
             "thresholds.min-task-seconds", "positive number");
}

static void test_bad_knowledge(void **state)
{
    scratch *s = *state;
    load_bad(s, "k/.concur.toml", "[[knowledge]]\nname = \"a.b\"\neffect = \"fast\"\n", 3, 10,
             "knowledge[0].effect",
             "[[knowledge]] `effect` must be one of io-bound, gil-releasing, mt-unsafe, pool-new, "
             "start, submit, join, lock-new, unpicklable, got `fast`");
    load_bad(s, "k/.concur.toml", "[[knowledge]]\nname = \"a.b\"\neffect = \"io_bound\"\n", 3, 10,
             "knowledge[0].effect", "(did you mean `io-bound`?)");
    load_bad(s, "k/pyproject.toml",
             "[[tool.concur.knowledge]]\nname = \"a.f\"\neffect = \"join\"\n\n"
             "[[tool.concur.knowledge]]\neffect = \"join\"\n",
             5, 1, "tool.concur.knowledge[1]",
             "[[tool.concur.knowledge]] entry 2 lacks `name`");
    load_bad(s, "k/.concur.toml", "[[knowledge]]\nname = \"a.b\"\n", 1, 1, "knowledge[0]",
             "lacks `effect`");
    load_bad(s, "k/.concur.toml", "[[knowledge]]\nname = \"a..b\"\neffect = \"join\"\n", 2, 8,
             "knowledge[0].name", "must be a dotted qualified name");
    load_bad(s, "k/.concur.toml", "[[knowledge]]\nname = \"1a.b\"\neffect = \"join\"\n", 2, 8,
             "knowledge[0].name", "got `1a.b`");
    load_bad(s, "k/.concur.toml",
             "[[knowledge]]\nname = \"a.b\"\neffect = \"io-bound\"\nmodel = \"thread\"\n", 4, 1,
             "knowledge[0].model", "`model` applies to the effects pool-new, start and submit, "
             "not io-bound");
    load_bad(s, "k/.concur.toml",
             "[[knowledge]]\nname = \"a.b\"\neffect = \"pool-new\"\nmodel = \"threads\"\n", 4, 9,
             "knowledge[0].model", "must be one of thread, process, got `threads` (did you "
             "mean `thread`?)");
    load_bad(s, "k/.concur.toml",
             "[[knowledge]]\nname = \"a.b\"\neffect = \"join\"\nwhat = \"x\"\n", 4, 1,
             "knowledge[0].what", "`what` applies to the effect unpicklable, not join");
    load_bad(s, "k/.concur.toml",
             "[[knowledge]]\nname = \"a.b\"\neffect = \"submit\"\nfunction-arg = -1\n", 4, 16,
             "knowledge[0].function-arg", "must be from 0 to 255, got -1");
    load_bad(s, "k/.concur.toml",
             "[[knowledge]]\nname = \"a.b\"\neffect = \"submit\"\nfunction-arg = \"0\"\n", 4, 16,
             "knowledge[0].function-arg", "must be an integer");
    load_bad(s, "k/.concur.toml",
             "[[knowledge]]\nname = \"a.b\"\neffect = \"start\"\nfunction-arg = 0\n", 4, 1,
             "knowledge[0].function-arg", "applies to the effect submit, not start");
    load_bad(s, "k/.concur.toml",
             "[[knowledge]]\nname = \"a.b\"\neffect = \"join\"\n"
             "[[knowledge]]\nname = \"a.b\"\neffect = \"join\"\n",
             4, 1, "knowledge[1]", "`a.b` is already declared join at line 1");
}

/* TOML errors come through with the file, line, column and key. */
static void test_toml_errors(void **state)
{
    scratch *s = *state;
    load_bad(s, "x/pyproject.toml", "[tool.concur]\nselect = [\"CC302\"]\nselect = []\n", 3, 1,
             "tool.concur.select", "duplicate key `tool.concur.select` (first defined at line 2");
    load_bad(s, "x/pyproject.toml", "[tool.concur]\n[project]\n[tool.concur]\n", 3, 1,
             "tool.concur", "table [tool.concur] is defined twice (first at line 1");
    load_bad(s, "x/pyproject.toml", "tool.concur.fail-on = \"note\"\n[tool.concur]\n", 2, 1,
             "tool.concur", "already defined by dotted keys");
    load_bad(s, "x/.concur.toml", "exclude = [\"a\\qb\"]\n", 1, 14, "", "invalid escape `\\q`");
    load_bad(s, "x/.concur.toml", "[thresholds]\ncpu-bound-steps = 99999999999999999999\n", 2,
             19, "", "out of range");
    load_bad(s, "x/.concur.toml", "fail-on = \"note\" select = []\n", 1, 18, "",
             "must start on a new line");
    load_bad(s, "x/.concur.toml", "severity = {CC302 = \"note\"}\n[severity]\n", 2, 1,
             "severity", "inline table `severity`");

    /* The formatted error, and an unreadable file. */
    const char *path = put(s, "x/.concur.toml", "fail-on = \"warn\"\n");
    cc_config *c;
    cc_config_error e;
    assert_int_equal(cc_config_load(path, &c, &e), CC_ERR_CONFIG);
    char buf[PATH_MAX + 1024], want[PATH_MAX + 1024];
    int n = cc_config_error_format(&e, buf, sizeof buf);
    snprintf(want, sizeof want, "%s:1:11: `fail-on` must be one of error, warning, note, never, "
             "got `warn` (did you mean `warning`?)", path);
    assert_string_equal(buf, want);
    assert_int_equal(n, (int)strlen(want));
    char missing[PATH_MAX + 32];
    snprintf(missing, sizeof missing, "%s/nope/.concur.toml", s->root);
    assert_int_equal(cc_config_load(missing, &c, &e), CC_ERR_IO);
    assert_null(c);
    assert_int_equal(e.line, 0);
    cc_config_error_format(&e, buf, sizeof buf);
    assert_contains(buf, "nope/.concur.toml: cannot read the configuration: No such file");
    assert_int_equal(cc_config_load(missing, &c, NULL), CC_ERR_IO);
}

/* ---- discovery ------------------------------------------------------------------------------- */

static void find_expect(scratch *s, const char *const *paths, size_t n, const char *want)
{
    char out[PATH_MAX];
    bool found = true;
    assert_int_equal(cc_config_find(paths, n, out, sizeof out, &found), CC_OK);
    if (!want) {
        assert_false(found);
        return;
    }
    char full[PATH_MAX + 96];
    snprintf(full, sizeof full, "%s/%s", s->root, want);
    if (!found)
        fail_msg("nothing found, want %s", full);
    assert_string_equal(out, full);
}

static void test_find(void **state)
{
    scratch *s = *state;
    put(s, "ws/pyproject.toml", "[tool.concur]\nfail-on = \"note\"\n");
    put(s, "ws/a/pyproject.toml", "[project]\nname = \"a\"\n[tool.black]\nx = 1\n"); /* skipped */
    put(s, "ws/a/b/c", NULL);
    put(s, "ws/a/b/mod.py", "x = 1\n");
    put(s, "ws/both/.concur.toml", "fail-on = \"error\"\n");
    put(s, "ws/both/pyproject.toml", "[tool.concur]\nfail-on = \"warning\"\n");
    put(s, "ws/both/pkg/deep/m.py", "x = 1\n");
    put(s, "ws/broken/pyproject.toml", "[tool.concur\n"); /* invalid: found, load reports */
    put(s, "ws/broken/src", NULL);
    put(s, "ws/dotted/pyproject.toml", "tool.concur.select = [\"CC3\"]\n");
    put(s, "ws/dotted/x", NULL);

    char p1[PATH_MAX + 32], p2[PATH_MAX + 32], p3[PATH_MAX + 32];
    /* Upward past a pyproject.toml without [tool.concur]. */
    snprintf(p1, sizeof p1, "%s/ws/a/b/c", s->root);
    const char *one[] = {p1};
    find_expect(s, one, 1, "ws/pyproject.toml");
    /* From a file: its folder. */
    snprintf(p1, sizeof p1, "%s/ws/a/b/mod.py", s->root);
    find_expect(s, one, 1, "ws/pyproject.toml");
    /* .concur.toml beats pyproject.toml in the same folder. */
    snprintf(p1, sizeof p1, "%s/ws/both/pkg/deep/m.py", s->root);
    find_expect(s, one, 1, "ws/both/.concur.toml");
    /* A path that does not exist starts from its parent. */
    snprintf(p1, sizeof p1, "%s/ws/both/pkg/nothere.py", s->root);
    find_expect(s, one, 1, "ws/both/.concur.toml");
    /* An invalid pyproject.toml is found, so that loading it reports the error. */
    snprintf(p1, sizeof p1, "%s/ws/broken/src", s->root);
    find_expect(s, one, 1, "ws/broken/pyproject.toml");
    cc_config *c = (cc_config *)1;
    cc_config_error e;
    char found_path[PATH_MAX + 32];
    snprintf(found_path, sizeof found_path, "%s/ws/broken/pyproject.toml", s->root);
    assert_int_equal(cc_config_load(found_path, &c, &e), CC_ERR_CONFIG);
    assert_int_equal(e.line, 1);
    /* [tool.concur] written with dotted keys counts. */
    snprintf(p1, sizeof p1, "%s/ws/dotted/x", s->root);
    find_expect(s, one, 1, "ws/dotted/pyproject.toml");
    /* The nearest wins; the first path that has a file decides. */
    snprintf(p1, sizeof p1, "%s/ws/both", s->root);
    snprintf(p2, sizeof p2, "%s/ws/a", s->root);
    const char *two[] = {p1, p2};
    find_expect(s, two, 2, "ws/both/.concur.toml");
    const char *two_rev[] = {p2, p1};
    find_expect(s, two_rev, 2, "ws/pyproject.toml");
    /* Relative paths, and no path at all: the current folder. */
    char cwd[PATH_MAX];
    assert_non_null(getcwd(cwd, sizeof cwd));
    snprintf(p3, sizeof p3, "%s/ws/both", s->root);
    assert_int_equal(chdir(p3), 0);
    const char *rel[] = {"pkg/deep"};
    find_expect(s, rel, 1, "ws/both/.concur.toml");
    find_expect(s, NULL, 0, "ws/both/.concur.toml");
    assert_int_equal(chdir(cwd), 0);
    /* A buffer too small for the path. */
    char tiny[8];
    bool found = false;
    snprintf(p1, sizeof p1, "%s/ws/both", s->root);
    assert_int_equal(cc_config_find(one, 1, tiny, sizeof tiny, &found), CC_ERR_USAGE);
    assert_false(found);
    /* Nothing anywhere above (when the machine has no config above the scratch folder). */
    put(s, "none/x", NULL);
    struct stat st;
    bool clean = stat("/tmp/.concur.toml", &st) != 0 && stat("/tmp/pyproject.toml", &st) != 0 &&
                 stat("/.concur.toml", &st) != 0 && stat("/pyproject.toml", &st) != 0;
    if (clean && !strncmp(s->root, "/tmp/", 5)) {
        snprintf(p1, sizeof p1, "%s/none/x", s->root);
        find_expect(s, one, 1, NULL);
    }
}

static void test_find_unreadable(void **state)
{
    scratch *s = *state;
    if (geteuid() == 0)
        skip(); /* root reads anything */
    const char *py = put(s, "ro/pyproject.toml", "[tool.concur]\n");
    put(s, "ro/sub", NULL);
    assert_int_equal(chmod(py, 0), 0);
    char p1[PATH_MAX + 32], out[PATH_MAX];
    snprintf(p1, sizeof p1, "%s/ro/sub", s->root);
    const char *one[] = {p1};
    bool found = true;
    assert_int_equal(cc_config_find(one, 1, out, sizeof out, &found), CC_ERR_IO);
    assert_false(found);
    assert_string_equal(out, py);
    chmod(py, 0644);
}

/* Every ```toml example in docs/config.md is a valid configuration. */
static void test_documented_examples(void **state)
{
    scratch *s = *state;
    FILE *f = fopen(CONCUR_SOURCE_DIR "/docs/config.md", "rb");
    assert_non_null(f);
    static char doc[1 << 16];
    size_t n = fread(doc, 1, sizeof doc - 1, f);
    fclose(f);
    doc[n] = '\0';
    int examples = 0;
    for (char *at = strstr(doc, "```toml\n"); at; at = strstr(at, "```toml\n")) {
        char *body = at + 8, *end = strstr(body, "```");
        assert_non_null(end);
        *end = '\0';
        bool pyproject = strstr(body, "[tool.concur") || strstr(body, "[project]");
        char rel[64];
        snprintf(rel, sizeof rel, "doc%d/%s", examples, pyproject ? "pyproject.toml"
                                                                 : ".concur.toml");
        cc_config *c = load_ok(put(s, rel, body));
        assert_true(c->pyproject == pyproject);
        cc_config_delete(c);
        examples++;
        at = end + 3;
    }
    assert_true(examples >= 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_key),
        cmocka_unit_test(test_empty_and_defaults),
        cmocka_unit_test(test_pyproject),
        cmocka_unit_test(test_requires_python_forms),
        cmocka_unit_test(test_pyversion_parse),
        cmocka_unit_test(test_unknown_keys),
        cmocka_unit_test(test_wrong_types),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_bad_knowledge),
        cmocka_unit_test(test_toml_errors),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_find_unreadable),
        cmocka_unit_test(test_documented_examples),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
