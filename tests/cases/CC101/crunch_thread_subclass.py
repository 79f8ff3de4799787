"""Worker threads that subclass threading.Thread and crunch numbers in run()."""
import threading


class Crunch(threading.Thread):
    def __init__(self, seed):
        super().__init__()
        self.seed = seed
        self.result = 0

    def run(self):
        acc = 0
        for i in range(5_000_000):
            acc ^= (i * self.seed) & 0xFFFF
        self.result = acc


def main():
    workers = [Crunch(s) for s in range(4)]
    for w in workers:
        w.start()  # expect: CC101 "threads run it one at a time"
    for w in workers:
        w.join()
    return [w.result for w in workers]


if __name__ == "__main__":
    print(main())
