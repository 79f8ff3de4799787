/* bench_stats.c - medians, bootstrap intervals and the verdict rule (see concur/bench_stats.h). */
#include "concur/bench_stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "concur/arena.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void cc_rng_seed(cc_rng *self, uint64_t seed)
{
    /* splitmix64 never yields four zero words in a row, so every seed is a valid xoshiro state. */
    for (int i = 0; i < 4; i++)
        self->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t cc_rng_next(cc_rng *self)
{
    uint64_t *s = self->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

size_t cc_rng_below(cc_rng *self, size_t n)
{
    /* Rejection sampling: draws in the short top slice would favour small values. */
    uint64_t limit = UINT64_MAX - UINT64_MAX % (uint64_t)n;
    uint64_t r;
    do
        r = cc_rng_next(self);
    while (r >= limit);
    return (size_t)(r % (uint64_t)n);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of n values in buf; reorders buf. */
static double median_inplace(double *buf, size_t n)
{
    qsort(buf, n, sizeof *buf, cmp_double);
    return n % 2 ? buf[n / 2] : 0.5 * (buf[n / 2 - 1] + buf[n / 2]);
}

double cc_stats_median(const double *xs, size_t n)
{
    if (n == 0)
        return NAN;
    double *buf = cc_xmalloc(n * sizeof *buf);
    memcpy(buf, xs, n * sizeof *buf);
    double m = median_inplace(buf, n);
    free(buf);
    return m;
}

double cc_stats_quantile_sorted(const double *sorted, size_t n, double q)
{
    if (n == 0)
        return NAN;
    if (q <= 0)
        return sorted[0];
    if (q >= 1)
        return sorted[n - 1];
    double h = q * (double)(n - 1);
    size_t i = (size_t)h;
    if (i + 1 >= n)
        return sorted[n - 1];
    return sorted[i] + (h - (double)i) * (sorted[i + 1] - sorted[i]);
}

static int opts_resolve(const cc_bootstrap_opts *opts, uint32_t *resamples, double *conf,
                        uint64_t *seed)
{
    *resamples = opts && opts->resamples ? opts->resamples : CC_BOOTSTRAP_RESAMPLES;
    *conf = opts && opts->confidence != 0 ? opts->confidence : CC_BOOTSTRAP_CONFIDENCE;
    *seed = opts ? opts->seed : 0;
    return *conf > 0 && *conf < 1;
}

static int all_finite(const double *xs, size_t n, int positive)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(xs[i]) || (positive && !(xs[i] > 0)))
            return 0;
    return 1;
}

/* Draws a resample of n values from xs into buf and returns its median. */
static double resample_median(cc_rng *rng, const double *xs, size_t n, double *buf)
{
    for (size_t i = 0; i < n; i++)
        buf[i] = xs[cc_rng_below(rng, n)];
    return median_inplace(buf, n);
}

/* Fills out from the point estimate and the sorted bootstrap statistics. */
static void interval(double point, double *stats, uint32_t k, double conf, cc_estimate *out)
{
    qsort(stats, k, sizeof *stats, cmp_double);
    double alpha = (1 - conf) / 2;
    out->point = point;
    out->lo = cc_stats_quantile_sorted(stats, k, alpha);
    out->hi = cc_stats_quantile_sorted(stats, k, 1 - alpha);
}

cc_status cc_stats_median_ci(const double *xs, size_t n, const cc_bootstrap_opts *opts,
                             cc_estimate *out)
{
    uint32_t k;
    double conf;
    uint64_t seed;
    if (!opts_resolve(opts, &k, &conf, &seed) || n == 0 || !all_finite(xs, n, 0))
        return CC_ERR_USAGE;
    cc_rng rng;
    cc_rng_seed(&rng, seed);
    double *buf = cc_xmalloc(n * sizeof *buf);
    double *stats = cc_xmalloc(k * sizeof *stats);
    for (uint32_t r = 0; r < k; r++)
        stats[r] = resample_median(&rng, xs, n, buf);
    interval(cc_stats_median(xs, n), stats, k, conf, out);
    free(stats);
    free(buf);
    return CC_OK;
}

cc_status cc_stats_ratio_ci(const double *base, size_t nb, const double *other, size_t no,
                            const cc_bootstrap_opts *opts, cc_estimate *out)
{
    uint32_t k;
    double conf;
    uint64_t seed;
    if (!opts_resolve(opts, &k, &conf, &seed) || nb == 0 || no == 0 ||
        !all_finite(base, nb, 1) || !all_finite(other, no, 1))
        return CC_ERR_USAGE;
    cc_rng rng;
    cc_rng_seed(&rng, seed);
    double *buf = cc_xmalloc((nb > no ? nb : no) * sizeof *buf);
    double *stats = cc_xmalloc(k * sizeof *stats);
    for (uint32_t r = 0; r < k; r++) {
        double mb = resample_median(&rng, base, nb, buf);
        double mo = resample_median(&rng, other, no, buf);
        stats[r] = mb / mo;
    }
    interval(cc_stats_median(base, nb) / cc_stats_median(other, no), stats, k, conf, out);
    free(stats);
    free(buf);
    return CC_OK;
}

cc_verdict cc_stats_verdict(const cc_estimate *ratio, double min_effect)
{
    if (min_effect <= 0)
        min_effect = CC_VERDICT_MIN_EFFECT;
    if (!isfinite(ratio->point) || !isfinite(ratio->lo) || !isfinite(ratio->hi))
        return CC_VERDICT_INCONCLUSIVE;
    if (ratio->lo > 1 && ratio->point >= min_effect)
        return CC_VERDICT_CONFIRMED;
    if (ratio->hi < 1)
        return CC_VERDICT_REFUTED;
    return CC_VERDICT_INCONCLUSIVE;
}

const char *cc_verdict_name(cc_verdict v)
{
    switch (v) {
    case CC_VERDICT_CONFIRMED:
        return "confirmed";
    case CC_VERDICT_REFUTED:
        return "refuted";
    case CC_VERDICT_INCONCLUSIVE:
        break;
    }
    return "inconclusive";
}
