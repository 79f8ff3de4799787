"""Statistics helpers: pure Python."""
from binning import bucket_of


def histogram(values):
    counts = {}
    for v in values:
        b = bucket_of(v)
        counts[b] = counts.get(b, 0) + 1
    return counts
