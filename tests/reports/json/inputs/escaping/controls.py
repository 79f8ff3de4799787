"""Renamed by the test to a name with a tab, a newline, U+0001 and U+007F in it."""
from multiprocessing import Pool

if __name__ == "__main__":
    with Pool(2) as pool:
        print(pool.map(lambda s: s.upper(), ["a\tb", "c\nd"]))
