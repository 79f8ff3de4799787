"""Explicit `lock.acquire()` / `lock.release()` around a completed-jobs counter.

No race: `completed += 1` runs inside the try block, between `acquire()` and the `release()` in
`finally`, so every update holds `jobs_lock`.
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
            completed += 1
        finally:
            jobs_lock.release()


def main():
    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(completed, "jobs done")


if __name__ == "__main__":
    main()
