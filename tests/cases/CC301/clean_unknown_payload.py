"""The rows come from the caller: their size is not known here, so nothing is claimed."""
from multiprocessing import Pool


def summarize(rows):
    return sum(len(r) for r in rows)


def run(batches):
    with Pool() as pool:
        return pool.map(summarize, batches)
