"""Histograms of four chunks of samples, in a process Pool (the twin: processes, not threads); the work lives in two other modules."""
from multiprocessing import Pool

from stats import histogram


def main():
    chunks = [list(range(250_000)) for _ in range(4)]
    with Pool(4) as pool:
        parts = pool.map(histogram, chunks)
    return parts


if __name__ == "__main__":
    main()
