"""Resize images; the worker closes over `width`."""
import multiprocessing
import sys


def resize_all(paths, width):
    def resize(path):
        out = f"{path}.{width}.png"
        # imagine PIL here
        return out

    with multiprocessing.Pool() as pool:
        return list(pool.imap_unordered(resize, paths))  # expect: CC302


if __name__ == "__main__":
    print(resize_all(sys.argv[1:], 128))
