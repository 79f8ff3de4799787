"""Picklable tasks: module-level functions, builtins, partials of them, manager proxies."""
import functools
import multiprocessing
import operator
from concurrent.futures import ProcessPoolExecutor


def scale(x, factor):
    return x * factor


def guarded_add(lock, shared, key, n):
    with lock:
        shared[key] = shared.get(key, 0) + n


def main(data):
    double = functools.partial(scale, factor=2)
    with multiprocessing.Manager() as manager:
        lock = manager.Lock()
        shared = manager.dict()
        with multiprocessing.Pool(4) as pool:
            pool.map(double, data)
            pool.map(len, [str(d) for d in data])
            pool.starmap(guarded_add, [(lock, shared, "total", d) for d in data])
            pool.apply_async(guarded_add, (lock, shared, "one", 1)).get()
        print(dict(shared))
    with ProcessPoolExecutor() as ex:
        print(list(ex.map(operator.neg, data)), ex.submit(scale, 3, factor=4).result())


if __name__ == "__main__":
    main([1, 2, 3])
