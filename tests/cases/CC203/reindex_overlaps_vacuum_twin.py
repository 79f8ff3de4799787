"""A maintenance script runs `reindex` (index_lock, then table_lock) and `vacuum` (table_lock,
then index_lock) in two threads, ONE AFTER THE OTHER: each is joined before the next starts.

No inversion finding: the two orders are never taken by concurrent threads, so they cannot
deadlock (a lock-order checker that only records the order graph of a whole run, such as
ThreadSanitizer's, would still warn).
"""
import threading
import time

index_lock = threading.Lock()
table_lock = threading.Lock()
state = {"index": 0, "table": 0}


def reindex():
    with index_lock:
        with table_lock:
            state["index"] = state["table"]


def vacuum():
    time.sleep(0.01)  # runs a little after the other thread
    with table_lock:
        with index_lock:
            state["table"] += 1


def main():
    jobs = [threading.Thread(target=reindex), threading.Thread(target=vacuum)]
    for job in jobs:
        job.start()
        job.join()
    print(state)


if __name__ == "__main__":
    main()
