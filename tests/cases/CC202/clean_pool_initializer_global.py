"""The Pool initializer opens a connection per worker and keeps it in a global; tasks use it.
The parent never reads the global, so nothing is lost."""
import sqlite3
from multiprocessing import Pool

conn = None


def init_worker(path):
    global conn
    conn = sqlite3.connect(path)


def count_rows(table):
    return conn.execute(f"select count(*) from {table}").fetchone()[0]


if __name__ == "__main__":
    with Pool(4, initializer=init_worker, initargs=("/tmp/db.sqlite",)) as pool:
        print(pool.map(count_rows, ["users", "orders"]))
