"""A maintenance script runs `reindex` (index_lock, then table_lock) and `vacuum` (table_lock,
then index_lock) in two threads started together.

Inversion: both threads are started before either is joined, so they can overlap and block
each other.
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
        with index_lock:  # expect: CC203
            state["table"] += 1


def main():
    jobs = [threading.Thread(target=reindex), threading.Thread(target=vacuum)]
    for job in jobs:
        job.start()
    for job in jobs:
        job.join()
    print(state)


if __name__ == "__main__":
    main()
