"""Consumer threads that take jobs from a queue: how busy they are depends on the producer."""
import queue
import threading

jobs = queue.Queue()


def consume():
    while True:
        item = jobs.get()
        if item is None:
            break
        total = 0
        for ch in item:
            total += ord(ch)
        jobs.task_done()


def main():
    workers = [threading.Thread(target=consume) for _ in range(4)]
    for w in workers:
        w.start()
    for line in open("input.txt", encoding="utf-8"):
        jobs.put(line)
    for _ in workers:
        jobs.put(None)
    for w in workers:
        w.join()


if __name__ == "__main__":
    main()
