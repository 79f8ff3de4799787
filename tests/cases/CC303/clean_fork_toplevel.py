"""A Linux-only script that asks for fork: the child never re-imports it."""
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

multiprocessing.set_start_method("fork")


def work(n):
    return sum(range(n))


with multiprocessing.Pool(2) as pool:
    print(pool.map(work, [10, 20, 30]))
with ProcessPoolExecutor(max_workers=2) as ex:
    print(ex.submit(work, 100).result())
child = multiprocessing.Process(target=work, args=(5,))
child.start()
child.join()
