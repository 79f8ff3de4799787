"""A large table handed to every worker once with initializer=/initargs=, then small tasks that
index into it: the right way to share read-only data with a pool."""
from multiprocessing import Pool

_table = None


def init(table):
    global _table
    _table = table


def score(i):
    row = _table[i]
    total = 0
    for j in range(2000):
        total += (row * j) % 13
    return total


def main():
    table = list(range(10**6))
    with Pool(4, initializer=init, initargs=(table,)) as pool:
        return pool.map(score, range(10_000))


if __name__ == "__main__":
    print(sum(main()))
