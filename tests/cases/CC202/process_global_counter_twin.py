"""Count the lines of a big file in a background thread; the parent prints the global counter
after joining it. The thread updates the parent's own variable."""
import sys
import threading

lines_seen = 0


def count_lines(path):
    global lines_seen
    with open(path, "rb") as fh:
        for _ in fh:
            lines_seen += 1


if __name__ == "__main__":
    t = threading.Thread(target=count_lines, args=(sys.argv[1],))
    t.start()
    t.join()
    print(lines_seen)
