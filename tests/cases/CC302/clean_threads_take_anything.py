"""Threads share memory: lambdas, local functions, locks and files are all fine."""
import threading
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.dummy import Pool as DummyPool
from multiprocessing.pool import ThreadPool

lock = threading.Lock()
totals = {}


def add(key, n):
    with lock:
        totals[key] = totals.get(key, 0) + n


def main(paths):
    log = open("progress.log", "a", encoding="utf-8")

    def note(msg):
        log.write(msg + "\n")

    t = threading.Thread(target=lambda: add("warmup", 1), daemon=True)
    t.start()
    t.join()
    with ThreadPoolExecutor(max_workers=4) as ex:
        list(ex.map(lambda p: add(p, len(p)), paths))
        ex.submit(note, "mapped").result()
        ex.submit(add, "lock", 1)
    with ThreadPool(2) as tp:
        tp.apply(note, ("thread pool",))
        tp.starmap(add, [(p, 1) for p in paths])
    with DummyPool(2) as dp:
        dp.map(lambda msg: log.write(msg), ["a\n", "b\n"])
    worker = threading.Thread(target=note, args=("done",))
    worker.start()
    worker.join()
    log.close()


if __name__ == "__main__":
    main(["a.txt", "b.txt"])
