"""Prefetch rows with a ThreadPool, then score them in a process forked from a fork context.

multiprocessing.pool.ThreadPool starts its worker and handler threads when created; the fork
context's Process is forked while they run."""
import multiprocessing
from multiprocessing.pool import ThreadPool


def load(key):
    return {"key": key}


def score(rows):
    print(sum(len(r) for r in rows))


def main(keys):
    ctx = multiprocessing.get_context("fork")
    loaders = ThreadPool(8)
    rows = loaders.map(load, keys)
    scorer = ctx.Process(target=score, args=(rows,))
    scorer.start()  # expect: CC304
    scorer.join()
    loaders.close()
    loaders.join()


if __name__ == "__main__":
    main(range(10))
