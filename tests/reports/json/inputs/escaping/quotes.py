"""Renamed by the test to: it's "quoted" \ back\slash.py (quotes and backslashes in a path)."""
import multiprocessing


def work(n):
    return n * n


pool = multiprocessing.Pool(2)
print(pool.map(work, range(4)))
