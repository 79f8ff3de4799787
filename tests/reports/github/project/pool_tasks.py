"""Tasks sent to a process pool: a lambda, a local function, a multi-line lambda."""
from multiprocessing import Pool


def main(items):
    def scale(x):
        return x * 3

    with Pool(2) as pool:
        doubled = pool.map(lambda x: x * 2, items)
        tripled = pool.map(scale, items)
        labelled = pool.map(
            lambda x: (
                "%s, 100%%: done" % x
            ),
            items,
        )
    return doubled, tripled, labelled


if __name__ == "__main__":
    print(main(list(range(8))))
