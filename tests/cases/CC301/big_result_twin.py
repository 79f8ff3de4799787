"""The twin: each task returns the length only."""
from concurrent.futures import ProcessPoolExecutor


def expand(n):
    return len(list(range(n)))


if __name__ == "__main__":
    with ProcessPoolExecutor(2) as ex:
        parts = list(ex.map(expand, [10**7, 10**7]))
