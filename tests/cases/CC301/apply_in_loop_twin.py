"""The twin: apply_async in the loop, results collected after it."""
from multiprocessing import Pool


def area(size):
    w, h = size
    return w * h


def main(sizes):
    with Pool(4) as pool:
        pending = []
        for size in sizes:
            pending.append(pool.apply_async(area, (size,)))
        return [p.get() for p in pending]


if __name__ == "__main__":
    print(main([(640, 480), (800, 600), (1024, 768)]))
