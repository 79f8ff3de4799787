"""Spans over several lines: a short one is shown whole, a long one is cut in the middle."""
from multiprocessing import Pool


def main(items):
    with Pool() as pool:
        short = pool.map(
            lambda x: (
                x * 2
            ),
            items,
        )
        long = pool.map(
            lambda x: (
                x
            + 0
            + 1
            + 2
            + 3
            + 4
            + 5
            + 6
            + 7
            + 8
            + 9
            + 10
            + 11
            ),
            items,
        )
    return short, long


if __name__ == "__main__":
    main([1, 2, 3])
