"""A process pool for eight additions: the pool costs more than the work; serial fits."""
from multiprocessing import Pool


def add_one(x):
    return x + 1


if __name__ == "__main__":
    with Pool(4) as pool:
        print(pool.map(add_one, range(8)))  # expect-advice: serial
