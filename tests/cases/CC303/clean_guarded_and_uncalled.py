"""A library module: it defines process-starting code, and only runs it under the guard."""
import multiprocessing
from concurrent.futures import ProcessPoolExecutor


def square(x):
    return x * x


class BatchRunner:
    """Wraps a pool; nothing starts until an instance is created."""

    def __init__(self, workers=2):
        self.pool = multiprocessing.Pool(workers)

    def run(self, items):
        return self.pool.map(square, items)

    def close(self):
        self.pool.close()
        self.pool.join()


def run_executor(items):
    with ProcessPoolExecutor() as ex:
        return list(ex.map(square, items))


def start_background():
    p = multiprocessing.Process(target=square, args=(3,))
    p.start()
    return p


def never_called_at_import():
    return BatchRunner(4).run(range(10))


DEFAULT_WORKERS = multiprocessing.cpu_count()
pool_factory = multiprocessing.Pool
launch = start_background

if __name__ == "__main__":
    runner = BatchRunner()
    print(runner.run(range(5)), run_executor(range(5)))
    runner.close()
    start_background().join()
