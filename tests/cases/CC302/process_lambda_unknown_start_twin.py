"""Warm a cache in the background; fork is chosen, so the target is never pickled."""
import multiprocessing
import time


def warm(keys):
    for k in keys:
        time.sleep(0.01)
        print("warmed", k)


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    keys = ["users", "orders", "stock"]
    p = multiprocessing.Process(target=lambda: warm(keys), daemon=True)
    p.start()
    p.join()
