"""The twin: the same map with chunksize=10_000, so each task carries many items."""
from concurrent.futures import ProcessPoolExecutor


def square(x):
    return x * x


if __name__ == "__main__":
    with ProcessPoolExecutor() as ex:
        squares = list(ex.map(square, range(10**6), chunksize=10_000))
