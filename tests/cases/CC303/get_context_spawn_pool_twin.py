"""A notebook-style script that asks for fork explicitly: the child never re-imports it."""
import multiprocessing
import statistics


def simulate(seed):
    import random
    rng = random.Random(seed)
    return statistics.mean(rng.gauss(0, 1) for _ in range(10_000))


ctx = multiprocessing.get_context("fork")
pool = ctx.Pool(2)
means = pool.map(simulate, range(16))
pool.close()
pool.join()
print(statistics.stdev(means))
