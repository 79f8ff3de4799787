"""CPU-bound scoring in a thread pool, for CPython 3.14: an interpreter pool runs them in
parallel and starts faster than processes."""
from concurrent.futures import ThreadPoolExecutor


def score(seed):
    total = 0
    for i in range(10**7):
        total += (i * seed) % 7
    return total


def main():
    with ThreadPoolExecutor(4) as ex:
        return list(ex.map(score, [1, 2, 3, 4]))  # expect-advice: interpreters
