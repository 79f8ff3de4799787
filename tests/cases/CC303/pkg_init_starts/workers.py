"""The package's worker pool."""
import multiprocessing


def _ping(i):
    return i


def start_workers(n):
    pool = multiprocessing.Pool(n)
    pool.map(_ping, range(n))
    return pool
