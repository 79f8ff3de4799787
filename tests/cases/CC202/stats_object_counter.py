"""Process workers count parse errors on a module-level stats object; the parent prints the
count after the pool finishes."""
from multiprocessing import Pool


class Stats:
    def __init__(self):
        self.errors = 0


STATS = Stats()


def parse(line):
    try:
        return int(line)
    except ValueError:
        STATS.errors += 1  # expect: CC202 "`STATS.errors` is updated"
        return None


if __name__ == "__main__":
    with Pool() as pool:
        values = pool.map(parse, ["1", "x", "3"])
    print(STATS.errors, "errors")
