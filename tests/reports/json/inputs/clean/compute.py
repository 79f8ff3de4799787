"""A process pool used the right way: a module-level task under the main guard."""
from multiprocessing import Pool


def double(x):
    return x * 2


def main():
    with Pool() as pool:
        return pool.map(double, range(10))


if __name__ == "__main__":
    print(main())
