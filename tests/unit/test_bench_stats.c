/* test_bench_stats.c - medians, bootstrap intervals and the verdict rule
 * (analyzer/src/bench_stats.c, concur/bench_stats.h). Fixed seeds and known data: no timing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "concur/bench_stats.h"

/* Fills xs with n values spread evenly (deterministically) over [centre*(1-spread),
 * centre*(1+spread)], shuffled by a fixed stream, so that samples look like timings. */
static void fill(double *xs, size_t n, double centre, double spread, uint64_t seed)
{
    cc_rng rng;
    cc_rng_seed(&rng, seed);
    for (size_t i = 0; i < n; i++)
        xs[i] = centre * (1 - spread + 2 * spread * (double)i / (double)(n > 1 ? n - 1 : 1));
    for (size_t i = n; i > 1; i--) {
        size_t j = cc_rng_below(&rng, i);
        double t = xs[i - 1];
        xs[i - 1] = xs[j];
        xs[j] = t;
    }
}

static void test_rng_deterministic_and_seed_sensitive(void **state)
{
    (void)state;
    cc_rng a, b, c;
    cc_rng_seed(&a, 42);
    cc_rng_seed(&b, 42);
    cc_rng_seed(&c, 43);
    int differs = 0;
    for (int i = 0; i < 100; i++) {
        uint64_t x = cc_rng_next(&a);
        assert_true(x == cc_rng_next(&b));
        differs |= x != cc_rng_next(&c);
    }
    assert_true(differs);
    /* Seed 0 is a working stream, not all zeros. */
    cc_rng_seed(&a, 0);
    assert_true(cc_rng_next(&a) != 0 || cc_rng_next(&a) != 0);
    /* cc_rng_below stays in range and reaches every value. */
    int seen[7] = {0};
    for (int i = 0; i < 700; i++) {
        size_t v = cc_rng_below(&a, 7);
        assert_true(v < 7);
        seen[v] = 1;
    }
    for (int i = 0; i < 7; i++)
        assert_true(seen[i]);
}

static void test_median_and_quantiles(void **state)
{
    (void)state;
    const double odd[] = {5, 1, 4, 2, 3};
    const double even[] = {4, 1, 3, 2};
    double copy[5];
    memcpy(copy, odd, sizeof odd);
    assert_true(cc_stats_median(odd, 5) == 3.0);
    assert_memory_equal(copy, odd, sizeof odd); /* the input is not reordered */
    assert_true(cc_stats_median(even, 4) == 2.5);
    assert_true(cc_stats_median(odd, 1) == 5.0);
    assert_true(isnan(cc_stats_median(odd, 0)));

    const double sorted[] = {10, 20, 30, 40, 50};
    assert_true(cc_stats_quantile_sorted(sorted, 5, 0.0) == 10);
    assert_true(cc_stats_quantile_sorted(sorted, 5, 1.0) == 50);
    assert_true(cc_stats_quantile_sorted(sorted, 5, 0.5) == 30);
    assert_true(fabs(cc_stats_quantile_sorted(sorted, 5, 0.1) - 14.0) < 1e-12);
    assert_true(fabs(cc_stats_quantile_sorted(sorted, 5, 0.975) - 49.0) < 1e-12);
    assert_true(isnan(cc_stats_quantile_sorted(sorted, 0, 0.5)));
}

static void test_clearly_different_samples_exclude_one(void **state)
{
    (void)state;
    double serial[9], parallel[9];
    fill(serial, 9, 1.0, 0.05, 1);
    fill(parallel, 9, 0.5, 0.05, 2);
    cc_bootstrap_opts o = {.seed = 7};
    cc_estimate e;
    assert_int_equal(cc_stats_ratio_ci(serial, 9, parallel, 9, &o, &e), CC_OK);
    assert_true(fabs(e.point - 2.0) < 1e-9); /* ratio of medians exactly 1.0 / 0.5 */
    assert_true(e.lo > 1.0);
    assert_true(e.lo <= e.point && e.point <= e.hi);
    assert_int_equal(cc_stats_verdict(&e, 0), CC_VERDICT_CONFIRMED);

    /* The other way round the parallel run is slower: refuted. */
    assert_int_equal(cc_stats_ratio_ci(parallel, 9, serial, 9, &o, &e), CC_OK);
    assert_true(fabs(e.point - 0.5) < 1e-9);
    assert_true(e.hi < 1.0);
    assert_int_equal(cc_stats_verdict(&e, 0), CC_VERDICT_REFUTED);
}

static void test_identical_distributions_include_one(void **state)
{
    (void)state;
    double a[11], b[11];
    cc_estimate e;
    /* Same values in a different order, and in the same order, for several seeds. */
    for (uint64_t seed = 0; seed < 20; seed++) {
        fill(a, 11, 0.3, 0.2, 100 + seed);
        fill(b, 11, 0.3, 0.2, 200 + seed);
        cc_bootstrap_opts o = {.seed = seed};
        assert_int_equal(cc_stats_ratio_ci(a, 11, b, 11, &o, &e), CC_OK);
        assert_true(fabs(e.point - 1.0) < 1e-12);
        assert_true(e.lo < 1.0 && e.hi > 1.0);
        assert_int_equal(cc_stats_verdict(&e, 0), CC_VERDICT_INCONCLUSIVE);
    }
}

static void test_same_seed_same_interval(void **state)
{
    (void)state;
    double a[8], b[6];
    fill(a, 8, 1.0, 0.3, 5);
    fill(b, 6, 0.8, 0.3, 6);
    cc_bootstrap_opts o = {.seed = 99, .resamples = 500};
    cc_estimate e1, e2, e3;
    assert_int_equal(cc_stats_ratio_ci(a, 8, b, 6, &o, &e1), CC_OK);
    assert_int_equal(cc_stats_ratio_ci(a, 8, b, 6, &o, &e2), CC_OK);
    assert_true(e1.lo == e2.lo && e1.hi == e2.hi && e1.point == e2.point);
    o.seed = 100;
    assert_int_equal(cc_stats_ratio_ci(a, 8, b, 6, &o, &e3), CC_OK);
    assert_true(e3.point == e1.point);
    assert_true(e3.lo != e1.lo || e3.hi != e1.hi);
}

static void test_wider_confidence_gives_wider_interval(void **state)
{
    (void)state;
    double a[15], b[15];
    fill(a, 15, 1.0, 0.4, 11);
    fill(b, 15, 0.9, 0.4, 12);
    cc_estimate e90, e99;
    cc_bootstrap_opts o = {.seed = 3, .confidence = 0.90};
    assert_int_equal(cc_stats_ratio_ci(a, 15, b, 15, &o, &e90), CC_OK);
    o.confidence = 0.99;
    assert_int_equal(cc_stats_ratio_ci(a, 15, b, 15, &o, &e99), CC_OK);
    assert_true(e99.lo <= e90.lo && e99.hi >= e90.hi);
    assert_true(e99.hi - e99.lo > e90.hi - e90.lo);
}

static void test_verdict_threshold(void **state)
{
    (void)state;
    /* Hand-made estimates pin the rule down exactly. */
    cc_estimate small_real = {.point = 1.15, .lo = 1.05, .hi = 1.25};
    cc_estimate at_threshold = {.point = 1.2, .lo = 1.01, .hi = 1.4};
    cc_estimate straddles = {.point = 1.5, .lo = 0.95, .hi = 2.1};
    cc_estimate touches_one = {.point = 1.5, .lo = 1.0, .hi = 2.0};
    cc_estimate slower = {.point = 0.7, .lo = 0.6, .hi = 0.99};
    cc_estimate slower_touch = {.point = 0.7, .lo = 0.6, .hi = 1.0};
    cc_estimate nan_est = {.point = NAN, .lo = 1.5, .hi = 2.5};
    assert_int_equal(cc_stats_verdict(&small_real, 0), CC_VERDICT_INCONCLUSIVE);
    assert_int_equal(cc_stats_verdict(&small_real, 1.1), CC_VERDICT_CONFIRMED);
    assert_int_equal(cc_stats_verdict(&at_threshold, 0), CC_VERDICT_CONFIRMED);
    assert_int_equal(cc_stats_verdict(&at_threshold, 1.21), CC_VERDICT_INCONCLUSIVE);
    assert_int_equal(cc_stats_verdict(&straddles, 0), CC_VERDICT_INCONCLUSIVE);
    assert_int_equal(cc_stats_verdict(&touches_one, 0), CC_VERDICT_INCONCLUSIVE);
    assert_int_equal(cc_stats_verdict(&slower, 0), CC_VERDICT_REFUTED);
    assert_int_equal(cc_stats_verdict(&slower_touch, 0), CC_VERDICT_INCONCLUSIVE);
    assert_int_equal(cc_stats_verdict(&nan_est, 0), CC_VERDICT_INCONCLUSIVE);
    assert_string_equal(cc_verdict_name(CC_VERDICT_CONFIRMED), "confirmed");
    assert_string_equal(cc_verdict_name(CC_VERDICT_REFUTED), "refuted");
    assert_string_equal(cc_verdict_name(CC_VERDICT_INCONCLUSIVE), "inconclusive");

    /* From data: a clear but small gain (1.1x with tight spread) excludes 1 yet stays below the
     * 1.2x bar; a clear 1.3x gain passes it. */
    double base[9], fast[9];
    cc_bootstrap_opts o = {.seed = 1};
    cc_estimate e;
    fill(base, 9, 1.1, 0.01, 21);
    fill(fast, 9, 1.0, 0.01, 22);
    assert_int_equal(cc_stats_ratio_ci(base, 9, fast, 9, &o, &e), CC_OK);
    assert_true(e.lo > 1.0 && e.point < 1.2);
    assert_int_equal(cc_stats_verdict(&e, 0), CC_VERDICT_INCONCLUSIVE);
    fill(base, 9, 1.3, 0.01, 23);
    assert_int_equal(cc_stats_ratio_ci(base, 9, fast, 9, &o, &e), CC_OK);
    assert_true(e.lo > 1.0 && e.point >= 1.2);
    assert_int_equal(cc_stats_verdict(&e, 0), CC_VERDICT_CONFIRMED);
}

static void test_median_ci(void **state)
{
    (void)state;
    const double xs[] = {3, 1, 2, 5, 4};
    cc_estimate e;
    assert_int_equal(cc_stats_median_ci(xs, 5, NULL, &e), CC_OK);
    assert_true(e.point == 3.0);
    assert_true(e.lo >= 1.0 && e.lo <= 3.0 && e.hi >= 3.0 && e.hi <= 5.0);
    assert_int_equal(cc_stats_median_ci(xs, 1, NULL, &e), CC_OK);
    assert_true(e.point == 3.0 && e.lo == 3.0 && e.hi == 3.0);
}

static void test_bad_input_rejected(void **state)
{
    (void)state;
    const double good[] = {1, 2, 3};
    const double zero[] = {1, 0, 3};
    const double inf[] = {1, INFINITY, 3};
    cc_estimate e = {.point = -1, .lo = -1, .hi = -1};
    assert_int_equal(cc_stats_ratio_ci(good, 0, good, 3, NULL, &e), CC_ERR_USAGE);
    assert_int_equal(cc_stats_ratio_ci(good, 3, good, 0, NULL, &e), CC_ERR_USAGE);
    assert_int_equal(cc_stats_ratio_ci(good, 3, zero, 3, NULL, &e), CC_ERR_USAGE);
    assert_int_equal(cc_stats_ratio_ci(inf, 3, good, 3, NULL, &e), CC_ERR_USAGE);
    cc_bootstrap_opts bad_conf = {.confidence = 1.5};
    assert_int_equal(cc_stats_ratio_ci(good, 3, good, 3, &bad_conf, &e), CC_ERR_USAGE);
    assert_int_equal(cc_stats_median_ci(good, 0, NULL, &e), CC_ERR_USAGE);
    assert_int_equal(cc_stats_median_ci(inf, 3, NULL, &e), CC_ERR_USAGE);
    assert_true(e.point == -1 && e.lo == -1 && e.hi == -1); /* untouched on error */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rng_deterministic_and_seed_sensitive),
        cmocka_unit_test(test_median_and_quantiles),
        cmocka_unit_test(test_clearly_different_samples_exclude_one),
        cmocka_unit_test(test_identical_distributions_include_one),
        cmocka_unit_test(test_same_seed_same_interval),
        cmocka_unit_test(test_wider_confidence_gives_wider_interval),
        cmocka_unit_test(test_verdict_threshold),
        cmocka_unit_test(test_median_ci),
        cmocka_unit_test(test_bad_input_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
