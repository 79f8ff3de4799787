"""Warm a cache in the background; no start method is chosen, so it depends on the platform."""
import multiprocessing
import time


def warm(keys):
    for k in keys:
        time.sleep(0.01)
        print("warmed", k)


if __name__ == "__main__":
    keys = ["users", "orders", "stock"]
    # expect: CC302 "spawn"
    p = multiprocessing.Process(target=lambda: warm(keys), daemon=True)
    p.start()
    p.join()
