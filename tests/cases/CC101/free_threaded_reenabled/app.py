"""On a free-threaded target, but the app imports psycopg2, whose extension module re-enables the
GIL when it is imported: the CPU-bound threads run one at a time again."""
from concurrent.futures import ThreadPoolExecutor

import psycopg2


def score(seed):
    total = 0
    for i in range(10**7):
        total += (i * seed) % 7
    return total


def main():
    conn = psycopg2.connect("dbname=scores")
    with ThreadPoolExecutor(4) as ex:
        results = list(ex.map(score, [1, 2, 3, 4]))  # expect: CC101
    conn.close()
    return results
