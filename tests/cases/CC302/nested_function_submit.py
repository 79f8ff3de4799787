"""Count words per file; the worker is a local function of count_words."""
import argparse
import collections
from concurrent.futures import ProcessPoolExecutor, as_completed


def count_words(paths, min_len):
    def count_one(path):
        with open(path, encoding="utf-8") as fh:
            return collections.Counter(w for w in fh.read().split() if len(w) >= min_len)

    totals = collections.Counter()
    with ProcessPoolExecutor(max_workers=4) as ex:
        futures = [ex.submit(count_one, p) for p in paths]  # expect: CC302
        for fut in as_completed(futures):
            totals.update(fut.result())
    return totals


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--min-len", type=int, default=3)
    opts = ap.parse_args()
    print(count_words(opts.paths, opts.min_len).most_common(10))
