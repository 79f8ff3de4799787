"""A trap: a two-stage pipeline connected by queue.Queue objects. Parsers take lines from
`todo`, put parsed records on `done`; the main thread drains `done` and aggregates.

No finding: the threads share nothing but the queues, whose put/get are thread-safe; each
record is owned by one thread at a time, and the aggregation (`totals[...] += ...`) runs on the
main thread only.
"""
import queue
import threading

todo = queue.Queue()
done = queue.Queue()
STOP = None


def parser():
    while True:
        line = todo.get()
        if line is STOP:
            done.put(STOP)
            return
        user, amount = line.split(",")
        done.put((user, int(amount)))


def main():
    workers = [threading.Thread(target=parser) for _ in range(3)]
    for w in workers:
        w.start()
    for i in range(3000):
        todo.put(f"user{i % 7},{i % 100}")
    for _ in workers:
        todo.put(STOP)
    totals = {}
    stopped = 0
    while stopped < len(workers):
        item = done.get()
        if item is STOP:
            stopped += 1
            continue
        user, amount = item
        totals[user] = totals.get(user, 0) + amount
    for w in workers:
        w.join()
    print(sorted(totals.items())[:3])


if __name__ == "__main__":
    main()
