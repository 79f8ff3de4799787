"""Two processing stages, each with its own Pool; the first is closed and joined before the
second is created, so its handler threads are gone when the second one forks."""
from multiprocessing import Pool


def parse(line):
    return line.split(",")


def score(fields):
    return len(fields)


def main(lines):
    parsers = Pool(2)
    rows = parsers.map(parse, lines)
    parsers.close()
    parsers.join()
    scorers = Pool(2)
    scores = scorers.map(score, rows)
    scorers.close()
    scorers.join()
    return scores


if __name__ == "__main__":
    print(main(["a,b", "c,d,e"]))
