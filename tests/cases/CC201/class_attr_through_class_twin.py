"""Request handler objects, one per thread, counting handled requests.

No race: `self.handled += 1` reads the class attribute the first time but STORES an instance
attribute, so from then on each handler counts in its own object; each thread has its own
handler, so no attribute is written by two threads.
"""
import threading


class Handler:
    handled = 0

    def __init__(self, requests):
        self.requests = requests

    def serve(self):
        for _ in range(self.requests):
            self.handled += 1


def main():
    handlers = [Handler(2000) for _ in range(4)]
    threads = [threading.Thread(target=h.serve) for h in handlers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(sum(h.handled for h in handlers))


if __name__ == "__main__":
    main()
