"""Starts a pool when imported: every spawned child re-imports this module."""
from concurrent.futures import ProcessPoolExecutor


def square(x):
    return x * x


executor = ProcessPoolExecutor(max_workers=2)
print(list(executor.map(square, range(4))))
