"""A lazily created, module-wide connection pool used by request threads.

Race (check-then-act): `if _pool is None:` then `_pool = ConnectionPool(...)`. Two threads can
both see None and both build a pool; one of the pools (and the connections it opened) is lost.
The store alone would be atomic, but the check and the store are two steps with no lock.
"""
import threading


class ConnectionPool:
    def __init__(self, size):
        self.size = size
        self.conns = [object() for _ in range(size)]


_pool = None


def get_pool():
    global _pool
    if _pool is None:
        _pool = ConnectionPool(size=4)  # expect: CC201
    return _pool


def handle_requests(n, out):
    for _ in range(n):
        out.append(id(get_pool()))


def main():
    pools_seen = []
    threads = [threading.Thread(target=handle_requests, args=(100, pools_seen)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(len(set(pools_seen)), "pool(s) created")


if __name__ == "__main__":
    main()
