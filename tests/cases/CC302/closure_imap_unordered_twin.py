"""Resize images; the worker is a module-level function bound with functools.partial."""
import functools
import multiprocessing
import sys


def resize(path, width):
    out = f"{path}.{width}.png"
    # imagine PIL here
    return out


def resize_all(paths, width):
    with multiprocessing.Pool() as pool:
        return list(pool.imap_unordered(functools.partial(resize, width=width), paths))


if __name__ == "__main__":
    print(resize_all(sys.argv[1:], 128))
