"""Quick data-crunching script with a main guard."""
import math
from multiprocessing import Pool


def crunch(n):
    return sum(math.isqrt(i) for i in range(n))


if __name__ == "__main__":
    sizes = [10_000 * k for k in range(1, 9)]
    with Pool(4) as pool:
        results = pool.map(crunch, sizes)
    print(dict(zip(sizes, results)))
