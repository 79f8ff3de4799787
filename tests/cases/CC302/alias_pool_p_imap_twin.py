"""Normalise lines of a big file with a thread pool imported under a short alias."""
import sys
from multiprocessing.dummy import Pool as P


def normalise(path):
    with open(path, encoding="utf-8") as fh:
        lines = fh.readlines()
    with P(processes=8) as workers:
        for line in workers.imap(lambda s: s.strip().lower(), lines, chunksize=64):
            sys.stdout.write(line + "\n")


if __name__ == "__main__":
    normalise(sys.argv[1])
