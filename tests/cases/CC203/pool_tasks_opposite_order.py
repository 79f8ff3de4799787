"""Two kinds of tasks submitted to a ThreadPoolExecutor with four workers: `credit` locks
`ledger_lock` then `cache_lock`, `refresh` locks `cache_lock` then `ledger_lock`.

Inversion: the pool runs tasks of both kinds at the same time in different worker threads.
"""
import threading
import time
from concurrent.futures import ThreadPoolExecutor

ledger_lock = threading.Lock()
cache_lock = threading.Lock()
ledger = []
cache = {}


def credit(amount):
    with ledger_lock:
        ledger.append(amount)
        with cache_lock:
            cache["balance"] = sum(ledger)


def refresh():
    time.sleep(0.01)  # runs a little after the other tasks
    with cache_lock:
        with ledger_lock:  # expect: CC203
            cache["balance"] = sum(ledger)


def main():
    with ThreadPoolExecutor(max_workers=4) as pool:
        pool.submit(credit, 10)
        pool.submit(refresh)
        pool.submit(credit, 5)
    print(cache)


if __name__ == "__main__":
    main()
