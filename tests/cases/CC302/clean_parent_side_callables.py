"""Lambdas that stay in the parent: callbacks, sort keys, and iterables consumed before sending."""
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor


def score(item):
    return len(item) * 3


def main(items):
    results = []
    done = threading.Event()
    by_length = sorted(items, key=lambda s: (len(s), s))
    with multiprocessing.Pool(4) as pool:
        # callbacks run in the parent's result-handler thread; they are never pickled
        pool.map_async(score, by_length, callback=lambda r: results.extend(r),
                       error_callback=lambda e: done.set()).wait()
        # map consumes the generator in the parent and pickles only its items
        pool.map(score, (s.strip() for s in items))
        pool.imap(score, filter(lambda s: s, items))
    with ProcessPoolExecutor() as ex:
        fut = ex.submit(score, "abc")
        fut.add_done_callback(lambda f: results.append(f.result()))
        list(ex.map(score, (s.upper() for s in items)))
    return max(results, key=lambda r: -r)


if __name__ == "__main__":
    print(main(["x", "yy", " zzz "]))
