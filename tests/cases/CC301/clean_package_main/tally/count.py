"""Word counting, one file at a time."""


def count_words(path):
    n = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            n += len(line.split())
    return n
