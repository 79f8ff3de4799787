/* main.c - the concur command line. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "concur/arena.h"
#include "concur/bench.h"
#include "concur/config.h"
#include "concur/driver.h"
#include "concur/effects.h"
#include "concur/gate.h"
#include "concur/intern.h"
#include "concur/ir.h"
#include "concur/lsp.h"
#include "concur/program.h"
#include "concur/rule.h"
#include "concur/verify.h"
#include "c/c_frontend.h"
#include "frontend.h"
#include "knowledge/kb.h"
#include "report.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 3 };

static const char USAGE[] =
    "concur - advice on threads versus processes, and the defects each invites\n"
    "\n"
    "Usage: concur <command> [options]\n"
    "\n"
    "Commands:\n"
    "  check [PATH...]    analyse files and folders (default: .)\n"
    "  rules              list the rules\n"
    "  explain CODE       show a rule's documentation\n"
    "  dump-ir FILE...    print the intermediate representation of files\n"
    "  bench              measure this machine: start and transfer costs, and how CPU work,\n"
    "                     native work and waits scale with threads and processes\n"
    "  lsp                run the language server on stdin/stdout (editors start it)\n"
    "\n"
    "Options:\n"
    "  -h, --help         show help (also after a command: concur check --help)\n"
    "  -V, --version      show the version\n"
    "\n"
    "Exit codes: 0 no findings at or above --fail-on, 1 findings, 2 bad usage or a path that\n"
    "does not exist, 3 internal error.\n";

static const char CHECK_USAGE[] =
    "Usage: concur check [options] [PATH...]\n"
    "\n"
    "Analyses the Python and C files under each PATH (default: the current folder). Folders\n"
    "are walked for *.py files, extension-less scripts with a python shebang, and *.c and *.h\n"
    "files; .git, virtual environments, caches, node_modules and build output are skipped.\n"
    "C flags come from a compile_commands.json found upward from the files (or in a build/\n"
    "folder beside them), or from --compile-commands.\n"
    "\n"
    "Options:\n"
    "  --select CODES         run only these rules (comma-separated codes or prefixes: CC3,CC101)\n"
    "  --ignore CODES         do not run these rules\n"
    "  --exclude GLOB         skip files and folders matching GLOB (repeatable)\n"
    "  --format FORMAT        text (default), concise (one line per finding), json, sarif,\n"
    "                         github (workflow annotations) or html\n"
    "  --fail-on LEVEL        exit 1 when a finding is at or above LEVEL: error, warning\n"
    "                         (default), note, or never\n"
    "  --target-python X.Y    the Python the code will run on (3.14 and later default to the\n"
    "                         forkserver start method on Linux); X.Yt for a free-threaded\n"
    "                         build (3.13t), where threads run Python code in parallel\n"
    "  --compile-commands DIR read C flags from DIR/compile_commands.json\n"
    "  --advice               show the advice for every spawn site, with all its reasons\n"
    "                         (text shows only advice that recommends a change by default;\n"
    "                         concise shows advice only with --advice)\n"
    "  --no-advice            make no advice (faster; JSON, SARIF and HTML then have none)\n"
    "  --costs SOURCE         cost constants for the advice: auto (default: what `concur bench`\n"
    "                         measured on this machine, else shipped defaults), defaults, or a\n"
    "                         bench result file (concur bench --json); env CONCUR_COSTS\n"
    "  --cores N              usable cores of the machine the code will run on (default: this\n"
    "                         machine's); env CONCUR_CORES\n"
    "  --verify[=MODE]        prove each advice with a micro-benchmark of the same shape on this\n"
    "                         machine: synthetic (default; runs only concur's own harness) or\n"
    "                         run (imports your module, so its top-level code runs, and calls\n"
    "                         the site's own function on the call's literal arguments in child\n"
    "                         processes with a time limit); see docs/bench.md\n"
    "  --verify-budget SECS   wall-clock budget of --verify over all sites (default 60)\n"
    "  --verify-repeats N     fresh-process repeats per site (default 5)\n"
    "  --python-exe PATH      the interpreter --verify runs (default python3)\n"
    "  -o, --output FILE      write the report to FILE (atomically) instead of stdout\n"
    "  --baseline FILE        findings recorded in FILE stay quiet; new ones are reported\n"
    "  --write-baseline FILE  record the current findings in FILE (then check with --baseline)\n"
    "  --diff REV             report only findings in, or depending on, files changed since the\n"
    "                         git revision REV (committed, staged, unstaged and new files)\n"
    "  --report-unused-suppressions\n"
    "                         report `concur: ignore` comments that silence nothing (CC001)\n"
    "  -j, --jobs N           parse on N threads (default: the usable cores)\n"
    "  --show-files           print the files that would be analysed, one per line, and exit\n"
    "  --timings              print the time of each phase on stderr\n"
    "  --color WHEN           auto (default: on a terminal, unless NO_COLOR is set), always, never\n"
    "  -h, --help             show this help\n"
    "\n"
    "Configuration: [tool.concur] in pyproject.toml, or .concur.toml, found upward from the\n"
    "paths (select, ignore, severity, fail-on, target-python, source-roots, exclude,\n"
    "per-file-ignores, thresholds, knowledge); command-line flags win. See docs/config.md.\n";

static const char DUMP_USAGE[] =
    "Usage: concur dump-ir [--no-lower] FILE...\n"
    "\n"
    "Prints the IR of each file: functions, blocks with their edges, loops with their trip\n"
    "counts, and operations with their source positions. The files are linked together and the\n"
    "semantic operations found by the knowledge base are shown under the calls they come from\n"
    "(--no-lower prints the front end's output only).\n";

static const char EXPLAIN_USAGE[] = "Usage: concur explain CODE\n\n"
                                    "Shows the documentation of a rule (CC302, or its name: "
                                    "unpicklable-task).\n";

static const char RULES_USAGE[] = "Usage: concur rules\n\nLists every rule: code, name, default "
                                  "severity and summary.\n";

static void die_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "concur: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nRun 'concur --help' for usage.\n");
    exit(EXIT_USAGE);
}

/* ---- rule selection ------------------------------------------------------------------------ */

typedef struct selection {
    char **select, **ignore;
    size_t nselect, nignore, capselect, capignore;
    const cc_config *cfg;    /* its select/ignore apply when the command line has none */
} selection;

static void split_codes(const char *arg, char ***out, size_t *n, size_t *cap, const char *opt)
{
    char *copy = strdup(arg);
    for (char *tok = strtok(copy, ", "); tok; tok = strtok(NULL, ", ")) {
        uint32_t nr;
        const cc_rule *rules = cc_rules(&nr);
        bool ok = !strcasecmp(tok, "ALL");
        for (uint32_t i = 0; i < nr && !ok; i++)
            ok = cc_rule_matches(tok, rules[i].code) || !strcmp(tok, rules[i].name);
        if (!ok) {
            fprintf(stderr, "concur: %s: unknown rule code `%s` (see 'concur rules')\n", opt,
                    tok);
            exit(EXIT_USAGE);
        }
        char *s = strdup(tok);
        CC_VEC_PUSH(*out, *n, *cap, s);
    }
    free(copy);
}

static bool matches_any(char **pats, size_t n, const char *code)
{
    const cc_rule *r = cc_rule_find(code);
    for (size_t i = 0; i < n; i++)
        if (cc_rule_matches(pats[i], code) || (r && !strcmp(pats[i], r->name)))
            return true;
    return false;
}

static bool is_selected(const char *code, void *ctx)
{
    selection *s = ctx;
    if (s->nselect && !matches_any(s->select, s->nselect, code))
        return false;
    if (!s->nselect && s->cfg && s->cfg->has_select &&
        !matches_any((char **)s->cfg->select, s->cfg->nselect, code))
        return false;
    if (s->cfg && matches_any((char **)s->cfg->ignore, s->cfg->nignore, code))
        return false;
    return !matches_any(s->ignore, s->nignore, code);
}

static int config_severity(const char *code, void *ctx)
{
    const cc_config *cfg = ctx;
    const cc_rule *r = cc_rule_find(code);
    if (!r)
        return -1;
    return (int)cc_config_severity_of(cfg, code, r->severity);
}

static bool config_ignores(const char *relpath, const char *code, void *ctx)
{
    return cc_config_ignores(ctx, relpath, code);
}

/* The configuration's knowledge entries in the knowledge base's shape. */
static cc_kb_entry *config_knowledge(const cc_config *cfg)
{
    cc_kb_entry *out = cc_xcalloc(cfg->nknowledge + 1, sizeof(cc_kb_entry));
    for (size_t i = 0; i < cfg->nknowledge; i++) {
        const cc_config_knowledge *k = &cfg->knowledge[i];
        cc_kb_entry e = {.name = k->name, .model = k->model, .fn_pos = -1, .args_pos = -1,
                         .rest_pos = -1, .iter_pos = -1, .what = k->what, .type = k->name};
        switch (k->effect) {
        case CC_EFFECT_IO_BOUND: e.effect = CC_KB_IO_BOUND; break;
        case CC_EFFECT_GIL_RELEASING: e.effect = CC_KB_GIL_RELEASING; break;
        case CC_EFFECT_MT_UNSAFE: e.effect = CC_KB_MT_UNSAFE; e.source = "config"; break;
        case CC_EFFECT_POOL_NEW:
            e.effect = CC_KB_POOL_NEW;
            if (k->model == CC_MODEL_PROCESS)
                e.flags = CC_KBF_STARTS_WORKERS;
            break;
        case CC_EFFECT_START: e.effect = CC_KB_START; break;
        case CC_EFFECT_SUBMIT:
            e.effect = CC_KB_SUBMIT;
            e.fn_pos = k->function_arg >= 0 ? k->function_arg : 0;
            e.rest_pos = e.fn_pos + 1;
            break;
        case CC_EFFECT_JOIN: e.effect = CC_KB_JOIN; break;
        case CC_EFFECT_LOCK_NEW: e.effect = CC_KB_LOCK_NEW; break;
        case CC_EFFECT_UNPICKLABLE:
            e.effect = CC_KB_UNPICKLABLE;
            if (!e.what)
                e.what = k->name;
            break;
        }
        out[i] = e;
    }
    return out;
}

/* ---- commands ------------------------------------------------------------------------------ */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool want_help(int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--"))
            return false;
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
            return true;
    }
    return false;
}

static bool parse_target(const char *s, cc_program_options *o)
{
    int maj, min;
    char t = 0;
    int n = sscanf(s, "%d.%d%c", &maj, &min, &t);
    if (n < 2 || maj != 3 || min < 0 || min > 99 || (n == 3 && t != 't'))
        return false;
    o->target_major = maj;
    o->target_minor = min;
    o->target_free_threaded = t == 't';
    return true;
}

typedef struct render_job {
    const cc_reporter *rep;
    const cc_program *prog;
    const cc_report_options *ro;
} render_job;

static bool render_to(FILE *out, void *ctx)
{
    render_job *j = ctx;
    j->rep->render(j->prog, j->ro, out);
    return !ferror(out);
}

static int cmd_check(int argc, char **argv)
{
    if (want_help(argc, argv)) {
        fputs(CHECK_USAGE, stdout);
        return EXIT_CLEAN;
    }
    selection sel = {0};
    const char **paths = NULL, **excludes = NULL;
    size_t npaths = 0, cappaths = 0, nex = 0, capex = 0;
    const char *format = "text", *fail_on = NULL, *color = "auto";
    bool target_given = false;
    int jobs = 0;
    bool show_files = false, only_paths = false, timings = false;
    cc_program_options popts = {0};
    cc_gate_options gopts = {0};
    /* CONCUR_COSTS and CONCUR_CORES give the defaults of --costs and --cores (the test suite
     * sets them so that the advice does not depend on the machine). */
    const char *output = NULL, *compile_commands = NULL, *costs_src = getenv("CONCUR_COSTS");
    int advice = CC_REPORT_ADVICE_DIFFERING, cores = 0;
    if (!costs_src || !*costs_src)
        costs_src = "auto";
    if (getenv("CONCUR_CORES")) {
        long c = strtol(getenv("CONCUR_CORES"), NULL, 10);
        cores = c >= 1 && c <= 4096 ? (int)c : 0;
    }
    cc_cost_constants costs;
    cc_verify_options vopts = {.mode = CC_VERIFY_OFF, .python = "python3", .progress = true};
    cc_verification *verifications = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
#define OPT(name)                                                                              \
    (!strcmp(a, name) ? (i + 1 < argc ? (val = argv[++i], 1) : (die_usage("%s needs a value", name), 0)) \
     : !strncmp(a, name "=", strlen(name) + 1) ? (val = a + strlen(name) + 1, 1)                 \
                                               : 0)
        if (only_paths || a[0] != '-' || !strcmp(a, "-")) {
            CC_VEC_PUSH(paths, npaths, cappaths, a);
        } else if (!strcmp(a, "--")) {
            only_paths = true;
        } else if (OPT("--select")) {
            split_codes(val, &sel.select, &sel.nselect, &sel.capselect, "--select");
        } else if (OPT("--ignore")) {
            split_codes(val, &sel.ignore, &sel.nignore, &sel.capignore, "--ignore");
        } else if (OPT("--exclude")) {
            CC_VEC_PUSH(excludes, nex, capex, val);
        } else if (OPT("--format")) {
            format = val;
        } else if (OPT("--fail-on")) {
            fail_on = val;
        } else if (OPT("--color")) {
            color = val;
        } else if (OPT("--target-python")) {
            if (!parse_target(val, &popts))
                die_usage("--target-python: expected a version like 3.12 or 3.13t, got `%s`", val);
            target_given = true;
        } else if (OPT("--jobs") || OPT("-j") ||
                   (!strncmp(a, "-j", 2) && a[2] >= '0' && a[2] <= '9' && (val = a + 2))) {
            char *end;
            errno = 0;
            long j = strtol(val, &end, 10);
            if (*end || j < 1 || j > 1024 || errno)
                die_usage("--jobs: expected a number of threads from 1 to 1024, got `%s`", val);
            jobs = (int)j;
        } else if (OPT("--output") || OPT("-o")) {
            output = val;
        } else if (OPT("--compile-commands")) {
            compile_commands = val;
        } else if (OPT("--baseline")) {
            gopts.baseline = val;
        } else if (OPT("--write-baseline")) {
            gopts.write_baseline = val;
        } else if (OPT("--diff")) {
            gopts.diff_rev = val;
        } else if (!strcmp(a, "--report-unused-suppressions")) {
            gopts.report_unused_suppressions = true;
        } else if (!strcmp(a, "--advice")) {
            advice = CC_REPORT_ADVICE_ALL;
        } else if (!strcmp(a, "--no-advice")) {
            advice = CC_REPORT_ADVICE_NONE;
        } else if (OPT("--costs")) {
            costs_src = val;
        } else if (OPT("--cores")) {
            char *end;
            errno = 0;
            long c = strtol(val, &end, 10);
            if (*end || c < 1 || c > 4096 || errno)
                die_usage("--cores: expected a number of cores from 1 to 4096, got `%s`", val);
            cores = (int)c;
        } else if (!strcmp(a, "--verify")) {
            vopts.mode = CC_VERIFY_SYNTHETIC;
        } else if (!strncmp(a, "--verify=", 9)) {
            if (!strcmp(a + 9, "synthetic"))
                vopts.mode = CC_VERIFY_SYNTHETIC;
            else if (!strcmp(a + 9, "run"))
                vopts.mode = CC_VERIFY_RUN;
            else
                die_usage("--verify: expected synthetic or run, got `%s`", a + 9);
        } else if (OPT("--verify-budget")) {
            char *end;
            vopts.budget_s = strtod(val, &end);
            if (end == val || *end || !(vopts.budget_s > 0) || vopts.budget_s > 86400)
                die_usage("--verify-budget: expected a number of seconds, got `%s`", val);
        } else if (OPT("--verify-repeats")) {
            char *end;
            long r = strtol(val, &end, 10);
            if (end == val || *end || r < 2 || r > 1000)
                die_usage("--verify-repeats: expected a number from 2 to 1000, got `%s`", val);
            vopts.repeats = (uint32_t)r;
        } else if (OPT("--python-exe")) {
            vopts.python = val;
        } else if (!strcmp(a, "--show-files")) {
            show_files = true;
        } else if (!strcmp(a, "--timings")) {
            timings = true;
        } else {
            die_usage("check: unknown option `%s`", a);
        }
#undef OPT
    }
    int rc = EXIT_CLEAN;
    cc_filelist files = {0};
    cc_interner *in = NULL;
    cc_program *prog = NULL;
    cc_config *cfg = NULL;
    cc_kb_entry *user_kb = NULL;
    if (npaths == 0) {
        static const char *dot = ".";
        paths = cc_xrealloc(paths, sizeof(char *));
        paths[0] = dot;
        npaths = 1;
    }
    /* Configuration: [tool.concur] in pyproject.toml or .concur.toml, found upward from the
     * paths. Command-line flags win. */
    {
        char cfg_path[PATH_MAX];
        bool found = false;
        if (cc_config_find(paths, npaths, cfg_path, sizeof cfg_path, &found) == CC_OK && found) {
            cc_config_error cerr;
            if (cc_config_load(cfg_path, &cfg, &cerr) != CC_OK) {
                char msg[6000];
                cc_config_error_format(&cerr, msg, sizeof msg);
                fprintf(stderr, "concur: %s\n", msg);
                rc = EXIT_USAGE;
                goto done;
            }
            sel.cfg = cfg;
            for (size_t i = 0; i < cfg->nexclude; i++)
                CC_VEC_PUSH(excludes, nex, capex, cfg->exclude[i]);
            if (!fail_on && cfg->fail_on != CC_FAIL_ON_UNSET) {
                static const char *const names[] = {"", "note", "warning", "error", "never"};
                fail_on = names[cfg->fail_on];
            }
            cc_pyversion t = cc_config_target(cfg);
            if (!target_given && t.major) {
                popts.target_major = t.major;
                popts.target_minor = t.minor;
                popts.target_free_threaded = t.free_threaded;
            }
            popts.source_roots = cfg->source_roots;
            popts.nsource_roots = cfg->nsource_roots;
            user_kb = config_knowledge(cfg);
            popts.user_kb = user_kb;
            popts.nuser_kb = cfg->nknowledge;
            gopts.severity_of = config_severity;
            gopts.severity_ctx = cfg;
            gopts.ignored_for_path = config_ignores;
            gopts.ignored_ctx = cfg;
        }
    }
    if (!fail_on)
        fail_on = "warning";
    const cc_reporter *rep = cc_reporter_find(format);
    if (!rep) {
        char names[256];
        fprintf(stderr, "concur: --format: unknown format `%s` (choose from: %s)\n", format,
                cc_reporter_names(names, sizeof names));
        rc = EXIT_USAGE;
        goto done;
    }
    int fail_level;
    if (!strcmp(fail_on, "error"))
        fail_level = CC_SEV_ERROR;
    else if (!strcmp(fail_on, "warning"))
        fail_level = CC_SEV_WARNING;
    else if (!strcmp(fail_on, "note"))
        fail_level = CC_SEV_NOTE;
    else if (!strcmp(fail_on, "never"))
        fail_level = 99;
    else
        die_usage("--fail-on: expected error, warning, note or never, got `%s`", fail_on);
    bool use_color;
    if (!strcmp(color, "always"))
        use_color = true;
    else if (!strcmp(color, "never"))
        use_color = false;
    else if (!strcmp(color, "auto")) {
        const char *nc = getenv("NO_COLOR");
        use_color = isatty(STDOUT_FILENO) && !(nc && nc[0]);
    } else
        die_usage("--color: expected auto, always or never, got `%s`", color);
    char err[4200];
    /* Cost constants for the effects and the advice. */
    if (!strcmp(costs_src, "defaults")) {
        cc_cost_constants_default(&costs);
    } else if (!strcmp(costs_src, "auto")) {
        if (cc_cost_constants_load(&costs, err, sizeof err) == CC_ERR_PARSE)
            fprintf(stderr, "concur: warning: %s; using the shipped cost constants\n", err);
    } else if (cc_cost_constants_load_file(&costs, costs_src, err, sizeof err) != CC_OK) {
        fprintf(stderr, "concur: --costs: %s\n", err);
        rc = EXIT_USAGE;
        goto done;
    }
    if (cores)
        costs.cores = cores;
    if (cfg) {
        costs.cpu_bound_steps = (double)cfg->thresholds.cpu_bound_steps;
        costs.large_payload_bytes = (double)cfg->thresholds.large_payload_bytes;
        costs.min_task_s = cfg->thresholds.min_task_seconds;
    }
    popts.costs = &costs;
    popts.no_advice = advice == CC_REPORT_ADVICE_NONE;
    if (compile_commands) {
        char db[PATH_MAX + 32];
        snprintf(db, sizeof db, "%s/compile_commands.json", compile_commands);
        if (access(db, R_OK) != 0) {
            fprintf(stderr, "concur: --compile-commands: %s: %s\n", db, strerror(errno));
            rc = EXIT_USAGE;
            goto done;
        }
    }
    cc_status st = cc_discover(paths, npaths, excludes, nex, &files, err, sizeof err);
    if (st != CC_OK) {
        fprintf(stderr, "concur: %s\n", err);
        rc = EXIT_USAGE;
        goto done;
    }
    if (show_files) {
        for (size_t i = 0; i < files.n; i++)
            printf("%s\n", files.paths[i]);
        goto done;
    }
    if (files.n == 0)
        fprintf(stderr, "concur: warning: no Python or C files found in the given paths\n");
    in = cc_interner_new();
    if (!in) {
        fprintf(stderr, "concur: out of memory\n");
        rc = EXIT_INTERNAL;
        goto done;
    }
    double t0 = now();
    /* A progress line for long runs, on a terminal only. */
    bool progress = files.n >= 256 && isatty(STDERR_FILENO);
    cc_frontend_opts fo = {.compile_commands_dir = compile_commands, .progress = progress};
    cc_unit **units = cc_parse_files_opts(&files, jobs, in, &fo);
    if (progress)
        fputs("\r\033[K", stderr);
    double t1 = now();
    prog = cc_program_new(in, units, (uint32_t)files.n, &popts);
    /* Every rule runs; selection decides what is reported (so suppressions can be judged). */
    cc_program_analyze(prog, NULL, NULL);
    double t2 = now();
    char root[PATH_MAX];
    if (!getcwd(root, sizeof root))
        snprintf(root, sizeof root, "/");
    gopts.selected = is_selected;
    gopts.selected_ctx = &sel;
    gopts.root = root;
    cc_gate_result gres;
    if ((st = cc_gate_apply(prog, &gopts, &gres, err, sizeof err)) != CC_OK) {
        fprintf(stderr, "concur: %s\n", err);
        rc = EXIT_USAGE;
        goto done;
    }
    if (gopts.write_baseline)
        fprintf(stderr, "concur: wrote %zu finding%s to the baseline %s\n", gres.nwritten,
                gres.nwritten == 1 ? "" : "s", gopts.write_baseline);
    if (vopts.mode != CC_VERIFY_OFF) {
        vopts.cores = costs.cores;
        st = cc_verify_program(prog, &vopts, &verifications, err, sizeof err);
        if (st != CC_OK) {
            fprintf(stderr, "concur: %s\n", err);
            rc = st == CC_ERR_IO ? EXIT_INTERNAL : EXIT_USAGE;
            goto done;
        }
    }
    cc_report_options ro = {.color = use_color && !output, .nfiles = files.n,
                            .files = (const char *const *)files.paths, .version = CONCUR_VERSION,
                            .root = root, .nsuppressed = gres.nsuppressed,
                            .nbaselined = gres.nbaselined, .advice = advice,
                            .verify = verifications,
                            .verify_mode = cc_verify_mode_name(vopts.mode)};
    if (output) {
        render_job job = {rep, prog, &ro};
        if (cc_atomic_write(output, render_to, &job, err, sizeof err) != CC_OK) {
            fprintf(stderr, "concur: --output: %s\n", err);
            rc = EXIT_USAGE;
            goto done;
        }
    } else {
        rep->render(prog, &ro, stdout);
        fflush(stdout);
    }
    if (timings) {
        const cc_phase_times *pt = cc_program_phase_times(prog);
        fprintf(stderr,
                "timings: files=%zu parse+lower=%.3fs analyse=%.3fs report=%.3fs\n"
                "timings: analyse = link+lower %.3fs, analyses %.3fs, rules %.3fs, advice %.3fs\n"
                "timings: analyses = points-to %.3fs, call graph %.3fs, threads %.3fs, "
                "locksets %.3fs\n",
                files.n, t1 - t0, t2 - t1, now() - t2, pt->link_lower, pt->analyses, pt->rules,
                pt->advice, pt->pointsto, pt->callgraph, pt->threads, pt->locksets);
    }
    for (uint32_t i = 0; i < cc_program_finding_count(prog); i++)
        if ((int)cc_program_finding(prog, i)->severity >= fail_level)
            rc = EXIT_FINDINGS;
    if (ferror(stdout)) {
        fprintf(stderr, "concur: cannot write the report: %s\n", strerror(errno));
        rc = EXIT_INTERNAL;
    }
done:
    free(verifications);
    cc_program_delete(prog);
    cc_config_delete(cfg);
    free(user_kb);
    cc_interner_delete(in);
    cc_filelist_free(&files);
    for (size_t i = 0; i < sel.nselect; i++)
        free(sel.select[i]);
    for (size_t i = 0; i < sel.nignore; i++)
        free(sel.ignore[i]);
    free(sel.select);
    free(sel.ignore);
    free(paths);
    free(excludes);
    return rc;
}

static int cmd_rules(int argc, char **argv)
{
    if (want_help(argc, argv)) {
        fputs(RULES_USAGE, stdout);
        return EXIT_CLEAN;
    }
    if (argc > 0)
        die_usage("rules: unexpected argument `%s`", argv[0]);
    uint32_t n;
    const cc_rule *r = cc_rules(&n);
    for (uint32_t i = 0; i < n; i++)
        printf("%s  %-28s %-8s %s\n", r[i].code, r[i].name, cc_severity_name(r[i].severity),
               r[i].summary);
    return EXIT_CLEAN;
}

static int cmd_explain(int argc, char **argv)
{
    if (want_help(argc, argv)) {
        fputs(EXPLAIN_USAGE, stdout);
        return EXIT_CLEAN;
    }
    if (argc != 1)
        die_usage("%s", "explain: expected one rule code, e.g. `concur explain CC302`");
    const cc_rule *r = cc_rule_find(argv[0]);
    if (!r) {
        fprintf(stderr, "concur: explain: unknown rule `%s` (see 'concur rules')\n", argv[0]);
        return EXIT_USAGE;
    }
    printf("# %s %s (%s)\n\n%s\n", r->code, r->name, cc_severity_name(r->severity),
           r->doc ? r->doc : r->summary);
    return EXIT_CLEAN;
}

static int cmd_dump_ir(int argc, char **argv)
{
    if (want_help(argc, argv)) {
        fputs(DUMP_USAGE, stdout);
        return EXIT_CLEAN;
    }
    bool lower = true;
    const char **paths = NULL;
    size_t n = 0, cap = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--no-lower"))
            lower = false;
        else if (argv[i][0] == '-' && argv[i][1])
            die_usage("dump-ir: unknown option `%s`", argv[i]);
        else
            CC_VEC_PUSH(paths, n, cap, argv[i]);
    }
    if (n == 0)
        die_usage("%s", "dump-ir: expected at least one FILE");
    cc_filelist files;
    char err[4200];
    if (cc_discover(paths, n, NULL, 0, &files, err, sizeof err) != CC_OK) {
        fprintf(stderr, "concur: %s\n", err);
        free(paths);
        return EXIT_USAGE;
    }
    cc_interner *in = cc_interner_new();
    cc_unit **units = cc_parse_files(&files, 1, in);
    cc_program_options o = {0};
    cc_program *prog = cc_program_new(in, units, (uint32_t)files.n, &o);
    if (lower)
        cc_program_analyze(prog, NULL, NULL);
    for (uint32_t i = 0; i < cc_program_unit_count(prog); i++) {
        if (i)
            fputc('\n', stdout);
        cc_unit_dump(cc_program_unit(prog, i), in, lower ? prog : NULL, stdout);
    }
    cc_program_delete(prog);
    cc_interner_delete(in);
    cc_filelist_free(&files);
    free(paths);
    return EXIT_CLEAN;
}

int main(int argc, char **argv)
{
    /* The C front end's worker processes are this binary started with a hidden argument. */
    if (argc >= 2 && !strcmp(argv[1], "--internal-c-worker"))
        return cc_c_worker_main(argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "--internal-bench-kernel"))
        return cc_bench_kernel_main(argc - 1, argv + 1);
    if (argc < 2) {
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        fputs(USAGE, stdout);
        return EXIT_CLEAN;
    }
    if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
        printf("concur %s\n", CONCUR_VERSION);
        return EXIT_CLEAN;
    }
    if (!strcmp(cmd, "check"))
        return cmd_check(argc - 2, argv + 2);
    if (!strcmp(cmd, "rules"))
        return cmd_rules(argc - 2, argv + 2);
    if (!strcmp(cmd, "explain"))
        return cmd_explain(argc - 2, argv + 2);
    if (!strcmp(cmd, "dump-ir"))
        return cmd_dump_ir(argc - 2, argv + 2);
    if (!strcmp(cmd, "bench"))
        return cc_bench_main(argc - 2, argv + 2);
    if (!strcmp(cmd, "lsp"))
        return cc_lsp_main(argc - 2, argv + 2);
    die_usage("unknown command `%s`", cmd);
    return EXIT_USAGE;
}
