"""The twin: Pool.map, which cuts the input into chunks by itself."""
from multiprocessing import Pool


def is_even(n):
    return n % 2 == 0


if __name__ == "__main__":
    with Pool(4) as pool:
        evens = sum(pool.map(is_even, range(200_000)))
    print(evens)
