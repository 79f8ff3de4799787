/* bench_stats.h - the statistics behind `concur bench` and `concur check --verify`: medians, the
 * ratio of two medians, percentile-bootstrap confidence intervals on it, and the verdict rule.
 *
 * Everything here is pure: no I/O, no clocks, no global state. Randomness comes from a caller-owned
 * cc_rng seeded by the caller, so a fixed seed and fixed samples give the same interval on every
 * machine and in every run (the tests depend on it; so does a cached benchmark being re-rendered).
 *
 * Samples are durations (seconds) or any other positive, finite quantity where smaller is better.
 * A "ratio" is median(base) / median(other): with base = serial times and other = parallel times it
 * is the speedup of the parallel run; with base = the current model's times and other = the
 * recommended model's times it is the gain the advice promises. */
#ifndef CONCUR_BENCH_STATS_H
#define CONCUR_BENCH_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "concur/status.h"

/* A small, fast, seedable generator (xoshiro256** seeded through splitmix64). Plain struct so it
 * lives on the stack; not shared between threads. */
typedef struct cc_rng {
    uint64_t s[4];
} cc_rng;

/* Seeds self. Every seed, including 0, gives a valid, distinct stream. This function can't fail. */
void cc_rng_seed(cc_rng *self, uint64_t seed);

/* Returns the next 64 random bits. This function can't fail. */
uint64_t cc_rng_next(cc_rng *self);

/* Returns a uniformly distributed integer in [0, n), n > 0, without modulo bias. */
size_t cc_rng_below(cc_rng *self, size_t n);

/* Returns the median of n values (the mean of the two middle values when n is even), or NAN when
 * n is 0. xs is not modified. Allocates a scratch copy; aborts when memory is exhausted. */
double cc_stats_median(const double *xs, size_t n);

/* Returns the q-quantile (0 <= q <= 1) of n values that are already sorted ascending, by linear
 * interpolation between the closest ranks (R's type 7), or NAN when n is 0. */
double cc_stats_quantile_sorted(const double *sorted, size_t n, double q);

/* Options for the bootstrap. Zero-initialised fields take the defaults below. */
typedef struct cc_bootstrap_opts {
    uint32_t resamples; /* default CC_BOOTSTRAP_RESAMPLES */
    double confidence;  /* two-sided level in (0, 1); default CC_BOOTSTRAP_CONFIDENCE */
    uint64_t seed;      /* the stream to draw from; 0 is a valid seed */
} cc_bootstrap_opts;

#define CC_BOOTSTRAP_RESAMPLES 2000
#define CC_BOOTSTRAP_CONFIDENCE 0.95

/* A point estimate with its percentile-bootstrap interval [lo, hi]. */
typedef struct cc_estimate {
    double point;
    double lo;
    double hi;
} cc_estimate;

/* Estimates median(xs) with a percentile-bootstrap interval.
 *
 * Returns CC_ERR_USAGE (and leaves *out untouched) when n is 0, when a value is not finite, or
 * when the options are out of range; CC_OK otherwise. With n == 1 the interval is the single value.
 * Allocates scratch memory; aborts when memory is exhausted. */
cc_status cc_stats_median_ci(const double *xs, size_t n, const cc_bootstrap_opts *opts,
                             cc_estimate *out);

/* Estimates median(base) / median(other) with a percentile-bootstrap interval: each resample draws
 * nb values from base and no values from other, with replacement and independently (the two sets
 * come from separate runs, so there are no pairs to keep), and takes the ratio of their medians.
 *
 * Returns CC_ERR_USAGE (and leaves *out untouched) when either set is empty, when a value is not
 * finite and strictly positive, or when the options are out of range; CC_OK otherwise.
 * Allocates scratch memory; aborts when memory is exhausted. */
cc_status cc_stats_ratio_ci(const double *base, size_t nb, const double *other, size_t no,
                            const cc_bootstrap_opts *opts, cc_estimate *out);

typedef enum cc_verdict {
    CC_VERDICT_INCONCLUSIVE = 0,
    CC_VERDICT_CONFIRMED,
    CC_VERDICT_REFUTED
} cc_verdict;

/* The smallest gain that counts as confirming an advice. */
#define CC_VERDICT_MIN_EFFECT 1.2

/* Judges a claim that `other` is faster than `base`, given the ratio estimate from
 * cc_stats_ratio_ci(base, other):
 *   - confirmed:    the interval lies above 1 (lo > 1) and the point estimate is at least
 *                   min_effect (a real gain, and a worthwhile one);
 *   - refuted:      the interval lies below 1 (hi < 1): the recommended model is measurably slower;
 *   - inconclusive: anything else, including a real gain smaller than min_effect, an interval that
 *                   straddles 1, and estimates that are not finite.
 * min_effect <= 0 means CC_VERDICT_MIN_EFFECT. This function can't fail. */
cc_verdict cc_stats_verdict(const cc_estimate *ratio, double min_effect);

/* Returns "confirmed", "refuted" or "inconclusive". This function can't fail. */
const char *cc_verdict_name(cc_verdict v);

#endif
