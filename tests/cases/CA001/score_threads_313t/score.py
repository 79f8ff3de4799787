"""CPU-bound scoring in a thread pool, for a free-threaded CPython: the threads run in
parallel, so they fit."""
from concurrent.futures import ThreadPoolExecutor


def score(seed):
    total = 0
    for i in range(10**7):
        total += (i * seed) % 7
    return total


def main():
    with ThreadPoolExecutor(4) as ex:
        return list(ex.map(score, [1, 2, 3, 4]))  # expect-advice: free-threaded
