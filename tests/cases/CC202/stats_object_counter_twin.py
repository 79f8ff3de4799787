"""Process workers count parse errors in a multiprocessing.Value, which lives in shared memory;
the parent prints it after the pool finishes."""
from multiprocessing import Pool, Value

ERRORS = Value("i", 0)


def parse(line):
    try:
        return int(line)
    except ValueError:
        with ERRORS.get_lock():
            ERRORS.value += 1
        return None


if __name__ == "__main__":
    with Pool() as pool:
        values = pool.map(parse, ["1", "x", "3"])
    print(ERRORS.value, "errors")
