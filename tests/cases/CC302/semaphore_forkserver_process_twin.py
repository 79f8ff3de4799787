"""Limit concurrent downloads with a multiprocessing semaphore shared by forkserver children."""
import multiprocessing
import time


def download(name, slots):
    with slots:
        time.sleep(0.1)
        print("downloaded", name)


if __name__ == "__main__":
    multiprocessing.set_start_method("forkserver")
    slots = multiprocessing.BoundedSemaphore(2)
    jobs = [multiprocessing.Process(target=download, args=(n, slots)) for n in "abcde"]
    for j in jobs:
        j.start()
    for j in jobs:
        j.join()
