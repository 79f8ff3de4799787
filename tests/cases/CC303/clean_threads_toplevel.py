"""Threads started at module level: nothing is re-imported, so no guard is needed."""
import threading
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.dummy import Pool as DummyPool
from multiprocessing.pool import ThreadPool


def fetch(n):
    return n * 2


with ThreadPoolExecutor(max_workers=4) as ex:
    doubled = list(ex.map(fetch, range(8)))
    ex.submit(fetch, 1).result()
with ThreadPool(2) as tp:
    tp.map(fetch, doubled)
dp = DummyPool(2)
dp.map(fetch, doubled)
dp.close()
t = threading.Thread(target=fetch, args=(3,))
t.start()
t.join()
