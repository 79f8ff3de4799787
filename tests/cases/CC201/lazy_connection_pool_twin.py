"""A lazily created, module-wide connection pool used by request threads.

No race: the `is None` check and the creation run together inside `with _pool_lock:`, so
exactly one pool is ever created.
"""
import threading


class ConnectionPool:
    def __init__(self, size):
        self.size = size
        self.conns = [object() for _ in range(size)]


_pool = None
_pool_lock = threading.Lock()


def get_pool():
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ConnectionPool(size=4)
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
