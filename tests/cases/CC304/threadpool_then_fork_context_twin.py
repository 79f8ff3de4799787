"""Prefetch rows with a ThreadPool, then score them in a process from a spawn context: the
child is a new interpreter, nothing is forked."""
import multiprocessing
from multiprocessing.pool import ThreadPool


def load(key):
    return {"key": key}


def score(rows):
    print(sum(len(r) for r in rows))


def main(keys):
    ctx = multiprocessing.get_context("spawn")
    loaders = ThreadPool(8)
    rows = loaders.map(load, keys)
    scorer = ctx.Process(target=score, args=(rows,))
    scorer.start()
    scorer.join()
    loaders.close()
    loaders.join()


if __name__ == "__main__":
    main(range(10))
