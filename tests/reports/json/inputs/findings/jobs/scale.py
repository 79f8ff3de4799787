"""Scale measurements by a factor built by a closure factory."""
import multiprocessing
import sys


def make_scaler(factor):
    def scale(x):
        return x * factor

    return scale


def main(argv):
    to_mm = make_scaler(float(argv[0]) if argv else 25.4)
    with multiprocessing.Pool(4) as pool:
        print(pool.map(to_mm, [1.0, 2.5, 4.0]))


if __name__ == "__main__":
    main(sys.argv[1:])
