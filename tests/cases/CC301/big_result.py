"""Each task returns ten million numbers to the parent."""
from concurrent.futures import ProcessPoolExecutor


def expand(n):
    return list(range(n))


if __name__ == "__main__":
    with ProcessPoolExecutor(2) as ex:
        parts = list(ex.map(expand, [10**7, 10**7]))  # expect: CC301 "returns"
