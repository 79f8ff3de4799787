"""Count file extensions per directory listing; the thread targets are functools.partial
objects binding the tally to use.

No race: a new Counter is created inside the loop for each thread and bound into its partial,
so each thread updates its own object; main merges them after joining.
"""
import functools
import threading
from collections import Counter


def count_exts(tally, names):
    for name in names:
        ext = name.rsplit(".", 1)[-1]
        tally[ext] += 1


def main():
    listings = [[f"f{i}.{ext}" for i in range(3000)] for ext in ("py", "c", "md")]
    threads = []
    tallies = []
    for names in listings:
        tally = Counter()
        tallies.append(tally)
        threads.append(threading.Thread(target=functools.partial(count_exts, tally, names)))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(sum(tallies, Counter()))


if __name__ == "__main__":
    main()
