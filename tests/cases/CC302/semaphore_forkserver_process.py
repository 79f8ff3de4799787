"""Limit concurrent downloads with a semaphore shared by forkserver children."""
import multiprocessing
import threading
import time

SLOTS = threading.BoundedSemaphore(2)


def download(name, slots):
    with slots:
        time.sleep(0.1)
        print("downloaded", name)


if __name__ == "__main__":
    multiprocessing.set_start_method("forkserver")
    # expect: CC302 "forkserver"
    jobs = [multiprocessing.Process(target=download, args=(n, SLOTS)) for n in "abcde"]
    for j in jobs:
        j.start()
    for j in jobs:
        j.join()
