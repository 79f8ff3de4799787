"""Resizing images one by one with Pool.apply: each call waits for its result."""
from multiprocessing import Pool


def area(size):
    w, h = size
    return w * h


def main(sizes):
    out = []
    with Pool(4) as pool:
        for size in sizes:
            out.append(pool.apply(area, (size,)))  # expect: CC301 "one at a time"
    return out


if __name__ == "__main__":
    print(main([(640, 480), (800, 600), (1024, 768)]))
