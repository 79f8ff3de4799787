"""Squares numbers in worker processes, with two classic mistakes."""
from concurrent.futures import ProcessPoolExecutor


def square(x):
    return x * x


pool = ProcessPoolExecutor(max_workers=2)
future = pool.submit(square, 7)
task = lambda v: v * v
doubled = list(pool.map(task, range(8)))
print(future.result(), doubled)
