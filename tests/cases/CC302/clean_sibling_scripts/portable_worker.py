"""A separate tool in the same folder that asks for spawn. Its start method is its own: running
it does not run linux_worker.py, and linux_worker.py does not import it."""
import multiprocessing


def crunch(n):
    return sum(i * i for i in range(n))


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    p = multiprocessing.Process(target=crunch, args=(10_000,))
    p.start()
    p.join()
