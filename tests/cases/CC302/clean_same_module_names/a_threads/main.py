"""Tool A: parses in a thread pool; `parsers` is a_threads/parsers.py, next to this script."""
import sys
from multiprocessing.pool import ThreadPool

from parsers import parse_row

if __name__ == "__main__":
    with ThreadPool(4) as pool:
        print(pool.map(parse_row, sys.stdin.readlines()))
