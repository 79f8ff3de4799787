"""Explicit `lock.acquire()` / `lock.release()` around a completed-jobs counter.

Race: the worker releases the lock and THEN updates `completed`; the read-modify-write
`completed += 1` runs with no lock while other workers are doing the same.
"""
import threading

completed = 0
jobs_lock = threading.Lock()
jobs = list(range(3000))


def worker():
    global completed
    while True:
        jobs_lock.acquire()
        try:
            if not jobs:
                return
            jobs.pop()
        finally:
            jobs_lock.release()
        completed += 1  # expect: CC201


def main():
    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(completed, "jobs done")


if __name__ == "__main__":
    main()
