"""Means of the same measurements computed twice in worker processes."""
from multiprocessing import Pool

from loader import load_rows


def mean(rows):
    return sum(rows) / len(rows)


def main():
    rows = load_rows()
    with Pool(2) as pool:
        return pool.map(mean, [rows, rows])  # expect: CC301 "10^7 items"


if __name__ == "__main__":
    print(main())
