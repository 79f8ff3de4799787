"""Pool.imap without a chunksize: one item per task."""
from multiprocessing import Pool


def is_even(n):
    return n % 2 == 0


if __name__ == "__main__":
    with Pool(4) as pool:
        evens = sum(pool.imap(is_even, range(200_000)))  # expect: CC301 "Pool.imap"
    print(evens)
