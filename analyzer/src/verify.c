/* verify.c - `concur check --verify`: plans, runs and judges one micro-benchmark per advice
 * record (concur/verify.h). The harness is analyzer/src/verify_harness.py, embedded by
 * analyzer/bench.cmake; children are run by cc_bench_child_run (argv arrays, own process group,
 * time limit). */
#include "concur/verify.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "concur/bench.h"
#include "knowledge/kb.h"

extern const char cc_verify_harness_py[];
extern const unsigned long cc_verify_harness_py_len;

/* Fixed, so that the same samples always give the same interval. */
#define VERIFY_SEED 0x636f6e637572ULL

static const cc_advice_model MODELS[CC_VERIFY_MODELS] = {CC_AM_SERIAL, CC_AM_THREADS,
                                                         CC_AM_PROCESSES};

const char *cc_verify_mode_name(cc_verify_mode m)
{
    return m == CC_VERIFY_SYNTHETIC ? "synthetic" : m == CC_VERIFY_RUN ? "run" : "off";
}

static int verify__slot(cc_advice_model m)
{
    for (int i = 0; i < CC_VERIFY_MODELS; i++)
        if (MODELS[i] == m)
            return i;
    return -1;
}

/* ---- the plan ------------------------------------------------------------------------------ */

void cc_verify_plan_make(const cc_advice *a, const cc_cost_constants *k, int cores,
                         double max_serial_s, cc_verify_plan *out)
{
    memset(out, 0, sizeof *out);
    out->work_scale = 1;
    out->start_method = -1;
    const cc_site *s = a->shape;
    if (max_serial_s <= 0)
        max_serial_s = CC_VERIFY_MAX_SERIAL_S;
    if (!s || s->lang == CC_LANG_C) {
        snprintf(out->why, sizeof out->why, "C sites are not verified yet");
        return;
    }
    const cc_advice_model cur = (cc_advice_model)a->current, rec = (cc_advice_model)a->recommended;
    if (verify__slot(cur) < 0 || verify__slot(rec) < 0) {
        snprintf(out->why, sizeof out->why,
                 "the synthetic benchmark runs serial code, threads and processes, not %s",
                 cc_advice_model_name(verify__slot(rec) < 0 ? rec : cur));
        return;
    }
    double step_s = k && k->step_s > 0 ? k->step_s : 20e-9;
    double byte_s = k && k->native_byte_s > 0 ? k->native_byte_s : 0.6e-9;
    out->steps = s->gil_steps.v > 0 ? s->gil_steps.v : 0;
    out->native = s->native_bytes.v > 0 ? s->native_bytes.v : 0;
    out->wait_s = s->wait_s.v > 0 ? s->wait_s.v : 0;
    out->payload = s->payload_bytes.v > 0 ? s->payload_bytes.v : 0;
    out->result = s->result_bytes.v > 0 ? s->result_bytes.v : 0;
    double tasks = s->tasks.v >= 1 ? floor(s->tasks.v) : 1;
    if (tasks > 1e9)
        tasks = 1e9;
    out->site_tasks = (uint32_t)tasks;
    double w = s->workers.v >= 1 ? floor(s->workers.v) : 1;
    if (cores < 1)
        cores = 1;
    if (w > cores)
        w = cores;
    out->workers = (uint32_t)w;
    double c = s->chunksize.v >= 1 ? floor(s->chunksize.v) : 1;
    out->chunksize = (uint32_t)(c > tasks ? tasks : c);
    if (s->model == CC_MODEL_PROCESS && s->start_method != CC_SM_UNKNOWN)
        out->start_method = s->start_method;
    if (out->payload > CC_VERIFY_MAX_PAYLOAD) {
        out->payload = CC_VERIFY_MAX_PAYLOAD;
        out->scaled = true;
    }
    /* Scale: first fewer tasks (but at least two per worker), then less work per task. */
    double per = out->steps * step_s + out->native * byte_s + out->wait_s;
    double n = tasks;
    if (per * n > max_serial_s) {
        double keep = floor(max_serial_s / per);
        double floor_n = 2.0 * w < tasks ? 2.0 * w : tasks;
        n = keep > floor_n ? keep : floor_n;
        if (per * n > max_serial_s) {
            double f = max_serial_s / (per * n);
            out->steps *= f;
            out->native *= f;
            out->wait_s *= f;
            out->work_scale = f;
        }
        out->scaled = true;
    }
    out->tasks = (uint32_t)n;
    if (out->chunksize > out->tasks)
        out->chunksize = out->tasks;
    if (out->chunksize > 1 && out->tasks < tasks) /* keep the number of dispatches per worker */
        out->chunksize = (uint32_t)fmax(1, floor(out->chunksize * n / tasks));
    out->est_serial_s = n * (out->steps * step_s + out->native * byte_s + out->wait_s);
    out->ok = true;
}

/* ---- the verdict --------------------------------------------------------------------------- */

cc_verdict cc_verify_judge(const double *const samples[CC_VERIFY_MODELS],
                           const size_t n[CC_VERIFY_MODELS], cc_advice_model current,
                           cc_advice_model recommended, uint8_t *compared, cc_estimate *ratio)
{
    ratio->point = ratio->lo = ratio->hi = NAN;
    *compared = (uint8_t)current;
    int r = verify__slot(recommended);
    if (r < 0 || n[r] < 2)
        return CC_VERDICT_INCONCLUSIVE;
    int c = -1;
    if (current != recommended) {
        c = verify__slot(current);
    } else {
        double best = INFINITY;
        for (int i = 0; i < CC_VERIFY_MODELS; i++) {
            if (i == r || n[i] < 2)
                continue;
            double m = cc_stats_median(samples[i], n[i]);
            if (m < best) {
                best = m;
                c = i;
            }
        }
    }
    if (c < 0 || n[c] < 2)
        return CC_VERDICT_INCONCLUSIVE;
    *compared = (uint8_t)MODELS[c];
    cc_bootstrap_opts bo = {.seed = VERIFY_SEED};
    if (cc_stats_ratio_ci(samples[c], n[c], samples[r], n[r], &bo, ratio) != CC_OK) {
        ratio->point = ratio->lo = ratio->hi = NAN;
        return CC_VERDICT_INCONCLUSIVE;
    }
    return cc_stats_verdict(ratio, CC_VERDICT_MIN_EFFECT);
}

const char *cc_verification_line(const cc_verification *v, char *buf, size_t cap)
{
    size_t len = 0;
#define ADD(...)                                                                                   \
    do {                                                                                           \
        int w_ = snprintf(len < cap ? buf + len : NULL, len < cap ? cap - len : 0, __VA_ARGS__);   \
        if (w_ > 0)                                                                                \
            len += (size_t)w_;                                                                     \
    } while (0)
    if (cap)
        buf[0] = 0;
    ADD("%s", cc_verdict_name((cc_verdict)v->verdict));
    if (v->measured) {
        if (isfinite(v->ratio.point))
            ADD(" (%s vs %s: %.2fx, 95%% CI [%.2f, %.2f])",
                cc_advice_model_name((cc_advice_model)v->recommended),
                cc_advice_model_name((cc_advice_model)v->compared), v->ratio.point, v->ratio.lo,
                v->ratio.hi);
        ADD(":");
        for (uint32_t i = 0; i < v->nruns; i++) {
            const cc_verify_run *r = &v->runs[i];
            if (r->model == CC_AM_SERIAL)
                ADD(" serial 1.00x");
            else
                ADD(", %s(%u) %.2fx [%.2f, %.2f]", cc_advice_model_name((cc_advice_model)r->model),
                    r->workers, r->speedup.point, r->speedup.lo, r->speedup.hi);
        }
        ADD(" over serial, %u repeat%s", v->repeats, v->repeats == 1 ? "" : "s");
    }
    if (v->note[0])
        ADD("%s%s", v->measured ? "; " : ": ", v->note);
#undef ADD
    return buf;
}

/* ---- running ------------------------------------------------------------------------------- */

static double verify__now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Writes the harness to a private temporary folder; returns 0 on failure (errno set). */
static int verify__write_harness(char *dir, size_t dcap, char *file, size_t fcap)
{
    const char *t = getenv("TMPDIR");
    snprintf(dir, dcap, "%s/concur-verify-XXXXXX", t && t[0] == '/' ? t : "/tmp");
    if (!mkdtemp(dir))
        return 0;
    snprintf(file, fcap, "%s/concur_verify_harness.py", dir);
    FILE *f = fopen(file, "wb");
    if (!f) {
        rmdir(dir);
        return 0;
    }
    size_t n = fwrite(cc_verify_harness_py, 1, cc_verify_harness_py_len, f);
    if (fclose(f) || n != cc_verify_harness_py_len) {
        unlink(file);
        rmdir(dir);
        return 0;
    }
    return 1;
}

/* The spec argument of the harness for a plan. */
static char *verify__spec(const cc_verify_plan *p, json_t *run)
{
    json_t *models = json_pack("[sss]", "serial", "threads", "processes");
    json_t *o =
        json_pack("{s:I,s:I,s:f,s:I,s:I,s:I,s:I,s:I,s:o}", "steps", (json_int_t)p->steps, "native",
                  (json_int_t)p->native, "wait", p->wait_s, "payload", (json_int_t)p->payload,
                  "result", (json_int_t)p->result, "tasks", (json_int_t)p->tasks, "workers",
                  (json_int_t)p->workers, "chunksize", (json_int_t)p->chunksize, "models", models);
    if (!o)
        abort();
    json_object_set_new(o, "start_method",
                        p->start_method >= 0
                            ? json_string(cc_start_method_name((cc_start_method)p->start_method))
                            : json_null());
    if (run)
        json_object_set(o, "run", run);
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (!s)
        abort();
    return s;
}

/* Parses one repeat's output: appends each model's sample to xs[slot]. Returns 1 when the output
 * follows the protocol (a hello line, one sample per model, a done line with the right count). */
static int verify__parse(const char *out, size_t len, double *xs[CC_VERIFY_MODELS],
                         size_t n[CC_VERIFY_MODELS], uint32_t workers[CC_VERIFY_MODELS], char *why,
                         size_t whycap)
{
    const char *p = out, *end = out + len;
    int hello = 0, done = 0, count = 0;
    double got[CC_VERIFY_MODELS];
    uint32_t wk[CC_VERIFY_MODELS] = {0};
    int have[CC_VERIFY_MODELS] = {0};
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) {
            snprintf(why, whycap, "output not terminated by a newline");
            return 0;
        }
        const char *line = p;
        p = nl + 1;
        if (nl == line)
            continue;
        json_t *o = json_loadb(line, (size_t)(nl - line), 0, NULL);
        if (!o) {
            snprintf(why, whycap, "a line that is not a JSON object");
            return 0;
        }
        const char *type = json_string_value(json_object_get(o, "type"));
        if (!type) {
            json_decref(o);
            snprintf(why, whycap, "a line without a \"type\"");
            return 0;
        }
        if (!hello) {
            hello = !strcmp(type, "hello") &&
                    json_integer_value(json_object_get(o, "protocol")) == CC_BENCH_PROTOCOL;
            json_decref(o);
            if (!hello) {
                snprintf(why, whycap, "the first line is not a protocol-%d hello",
                         CC_BENCH_PROTOCOL);
                return 0;
            }
            continue;
        }
        if (!strcmp(type, "sample")) {
            const char *m = json_string_value(json_object_get(o, "model"));
            double sec = json_number_value(json_object_get(o, "seconds"));
            json_int_t w = json_integer_value(json_object_get(o, "workers"));
            int slot = -1;
            for (int i = 0; m && i < CC_VERIFY_MODELS; i++)
                if (!strcmp(m, cc_advice_model_name(MODELS[i])))
                    slot = i;
            json_decref(o);
            if (slot < 0 || have[slot] || !(sec > 0) || !isfinite(sec) || w < 1) {
                snprintf(why, whycap, "a bad or repeated sample line");
                return 0;
            }
            have[slot] = 1;
            got[slot] = sec;
            wk[slot] = (uint32_t)w;
            count++;
        } else if (!strcmp(type, "done")) {
            json_int_t c = json_integer_value(json_object_get(o, "count"));
            json_decref(o);
            if (c != count) {
                snprintf(why, whycap, "the done line says %lld samples, %d were sent", (long long)c,
                         count);
                return 0;
            }
            done = 1;
            break;
        } else {
            json_decref(o);
            snprintf(why, whycap, "an unknown line type \"%s\"", type);
            return 0;
        }
    }
    if (!done) {
        snprintf(why, whycap, hello ? "no done line (cut short?)" : "no hello line");
        return 0;
    }
    for (int i = 0; i < CC_VERIFY_MODELS; i++) {
        if (!have[i])
            continue;
        xs[i][n[i]++] = got[i];
        workers[i] = wk[i];
    }
    return 1;
}

static void verify__note(cc_verification *v, const char *fmt, const char *arg)
{
    size_t len = strlen(v->note);
    if (len && len + 2 < sizeof v->note) {
        memcpy(v->note + len, "; ", 3);
        len += 2;
    }
    snprintf(v->note + len, sizeof v->note - len, fmt, arg);
}

/* Says which numbers of the shape are nominal guesses: a refutation may come from them. */
static void verify__guess_note(cc_verification *v, const cc_site *s)
{
    if (!s)
        return;
    char b[160] = "";
    size_t len = 0;
    const struct {
        const cc_est *e;
        const char *name;
    } parts[] = {{&s->tasks, "tasks"},
                 {&s->gil_steps, "steps per task"},
                 {&s->native_bytes, "native bytes"},
                 {&s->wait_s, "waits"},
                 {&s->payload_bytes, "payload"}};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (!parts[i].e->known && len + 40 < sizeof b)
            len +=
                (size_t)snprintf(b + len, sizeof b - len, "%s%s", len ? ", " : "", parts[i].name);
    if (len)
        verify__note(v, "guessed sizes in the shape: %s", b);
}

static void verify__scaling_note(cc_verification *v)
{
    const cc_verify_plan *p = &v->plan;
    if (!p->scaled)
        return;
    char b[200];
    if (p->tasks < p->site_tasks && p->work_scale < 1)
        snprintf(b, sizeof b, "scaled down to %u of %u tasks with %.3g of the work per task",
                 p->tasks, p->site_tasks, p->work_scale);
    else if (p->tasks < p->site_tasks)
        snprintf(b, sizeof b, "scaled down to %u of %u tasks", p->tasks, p->site_tasks);
    else if (p->work_scale < 1)
        snprintf(b, sizeof b, "scaled down to %.3g of the work per task", p->work_scale);
    else
        snprintf(b, sizeof b, "payload capped at %.0f MB per task", CC_VERIFY_MAX_PAYLOAD / 1e6);
    verify__note(v, "%s", b);
}

/* Runs one site's plan within budget_s seconds and judges it. */
static void verify__site(const cc_advice *a, json_t *user_run, const char *python,
                         const char *harness, uint32_t repeats, double budget_s, bool progress,
                         uint32_t index, uint32_t count, const char *where, cc_verification *v)
{
    double t0 = verify__now();
    double *xs[CC_VERIFY_MODELS];
    size_t n[CC_VERIFY_MODELS] = {0};
    uint32_t workers[CC_VERIFY_MODELS] = {1, 1, 1};
    for (int i = 0; i < CC_VERIFY_MODELS; i++) {
        xs[i] = calloc(repeats ? repeats : 1, sizeof(double));
        if (!xs[i])
            abort();
    }
    char *spec = verify__spec(&v->plan, user_run);
    char rnd[16];
    char *argv[] = {(char *)python, "-I", "-B", (char *)harness, "--spec", spec,
                    "--round",      rnd,  NULL};
    double last = 0;
    bool cut = false;
    for (uint32_t r = 0; r < repeats; r++) {
        double left = budget_s - (verify__now() - t0);
        if (left <= 0 || (r > 0 && last > left)) {
            cut = true;
            break;
        }
        if (progress)
            fprintf(stderr, "concur: verify %u/%u %s: repeat %u/%u\n", index + 1, count, where,
                    r + 1, repeats);
        snprintf(rnd, sizeof rnd, "%u", r);
        double r0 = verify__now();
        cc_bench_child ch;
        const char *why = NULL;
        cc_status st = cc_bench_child_run(argv, left, &ch, &why);
        last = verify__now() - r0;
        if (st != CC_OK) {
            verify__note(v, "the harness could not start: %s", why ? why : "unknown error");
            break;
        }
        char pwhy[160] = "";
        if (ch.timed_out) {
            cc_bench_child_clear(&ch);
            cut = true;
            break;
        }
        if (!ch.exited || ch.status != 0) {
            const char *e = ch.err_len ? ch.err : "";
            const char *lastline = e;
            for (const char *q = e; *q; q++)
                if (q[0] == '\n' && q[1])
                    lastline = q + 1;
            char b[200];
            snprintf(b, sizeof b, "the harness failed (%s %d)%s%.120s",
                     ch.exited ? "exit status" : "signal", ch.status, *lastline ? ": " : "",
                     lastline);
            size_t bl = strlen(b);
            if (bl && b[bl - 1] == '\n')
                b[bl - 1] = 0;
            verify__note(v, "%s", b);
            cc_bench_child_clear(&ch);
            break;
        }
        if (!verify__parse(ch.out, ch.out_len, xs, n, workers, pwhy, sizeof pwhy)) {
            verify__note(v, "the harness broke the protocol: %s", pwhy);
            cc_bench_child_clear(&ch);
            break;
        }
        cc_bench_child_clear(&ch);
        v->repeats++;
    }
    free(spec);
    if (cut)
        verify__note(v, "%s", "the time budget ran out");
    v->measured = n[0] > 0;
    if (n[0] > 0) {
        double serial = cc_stats_median(xs[0], n[0]);
        cc_bootstrap_opts bo = {.seed = VERIFY_SEED};
        for (int i = 0; i < CC_VERIFY_MODELS; i++) {
            if (n[i] == 0)
                continue;
            cc_verify_run *run = &v->runs[v->nruns++];
            run->model = (uint8_t)MODELS[i];
            run->workers = workers[i];
            run->median_s = cc_stats_median(xs[i], n[i]);
            if (i == 0) {
                run->speedup = (cc_estimate){1, 1, 1};
            } else if (cc_stats_ratio_ci(xs[0], n[0], xs[i], n[i], &bo, &run->speedup) != CC_OK) {
                run->speedup.point = serial / run->median_s;
                run->speedup.lo = run->speedup.hi = run->speedup.point;
            }
        }
    }
    const double *cxs[CC_VERIFY_MODELS] = {xs[0], xs[1], xs[2]};
    v->verdict = (uint8_t)cc_verify_judge(cxs, n, (cc_advice_model)a->current,
                                          (cc_advice_model)a->recommended, &v->compared, &v->ratio);
    if (user_run) {
        /* the user's own function ran: the shape's guesses and the synthetic work do not
         * apply, only the number of tasks measured */
        char b[200];
        snprintf(b, sizeof b, "%s `%s` itself on the call's literal arguments (%zu of %u tasks)",
                 v->measured ? "ran" : "tried to run", a->function ? a->function : "the target",
                 json_array_size(json_object_get(user_run, "args")), v->plan.site_tasks);
        verify__note(v, "%s", b);
    } else {
        verify__scaling_note(v);
        verify__guess_note(v, a->shape);
    }
    for (int i = 0; i < CC_VERIFY_MODELS; i++)
        free(xs[i]);
    v->seconds = verify__now() - t0;
}

/* Looks python up like execvp would; returns 1 when it names an executable file. */
static int verify__exe_exists(const char *name)
{
    if (strchr(name, '/'))
        return access(name, X_OK) == 0;
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/bin:/bin";
    char buf[PATH_MAX];
    while (*path) {
        const char *colon = strchr(path, ':');
        size_t len = colon ? (size_t)(colon - path) : strlen(path);
        snprintf(buf, sizeof buf, "%.*s/%s", (int)len, len ? path : ".", name);
        if (access(buf, X_OK) == 0)
            return 1;
        path += len + (colon ? 1 : 0);
    }
    return 0;
}

/* ---- --verify=run: the user's own function on the call's literal arguments ---------------- */

enum { RUN_MAX_ITEMS = 100000, RUN_MAX_SPEC = 96 * 1024 };

/* The op that gives a load's value when there is exactly one (in this function, an enclosing one
 * or the module: *f is updated), else op itself. */
static uint32_t verify__defn(const cc_program *prog, uint32_t u, uint32_t *f, uint32_t o)
{
    const cc_op *op = &cc_program_unit(prog, u)->funcs[*f].ops[o];
    cc_op_id one;
    if (op->kind != CC_OP_LOAD || !cc_value_origin_one(prog, u, *f, o, &one) || one.unit != u)
        return o;
    *f = one.func;
    return one.op;
}

/* Python source of a literal value: a constant, an integer that folds (`N`, `10**6`), or a
 * tuple or list display of them. Appends it to b (a json string is made by the caller); false
 * when op is not one. */
static bool verify__literal(const cc_program *prog, uint32_t u, uint32_t f, uint32_t o,
                            int depth, char *b, size_t cap, size_t *len)
{
    if (o == CC_NONE || depth > 6)
        return false;
    const cc_unit *un = cc_program_unit(prog, u);
    int64_t iv;
    if (cc_const_int(prog, u, f, o, &iv)) {
        *len += (size_t)snprintf(b + *len, *len < cap ? cap - *len : 0, "%lld", (long long)iv);
        return *len < cap;
    }
    o = verify__defn(prog, u, &f, o);
    const cc_op *op = &un->funcs[f].ops[o];
    if (op->kind == CC_OP_CONST && op->sub != CC_CONST_ELLIPSIS && op->end > op->start) {
        *len += (size_t)snprintf(b + *len, *len < cap ? cap - *len : 0, "%.*s",
                                 (int)(op->end - op->start), un->text + op->start);
        return *len < cap;
    }
    if (op->kind == CC_OP_ALLOC && (op->sub == CC_ALLOC_TUPLE || op->sub == CC_ALLOC_LIST)) {
        bool tuple = op->sub == CC_ALLOC_TUPLE;
        *len += (size_t)snprintf(b + *len, *len < cap ? cap - *len : 0, "%s", tuple ? "(" : "[");
        for (uint32_t i = 0; i < op->nargs; i++) {
            if (i)
                *len += (size_t)snprintf(b + *len, *len < cap ? cap - *len : 0, ", ");
            if (!verify__literal(prog, u, f, op->args[i], depth + 1, b, cap, len))
                return false;
        }
        *len += (size_t)snprintf(b + *len, *len < cap ? cap - *len : 0, "%s",
                                 tuple ? (op->nargs == 1 ? ",)" : ")") : "]");
        return *len < cap;
    }
    return false;
}

static json_t *verify__literal_json(const cc_program *prog, uint32_t u, uint32_t f, uint32_t o)
{
    char b[8192];
    size_t len = 0;
    if (!verify__literal(prog, u, f, o, 0, b, sizeof b, &len) || len >= sizeof b)
        return NULL;
    return json_stringn(b, len);
}

/* Appends to args the literal of each element of the tuple display (or, with lists, list
 * display) that op holds. False when it is not one or an element is not a literal. */
static bool verify__display_args(const cc_program *prog, uint32_t u, uint32_t f, uint32_t o,
                                 bool lists, json_t *args)
{
    o = verify__defn(prog, u, &f, o);
    const cc_op *op = &cc_program_unit(prog, u)->funcs[f].ops[o];
    if (op->kind != CC_OP_ALLOC ||
        (op->sub != CC_ALLOC_TUPLE && !(lists && op->sub == CC_ALLOC_LIST)))
        return false;
    for (uint32_t k = 0; k < op->nargs; k++) {
        json_t *t = verify__literal_json(prog, u, f, op->args[k]);
        if (!t)
            return false;
        json_array_append_new(args, t);
    }
    return true;
}

/* Appends to items (an array of argument lists) one list per item of an iterable written with
 * literals: a list, tuple or set display, `[x] * n`, `range(...)`, or a variable holding one.
 * star: each item is itself a tuple of arguments (starmap). False when it is not one. */
static bool verify__items(const cc_program *prog, uint32_t u, uint32_t f, uint32_t o, bool star,
                          int depth, json_t *items)
{
    if (o == CC_NONE || depth > 4)
        return false;
    o = verify__defn(prog, u, &f, o);
    const cc_unit *un = cc_program_unit(prog, u);
    const cc_op *op = &un->funcs[f].ops[o];
    if (op->kind == CC_OP_ALLOC &&
        (op->sub == CC_ALLOC_LIST || op->sub == CC_ALLOC_TUPLE || op->sub == CC_ALLOC_SET)) {
        for (uint32_t i = 0; i < op->nargs; i++) {
            json_t *args = json_array();
            json_t *t = star ? NULL : verify__literal_json(prog, u, f, op->args[i]);
            if (t)
                json_array_append_new(args, t);
            if (star ? !verify__display_args(prog, u, f, op->args[i], false, args) : !t) {
                json_decref(args);
                return false;
            }
            json_array_append_new(items, args);
            if (json_array_size(items) > RUN_MAX_ITEMS)
                return false;
        }
        return true;
    }
    int64_t k;
    if (op->kind == CC_OP_BINOP && op->name &&
        !strcmp(cc_str_text(cc_program_interner(prog), op->name), "*")) {
        for (int side = 0; side < 2; side++) {
            uint32_t seq = side ? op->b : op->a, cnt = side ? op->a : op->b;
            if (!cc_const_int(prog, u, f, cnt, &k) || k < 0 || k > RUN_MAX_ITEMS)
                continue;
            json_t *one = json_array();
            if (!verify__items(prog, u, f, seq, star, depth + 1, one) ||
                json_array_size(one) * (size_t)k > RUN_MAX_ITEMS) {
                json_decref(one);
                return false;
            }
            for (int64_t r = 0; r < k; r++)
                json_array_extend(items, one);
            json_decref(one);
            return true;
        }
        return false;
    }
    if (op->kind == CC_OP_CALL && !star) {
        cc_aval c = cc_resolve(prog, u, f, op->a);
        if (c.kind != CC_V_EXTERN ||
            strcmp(cc_str_text(cc_program_interner(prog), c.qname), "builtins.range"))
            return false;
        int64_t v[3] = {0, 0, 1};
        if (op->nargs < 1 || op->nargs > 3)
            return false;
        for (uint32_t i = 0; i < op->nargs; i++)
            if ((op->kwnames && op->kwnames[i]) || !cc_const_int(prog, u, f, op->args[i], &v[i]))
                return false;
        int64_t lo = op->nargs == 1 ? 0 : v[0], hi = op->nargs == 1 ? v[0] : v[1], st = v[2];
        if (st == 0)
            return false;
        for (int64_t x = lo; st > 0 ? x < hi : x > hi; x += st) {
            char b[32];
            snprintf(b, sizeof b, "%lld", (long long)x);
            json_array_append_new(items, json_pack("[s]", b));
            if (json_array_size(items) > RUN_MAX_ITEMS)
                return false;
        }
        return true;
    }
    return false;
}

/* The positional arguments of one task: an argument tuple (`args=(...)`) and/or the arguments
 * after the callable (`submit(f, a, b)`), all literal. NULL when they are not. */
static json_t *verify__call_args(const cc_program *prog, uint32_t u, uint32_t f, uint32_t o,
                                 const cc_kb_entry *e)
{
    const cc_op *op = &cc_program_unit(prog, u)->funcs[f].ops[o];
    const cc_interner *in = cc_program_interner(prog);
    json_t *args = json_array();
    uint32_t tup = e->args_pos >= 0 || e->args_kw ? cc_call_arg(prog, u, f, o, e->args_pos,
                                                                  e->args_kw)
                                                    : CC_NONE;
    for (uint32_t i = 0; i < op->nargs; i++) {
        cc_str kw = op->kwnames ? op->kwnames[i] : CC_STR_NONE;
        const char *kt = kw ? cc_str_text(in, kw) : NULL;
        if (kt && !(e->fn_kw && !strcmp(kt, e->fn_kw)) &&
            !(e->args_kw && !strcmp(kt, e->args_kw)) && strcmp(kt, "name") &&
            strcmp(kt, "daemon")) {
            json_decref(args); /* keyword arguments of the task: not handled */
            return NULL;
        }
    }
    if (tup != CC_NONE && !verify__display_args(prog, u, f, tup, true, args)) {
        json_decref(args);
        return NULL;
    }
    if (e->rest_pos >= 0)
        for (uint32_t i = 0, k = 0; i < op->nargs; i++) {
            if (op->kwnames && op->kwnames[i])
                continue;
            if (k++ < (uint32_t)e->rest_pos)
                continue;
            json_t *x = verify__literal_json(prog, u, f, op->args[i]);
            if (!x) {
                json_decref(args);
                return NULL;
            }
            json_array_append_new(args, x);
        }
    return args;
}

/* The run object of the harness spec for --verify=run (path, module, qualname, args: one list
 * of Python literal sources per task measured), or NULL with the reason in why. */
static json_t *verify__run_spec(const cc_program *prog, const cc_advice *a,
                                const cc_verify_plan *plan, char *why, size_t wcap)
{
    const cc_site *s = a->shape;
    if (!s || s->lang != CC_LANG_PYTHON || s->target.unit == CC_NONE) {
        snprintf(why, wcap, "concur could not find the function this site runs");
        return NULL;
    }
    const cc_unit *tu = cc_program_unit(prog, s->target.unit);
    const cc_func *tf = &tu->funcs[s->target.func];
    const cc_interner *in = cc_program_interner(prog);
    if (tf->kind != CC_FUNC_FUNCTION || tf->class_idx != CC_NONE ||
        (tf->flags & (CC_FUNCF_NESTED | CC_FUNCF_IN_MAIN_GUARD | CC_FUNCF_ASYNC)) || !tu->module) {
        snprintf(why, wcap, "`%s` is not a plain function at a module's top level",
                 a->function ? a->function : "the target");
        return NULL;
    }
    const cc_kb_entry *e = s->api ? cc_program_kb_find(prog, s->api) : NULL;
    cc_op_id at = s->at;
    if (e && e->effect == CC_KB_START) {
        /* Thread(target=f, args=...).start(): the arguments are the constructor's */
        const cc_sem *sem = cc_program_sem(prog, s->sem);
        if (!sem->handle_known) {
            snprintf(why, wcap, "the thread or process object's arguments were not found");
            return NULL;
        }
        at = sem->handle;
        const cc_op *ctor = &cc_program_unit(prog, at.unit)->funcs[at.func].ops[at.op];
        cc_aval cv = ctor->kind == CC_OP_CALL ? cc_resolve(prog, at.unit, at.func, ctor->a)
                                               : (cc_aval){0};
        e = cv.kind == CC_V_EXTERN ? cc_program_kb_find(prog, cc_str_text(in, cv.qname)) : NULL;
    }
    if (!e) {
        snprintf(why, wcap, "the call that starts the work is not one concur knows");
        return NULL;
    }
    json_t *args = json_array();
    bool ok;
    if (e->iter_pos >= 0) {
        uint32_t it = cc_call_arg(prog, at.unit, at.func, at.op, e->iter_pos, "iterable");
        ok = verify__items(prog, at.unit, at.func, it, (e->flags & CC_KBF_STARMAP) != 0, 0, args);
    } else {
        json_t *one = verify__call_args(prog, at.unit, at.func, at.op, e);
        ok = one != NULL;
        for (uint32_t i = 0; ok && i < (plan->tasks ? plan->tasks : 1); i++)
            json_array_append(args, one);
        json_decref(one);
    }
    if (!ok || json_array_size(args) == 0) {
        json_decref(args);
        snprintf(why, wcap, "the call's arguments are not literals");
        return NULL;
    }
    /* as many tasks as the plan measures, the first ones of the site */
    while (plan->tasks && json_array_size(args) > plan->tasks)
        json_array_remove(args, json_array_size(args) - 1);
    /* the folder on sys.path: the file's folder, up one level per package of the module name */
    char root[PATH_MAX];
    if (!realpath(tu->path, root))
        snprintf(root, sizeof root, "%s", tu->path);
    const char *mod = cc_str_text(in, tu->module);
    int up = 1;
    for (const char *c = mod; *c; c++)
        up += *c == '.';
    const char *base = strrchr(root, '/');
    if (base && !strcmp(base + 1, "__init__.py"))
        up++;
    for (int i = 0; i < up; i++) {
        char *slash = strrchr(root, '/');
        if (!slash)
            break;
        *slash = 0;
    }
    if (!root[0])
        snprintf(root, sizeof root, "/");
    json_t *run = json_pack("{s:s,s:s,s:s,s:o}", "path", root, "module", mod, "qualname",
                            cc_str_text(in, tf->qualname), "args", args);
    char *dump = run ? json_dumps(run, JSON_COMPACT) : NULL;
    size_t dl = dump ? strlen(dump) : 0;
    free(dump);
    if (!run || dl > RUN_MAX_SPEC) {
        json_decref(run);
        snprintf(why, wcap, "the call's arguments are too large to pass to the benchmark");
        return NULL;
    }
    return run;
}

cc_status cc_verify_program(cc_program *prog, const cc_verify_options *opts, cc_verification **out,
                            char *err, size_t errcap)
{
    *out = NULL;
    const char *python = opts->python && *opts->python ? opts->python : "python3";
    if (!verify__exe_exists(python)) {
        snprintf(err, errcap, "--python-exe `%s`: no such executable file", python);
        return CC_ERR_NOTFOUND;
    }
    const cc_advice_set *set = cc_program_advice(prog);
    uint32_t count = cc_advice_count(set);
    if (count == 0)
        return CC_OK;
    cc_verification *vs = calloc(count, sizeof *vs);
    if (!vs)
        abort();
    const cc_cost_constants *k = cc_advice_constants(set);
    double budget = opts->budget_s > 0 ? opts->budget_s : CC_VERIFY_BUDGET_S;
    uint32_t repeats = opts->repeats ? opts->repeats : CC_VERIFY_REPEATS;
    uint32_t measurable = 0;
    for (uint32_t i = 0; i < count; i++) {
        const cc_advice *a = cc_advice_at(set, i);
        cc_verification *v = &vs[i];
        v->recommended = a->recommended;
        v->compared = a->current;
        v->verdict = CC_VERDICT_INCONCLUSIVE;
        v->ratio = (cc_estimate){NAN, NAN, NAN};
        cc_verify_plan_make(a, k, opts->cores, opts->max_serial_s, &v->plan);
        if (!v->plan.ok)
            verify__note(v, "%s", v->plan.why);
        else
            measurable++;
    }
    char dir[PATH_MAX], file[PATH_MAX + 64];
    if (measurable && !verify__write_harness(dir, sizeof dir, file, sizeof file)) {
        snprintf(err, errcap, "cannot write the verify harness to a temporary folder: %s",
                 strerror(errno));
        free(vs);
        return CC_ERR_IO;
    }
    double t0 = verify__now();
    uint32_t done = 0;
    for (uint32_t i = 0; i < count; i++) {
        cc_verification *v = &vs[i];
        if (!v->plan.ok)
            continue;
        const cc_advice *a = cc_advice_at(set, i);
        double left = budget - (verify__now() - t0);
        /* An equal share of what is left for each site still to run. */
        double share = left / (double)(measurable - done);
        done++;
        char where[PATH_MAX + 32];
        snprintf(where, sizeof where, "%s:%u", cc_program_unit(prog, a->unit)->path, a->span.line);
        if (share <= 0.05) {
            verify__note(v, "%s", "the time budget ran out");
            verify__scaling_note(v);
            continue;
        }
        json_t *run = NULL;
        if (opts->mode == CC_VERIFY_RUN) {
            char why[200];
            run = verify__run_spec(prog, a, &v->plan, why, sizeof why);
            if (!run)
                verify__note(v, "not run as written (%s): measured the synthetic shape", why);
        }
        verify__site(a, run, python, file, repeats, share, opts->progress, done - 1, measurable,
                     where, v);
        json_decref(run);
        if (opts->progress) {
            char line[512];
            fprintf(stderr, "concur: verify %u/%u %s: %s\n", done, measurable, where,
                    cc_verification_line(v, line, sizeof line));
        }
    }
    if (measurable) {
        unlink(file);
        rmdir(dir);
    }
    cc_verify_cache_store(prog, vs);
    *out = vs;
    return CC_OK;
}

/* ---- the verdict cache (for the language server's hovers) ---------------------------------- */

#define VERDICT_SCHEMA "concur-verdict/1"

const char *cc_verify_site_key(const cc_program *prog, const cc_advice *a, char *buf, size_t cap)
{
    const cc_unit *u = cc_program_unit(prog, a->unit);
    char abs[PATH_MAX];
    if (!realpath(u->path, abs))
        snprintf(abs, sizeof abs, "%s", u->path);
    const cc_site *s = a->shape;
    if (!s) {
        snprintf(buf, cap, "%s|%s|%s>%s", abs, a->function ? a->function : "?",
                 cc_advice_model_name((cc_advice_model)a->current),
                 cc_advice_model_name((cc_advice_model)a->recommended));
        return buf;
    }
    snprintf(buf, cap,
             "%s|%s|%s|%s>%s|sm=%d|tasks=%.6g|workers=%.6g|chunk=%.6g|steps=%.6g|native=%.6g|"
             "wait=%.6g|payload=%.6g|pobj=%.6g|result=%.6g|robj=%.6g|init=%.6g",
             abs, a->function ? a->function : "?", s->api ? s->api : "?",
             cc_advice_model_name((cc_advice_model)a->current),
             cc_advice_model_name((cc_advice_model)a->recommended), (int)s->start_method,
             s->tasks.v, s->workers.v, s->chunksize.v, s->gil_steps.v, s->native_bytes.v,
             s->wait_s.v, s->payload_bytes.v, s->payload_objects.v, s->result_bytes.v,
             s->result_objects.v, s->init_bytes.v);
    return buf;
}

void cc_verify_cache_store(const cc_program *prog, const cc_verification *vs)
{
    const cc_advice_set *set = cc_program_advice(prog);
    for (uint32_t i = 0; vs && i < cc_advice_count(set); i++) {
        if (!vs[i].measured)
            continue;
        char key[PATH_MAX + 512], dir[PATH_MAX], path[PATH_MAX + 64];
        char line[512], when[32];
        cc_verify_site_key(prog, cc_advice_at(set, i), key, sizeof key);
        if (!cc_bench_cache_file("verdict", key, dir, sizeof dir, path, sizeof path))
            return;
        time_t now = time(NULL);
        struct tm tm;
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
        json_t *doc = json_pack("{s:s,s:s,s:s,s:s,s:s}", "schema", VERDICT_SCHEMA, "key", key,
                                "verdict", cc_verdict_name((cc_verdict)vs[i].verdict), "line",
                                cc_verification_line(&vs[i], line, sizeof line), "measured_at",
                                when);
        if (!doc)
            abort();
        cc_bench_cache_write(doc, path, dir); /* the cache is an aid: a failure is ignored */
        json_decref(doc);
    }
}

bool cc_verify_cache_lookup(const cc_program *prog, const cc_advice *a, char *line, size_t lcap,
                            char *when, size_t wcap)
{
    char key[PATH_MAX + 512], dir[PATH_MAX], path[PATH_MAX + 64];
    cc_verify_site_key(prog, a, key, sizeof key);
    if (!cc_bench_cache_file("verdict", key, dir, sizeof dir, path, sizeof path))
        return false;
    json_t *doc = json_load_file(path, 0, NULL);
    if (!doc)
        return false;
    const char *schema = json_string_value(json_object_get(doc, "schema"));
    const char *k = json_string_value(json_object_get(doc, "key"));
    const char *l = json_string_value(json_object_get(doc, "line"));
    const char *w = json_string_value(json_object_get(doc, "measured_at"));
    bool ok = schema && !strcmp(schema, VERDICT_SCHEMA) && k && !strcmp(k, key) && l && w;
    if (ok) {
        snprintf(line, lcap, "%s", l);
        snprintf(when, wcap, "%s", w);
    }
    json_decref(doc);
    return ok;
}
