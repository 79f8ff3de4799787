/* test_verify.c - the verdict logic and the plans of `concur check --verify`
 * (analyzer/src/verify.c, concur/verify.h). Fixed samples and shapes: no timing, nothing run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "concur/verify.h"

/* n samples spread evenly over centre*(1 +- spread), in a scrambled order. */
static void fill(double *xs, size_t n, double centre, double spread)
{
    for (size_t i = 0; i < n; i++) {
        size_t j = (i * 3 + 1) % n; /* a permutation: n is 7 */
        xs[j] = centre * (1 - spread + 2 * spread * (double)i / (double)(n - 1));
    }
}

typedef struct samples {
    double xs[3][7];
    size_t n[3];
} samples;

static cc_verdict judge(samples *s, cc_advice_model cur, cc_advice_model rec, uint8_t *cmp,
                        cc_estimate *ratio)
{
    const double *p[3] = {s->xs[0], s->xs[1], s->xs[2]};
    return cc_verify_judge(p, s->n, cur, rec, cmp, ratio);
}

static void make(samples *s, double serial, double threads, double processes, double spread)
{
    memset(s, 0, sizeof *s);
    fill(s->xs[0], 7, serial, spread);
    fill(s->xs[1], 7, threads, spread);
    fill(s->xs[2], 7, processes, spread);
    s->n[0] = s->n[1] = s->n[2] = 7;
}

static void confirmed_when_recommended_clearly_faster(void **state)
{
    (void)state;
    samples s;
    make(&s, 1.0, 1.0, 0.5, 0.05);
    uint8_t cmp;
    cc_estimate r;
    assert_int_equal(judge(&s, CC_AM_THREADS, CC_AM_PROCESSES, &cmp, &r), CC_VERDICT_CONFIRMED);
    assert_int_equal(cmp, CC_AM_THREADS);
    assert_true(r.lo > 1 && r.point >= 1.2);
    /* Serial instead of processes for tiny work: serial is the recommended, faster one. */
    make(&s, 0.01, 0.02, 0.2, 0.05);
    assert_int_equal(judge(&s, CC_AM_PROCESSES, CC_AM_SERIAL, &cmp, &r), CC_VERDICT_CONFIRMED);
    assert_int_equal(cmp, CC_AM_PROCESSES);
}

static void refuted_when_recommended_slower(void **state)
{
    (void)state;
    samples s;
    make(&s, 1.0, 1.0, 2.0, 0.05);
    uint8_t cmp;
    cc_estimate r;
    assert_int_equal(judge(&s, CC_AM_THREADS, CC_AM_PROCESSES, &cmp, &r), CC_VERDICT_REFUTED);
    assert_true(r.hi < 1);
}

static void inconclusive_when_small_or_noisy(void **state)
{
    (void)state;
    samples s;
    uint8_t cmp;
    cc_estimate r;
    /* A real gain below 1.2x. */
    make(&s, 1.0, 1.0, 0.9, 0.01);
    assert_int_equal(judge(&s, CC_AM_THREADS, CC_AM_PROCESSES, &cmp, &r), CC_VERDICT_INCONCLUSIVE);
    assert_true(r.lo > 1);
    /* Overlapping, noisy samples. */
    make(&s, 1.0, 1.0, 1.0, 0.5);
    assert_int_equal(judge(&s, CC_AM_THREADS, CC_AM_PROCESSES, &cmp, &r), CC_VERDICT_INCONCLUSIVE);
    /* Too few samples of the recommended model. */
    make(&s, 1.0, 1.0, 0.1, 0.01);
    s.n[2] = 1;
    assert_int_equal(judge(&s, CC_AM_THREADS, CC_AM_PROCESSES, &cmp, &r), CC_VERDICT_INCONCLUSIVE);
    assert_true(isnan(r.point));
    /* A model the benchmark does not run. */
    make(&s, 1.0, 1.0, 0.1, 0.01);
    assert_int_equal(judge(&s, CC_AM_THREADS, CC_AM_ASYNCIO, &cmp, &r), CC_VERDICT_INCONCLUSIVE);
}

static void same_model_compares_with_best_other(void **state)
{
    (void)state;
    samples s;
    uint8_t cmp;
    cc_estimate r;
    /* "processes fit": threads are the fastest alternative, and processes beat them. */
    make(&s, 1.0, 0.8, 0.4, 0.02);
    assert_int_equal(judge(&s, CC_AM_PROCESSES, CC_AM_PROCESSES, &cmp, &r), CC_VERDICT_CONFIRMED);
    assert_int_equal(cmp, CC_AM_THREADS);
    /* "processes fit", but serial is faster: refuted, compared with serial. */
    make(&s, 0.1, 0.3, 0.5, 0.02);
    assert_int_equal(judge(&s, CC_AM_PROCESSES, CC_AM_PROCESSES, &cmp, &r), CC_VERDICT_REFUTED);
    assert_int_equal(cmp, CC_AM_SERIAL);
}

static cc_site site(double tasks, double workers, double steps, double wait, double payload)
{
    cc_site s;
    memset(&s, 0, sizeof s);
    s.lang = CC_LANG_PYTHON;
    s.model = CC_MODEL_PROCESS;
    s.tasks = (cc_est){tasks, true};
    s.workers = (cc_est){workers, true};
    s.chunksize = (cc_est){1, true};
    s.gil_steps = (cc_est){steps, true};
    s.wait_s = (cc_est){wait, true};
    s.payload_bytes = (cc_est){payload, true};
    return s;
}

static cc_advice advice(const cc_site *s, cc_advice_model cur, cc_advice_model rec)
{
    cc_advice a;
    memset(&a, 0, sizeof a);
    a.shape = s;
    a.current = (uint8_t)cur;
    a.recommended = (uint8_t)rec;
    return a;
}

static void plan_keeps_small_shapes(void **state)
{
    (void)state;
    cc_cost_constants k;
    cc_cost_constants_default(&k);
    k.step_s = 20e-9;
    cc_site s = site(100, 8, 1000, 0, 100); /* 100 tasks of 20 us: 2 ms */
    cc_advice a = advice(&s, CC_AM_THREADS, CC_AM_PROCESSES);
    cc_verify_plan p;
    cc_verify_plan_make(&a, &k, 2, 0.5, &p);
    assert_true(p.ok);
    assert_false(p.scaled);
    assert_int_equal(p.tasks, 100);
    assert_int_equal(p.workers, 2); /* capped to the usable cores */
    assert_true(fabs(p.steps - 1000) < 1e-9);
    assert_true(p.work_scale == 1);
}

static void plan_scales_huge_shapes(void **state)
{
    (void)state;
    cc_cost_constants k;
    cc_cost_constants_default(&k);
    k.step_s = 20e-9;
    /* 10^6 tasks of 10^5 steps (2 ms each): 2000 s serially. */
    cc_site s = site(1e6, 4, 1e5, 0, 1e9);
    cc_advice a = advice(&s, CC_AM_THREADS, CC_AM_PROCESSES);
    cc_verify_plan p;
    cc_verify_plan_make(&a, &k, 4, 0.5, &p);
    assert_true(p.ok && p.scaled);
    assert_int_equal(p.site_tasks, 1000000);
    assert_int_equal(p.tasks, 250);
    assert_true(p.est_serial_s <= 0.5 + 1e-9);
    assert_true(p.payload <= CC_VERIFY_MAX_PAYLOAD);
    /* One task of 100 s: two tasks per worker remain, with less work each. */
    cc_site big = site(1000, 2, 5e9, 0, 0);
    a = advice(&big, CC_AM_THREADS, CC_AM_PROCESSES);
    cc_verify_plan_make(&a, &k, 2, 0.5, &p);
    assert_true(p.ok && p.scaled);
    assert_int_equal(p.tasks, 4);
    assert_true(p.work_scale < 1e-2);
    assert_true(p.est_serial_s <= 0.5 + 1e-9);
}

static void plan_refuses_unmeasurable_sites(void **state)
{
    (void)state;
    cc_cost_constants k;
    cc_cost_constants_default(&k);
    cc_site s = site(10, 2, 1000, 0, 0);
    cc_advice a = advice(&s, CC_AM_THREADS, CC_AM_ASYNCIO);
    cc_verify_plan p;
    cc_verify_plan_make(&a, &k, 2, 0.5, &p);
    assert_false(p.ok);
    assert_non_null(strstr(p.why, "asyncio"));
    s.lang = CC_LANG_C;
    a = advice(&s, CC_AM_THREADS, CC_AM_PROCESSES);
    cc_verify_plan_make(&a, &k, 2, 0.5, &p);
    assert_false(p.ok);
    assert_non_null(strstr(p.why, "C sites"));
}

static void line_names_verdict_and_runs(void **state)
{
    (void)state;
    cc_verification v;
    memset(&v, 0, sizeof v);
    v.measured = true;
    v.verdict = CC_VERDICT_CONFIRMED;
    v.recommended = CC_AM_SERIAL;
    v.compared = CC_AM_PROCESSES;
    v.ratio = (cc_estimate){3.0, 2.5, 3.5};
    v.nruns = 2;
    v.runs[0] = (cc_verify_run){CC_AM_SERIAL, 1, 0.01, {1, 1, 1}};
    v.runs[1] = (cc_verify_run){CC_AM_PROCESSES, 2, 0.03, {0.33, 0.3, 0.4}};
    v.repeats = 5;
    snprintf(v.note, sizeof v.note, "scaled down to 40 of 1000 tasks");
    char buf[512];
    cc_verification_line(&v, buf, sizeof buf);
    assert_non_null(strstr(buf, "confirmed (serial vs processes: 3.00x"));
    assert_non_null(strstr(buf, "processes(2) 0.33x [0.30, 0.40]"));
    assert_non_null(strstr(buf, "5 repeats; scaled down to 40 of 1000 tasks"));
    /* A tiny buffer is cut, never overrun. */
    char small[8];
    cc_verification_line(&v, small, sizeof small);
    assert_int_equal(strlen(small), 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(confirmed_when_recommended_clearly_faster),
        cmocka_unit_test(refuted_when_recommended_slower),
        cmocka_unit_test(inconclusive_when_small_or_noisy),
        cmocka_unit_test(same_model_compares_with_best_other),
        cmocka_unit_test(plan_keeps_small_shapes),
        cmocka_unit_test(plan_scales_huge_shapes),
        cmocka_unit_test(plan_refuses_unmeasurable_sites),
        cmocka_unit_test(line_names_verdict_and_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
