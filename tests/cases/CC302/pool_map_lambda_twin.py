"""Square a list of numbers in parallel (threads: nothing is pickled)."""
import sys
from multiprocessing.pool import ThreadPool


def main(argv):
    numbers = [int(a) for a in argv] or list(range(20))
    with ThreadPool(4) as pool:
        squares = pool.map(lambda x: x * x, numbers)
    print(sum(squares))


if __name__ == "__main__":
    main(sys.argv[1:])
