"""Count the lines of a big file in a background Process; the parent prints the global counter
after joining it, and always prints 0."""
import multiprocessing
import sys

lines_seen = 0


def count_lines(path):
    global lines_seen
    with open(path, "rb") as fh:
        for _ in fh:
            lines_seen += 1  # expect: CC202 "updated"


if __name__ == "__main__":
    p = multiprocessing.Process(target=count_lines, args=(sys.argv[1],))
    p.start()
    p.join()
    print(lines_seen)
