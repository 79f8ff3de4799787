"""Resize a folder of images on every core: the script people write first."""
import sys
from multiprocessing import Pool

from imaging import load_size, shrink


def main(paths):
    # Works on Linux with Python 3.13, fails on macOS and with Python 3.14:
    # the lambda cannot be pickled for the worker processes.
    with Pool() as pool:
        sizes = pool.map(lambda p: load_size(p), paths)
        small = pool.map(shrink, [s for s in sizes if s > 1024])
    return small


# Starts processes at import time: every spawned child re-imports this file.
main(sys.argv[1:])
