"""Count file extensions per directory listing; the thread targets are functools.partial
objects binding the tally to use.

Race: the same Counter is bound into every partial (it is created once, before the loop), so
all threads do `tally[ext] += 1` on one shared object with no lock.
"""
import functools
import threading
from collections import Counter


def count_exts(tally, names):
    for name in names:
        ext = name.rsplit(".", 1)[-1]
        tally[ext] += 1  # expect: CC201


def main():
    listings = [[f"f{i}.{ext}" for i in range(3000)] for ext in ("py", "c", "md")]
    threads = []
    tally = Counter()
    for names in listings:
        threads.append(threading.Thread(target=functools.partial(count_exts, tally, names)))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(tally)


if __name__ == "__main__":
    main()
