"""A separate script in the same folder that asks for spawn and guards its entry point. Its start
method does not apply to linux_batch.py, which never imports it."""
import multiprocessing


def crunch(n):
    return sum(i * i for i in range(n))


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    with multiprocessing.Pool(2) as pool:
        print(pool.map(crunch, [10, 100, 1000]))
