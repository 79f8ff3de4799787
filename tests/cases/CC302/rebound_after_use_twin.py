"""The lambda is replaced by a module-level function before the pool sees it."""
from multiprocessing import Pool


def clip(x):
    return min(x, 255)


def process(rows):
    transform = lambda x: min(x, 255)  # noqa: E731
    transform = clip
    with Pool(4) as pool:
        return pool.map(transform, rows)


if __name__ == "__main__":
    print(process([1, 300, 7]))
