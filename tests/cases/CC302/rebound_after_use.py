"""A variable that first holds a module-level function and later a lambda: the second map
sends the lambda."""
from multiprocessing import Pool


def clip(x):
    return min(x, 255)


def process(rows, gamma=None):
    transform = clip
    with Pool(4) as pool:
        clipped = pool.map(transform, rows)
        if gamma is not None:
            transform = lambda x: x ** gamma  # noqa: E731
            return pool.map(transform, clipped)  # expect: CC302
        return clipped


if __name__ == "__main__":
    print(process([1, 300, 7], gamma=2))
