"""Parse a CSV export in worker processes."""
import multiprocessing
import sys

from parsers import parse_row


def load(path):
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    with multiprocessing.Pool() as pool:
        return pool.map(parse_row, lines)  # expect: CC302


if __name__ == "__main__":
    print(len(load(sys.argv[1])))
