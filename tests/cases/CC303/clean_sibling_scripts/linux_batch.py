"""A Linux-only batch script that asks for fork: its children never re-import it."""
import multiprocessing

multiprocessing.set_start_method("fork")


def crunch(n):
    return sum(i * i for i in range(n))


with multiprocessing.Pool(2) as pool:
    print(pool.map(crunch, [10, 100, 1000]))
