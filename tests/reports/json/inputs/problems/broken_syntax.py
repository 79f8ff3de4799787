"""A syntax error: the rest of the file is still analysed."""
from multiprocessing import Pool


def worker(:
    return 1


def main():
    with Pool() as pool:
        return pool.map(lambda x: x + 1, range(3))


if __name__ == "__main__":
    main()
