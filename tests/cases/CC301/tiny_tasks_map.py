"""Squares of a million numbers in a process pool, one item per task."""
from concurrent.futures import ProcessPoolExecutor


def square(x):
    return x * x


if __name__ == "__main__":
    with ProcessPoolExecutor() as ex:
        # expect: CC301 "own task" # expect-advice: serial
        squares = list(ex.map(square, range(10**6)))
