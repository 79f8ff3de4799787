"""Histograms of four chunks of samples, in a ThreadPool; the work lives in two other modules."""
from multiprocessing.pool import ThreadPool

from stats import histogram


def main():
    chunks = [list(range(250_000)) for _ in range(4)]
    with ThreadPool(4) as pool:
        parts = pool.map(histogram, chunks)  # expect: CC101 "histogram"
    return parts


if __name__ == "__main__":
    main()
