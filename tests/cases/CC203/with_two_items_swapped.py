"""`with a, b:` acquires a, then b. The sync thread writes `with cache_lock, disk_lock:` and the
eviction thread `with disk_lock, cache_lock:`.

Inversion: the two statements take the same two locks in opposite orders. Reported at the
second item of the later statement (the inner acquisition).
"""
import threading
import time

cache_lock = threading.Lock()
disk_lock = threading.Lock()
cache = {"k": 1}
disk = {}


def sync():
    with cache_lock, disk_lock:
        disk.update(cache)


def evict():
    time.sleep(0.01)  # runs a little after the other thread
    with disk_lock, cache_lock:  # expect: CC203
        for key in list(disk):
            cache.pop(key, None)


def main():
    threads = [threading.Thread(target=sync), threading.Thread(target=evict)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(cache, disk)


if __name__ == "__main__":
    main()
