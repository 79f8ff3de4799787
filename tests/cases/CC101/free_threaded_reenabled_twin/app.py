"""The twin: the same threads on a free-threaded target, with sqlite3 (which supports
free-threading) instead of psycopg2: the threads run in parallel."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor


def score(seed):
    total = 0
    for i in range(10**7):
        total += (i * seed) % 7
    return total


def main():
    conn = sqlite3.connect("scores.db")
    with ThreadPoolExecutor(4) as ex:
        results = list(ex.map(score, [1, 2, 3, 4]))  # expect-advice: free-threaded
    conn.close()
    return results
