"""The twin: each worker thread polls (sleeps) instead of crunching: I/O-bound threads are
fine."""
import threading
import time


class Poller(threading.Thread):
    def __init__(self, seed):
        super().__init__()
        self.seed = seed
        self.result = 0

    def run(self):
        for _ in range(50):
            time.sleep(0.1)
        self.result = self.seed


def main():
    workers = [Poller(s) for s in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return [w.result for w in workers]


if __name__ == "__main__":
    print(main())
