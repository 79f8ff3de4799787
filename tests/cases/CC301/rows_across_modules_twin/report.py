"""The twin: each worker loads the measurements itself; only a name crosses."""
from multiprocessing import Pool

from loader import load_rows


def mean(name):
    rows = load_rows()
    return sum(rows) / len(rows)


def main():
    with Pool(2) as pool:
        return pool.map(mean, ["a", "b"])


if __name__ == "__main__":
    print(main())
