"""Two processing stages, each with its own Pool; the first pool is never closed.

multiprocessing.Pool runs three handler threads in the parent for as long as it lives, so the
second Pool forks its workers from a process that has threads."""
from multiprocessing import Pool


def parse(line):
    return line.split(",")


def score(fields):
    return len(fields)


def main(lines):
    parsers = Pool(2)
    rows = parsers.map(parse, lines)
    scorers = Pool(2)  # expect: CC304
    scores = scorers.map(score, rows)
    scorers.close()
    scorers.join()
    return scores


if __name__ == "__main__":
    print(main(["a,b", "c,d,e"]))
