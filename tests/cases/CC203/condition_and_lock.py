"""A threading.Condition is a lock too. The producer holds `stats_lock` and then enters
`with not_empty:` to publish; the consumer holds the condition's lock (`with not_empty:`) and
then takes `stats_lock` to record the wait.

Inversion: stats -> condition in one thread, condition -> stats in the other.
"""
import threading
import time

not_empty = threading.Condition()
stats_lock = threading.Lock()
items = []
stats = {"produced": 0, "consumed": 0}


def produce(n):
    for i in range(n):
        with stats_lock:
            stats["produced"] += 1
            with not_empty:
                items.append(i)
                not_empty.notify()


def consume(n):
    time.sleep(0.01)  # runs a little after the other thread
    for _ in range(n):
        with not_empty:
            while not items:
                not_empty.wait()
            items.pop(0)
            with stats_lock:  # expect: CC203
                stats["consumed"] += 1


def main():
    threads = [threading.Thread(target=produce, args=(3,)),
               threading.Thread(target=consume, args=(3,))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(stats)


if __name__ == "__main__":
    main()
