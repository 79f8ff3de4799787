"""A guard with an extra condition is still a guard: its body never runs on import."""
import multiprocessing
import sys


def work(x):
    return x + 1


def main():
    with multiprocessing.Pool(2) as pool:
        print(pool.map(work, range(4)))


if __name__ == "__main__" and not sys.flags.interactive:
    main()
