"""`with a, b:` acquires a, then b. Both the sync thread and the eviction thread write
`with cache_lock, disk_lock:`.

No inversion: both statements take the locks in the same order.
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
    with cache_lock, disk_lock:
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
