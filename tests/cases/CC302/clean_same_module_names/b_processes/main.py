"""Tool B: parses in a process pool. Python puts this script's folder first on sys.path, so
`parsers` is b_processes/parsers.py, not a_threads/parsers.py."""
import sys
from multiprocessing import Pool

from parsers import parse_row

if __name__ == "__main__":
    with Pool(4) as pool:
        print(pool.map(parse_row, sys.stdin.readlines()))
