"""The fixed version: module-level task functions and a __main__ guard."""
import sys
from concurrent.futures import ProcessPoolExecutor

from imaging import load_size, shrink


def main(paths):
    with ProcessPoolExecutor() as ex:
        sizes = list(ex.map(load_size, paths))
        return list(ex.map(shrink, [s for s in sizes if s > 1024]))


if __name__ == "__main__":
    print(main(sys.argv[1:]))
