"""Square a list of numbers in parallel."""
import sys
from multiprocessing import Pool


def main(argv):
    numbers = [int(a) for a in argv] or list(range(20))
    with Pool(4) as pool:
        squares = pool.map(lambda x: x * x, numbers)
    print(sum(squares))


if __name__ == "__main__":
    main(sys.argv[1:])
