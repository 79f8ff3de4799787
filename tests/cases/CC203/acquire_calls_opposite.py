"""Explicit acquire()/release() calls: the uploader takes `net_lock` then `log_lock`, the log
rotator takes `log_lock` then `net_lock`.

Inversion: each thread blocks on its second lock while holding its first, in opposite orders.
"""
import threading
import time

net_lock = threading.Lock()
log_lock = threading.Lock()
log = []


def upload():
    net_lock.acquire()
    try:
        log_lock.acquire()
        try:
            log.append("uploaded")
        finally:
            log_lock.release()
    finally:
        net_lock.release()


def rotate():
    time.sleep(0.01)  # runs a little after the other thread
    log_lock.acquire()
    try:
        net_lock.acquire()  # expect: CC203
        try:
            log.clear()
        finally:
            net_lock.release()
    finally:
        log_lock.release()


def main():
    threads = [threading.Thread(target=upload), threading.Thread(target=rotate)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(log)


if __name__ == "__main__":
    main()
