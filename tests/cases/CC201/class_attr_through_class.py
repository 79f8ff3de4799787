"""Request handler objects, one per thread, counting handled requests.

Race: `Handler.handled += 1` names the CLASS, so every handler updates the one class attribute
shared by all instances — a read-modify-write from several threads with no lock.
"""
import threading


class Handler:
    handled = 0

    def __init__(self, requests):
        self.requests = requests

    def serve(self):
        for _ in range(self.requests):
            Handler.handled += 1  # expect: CC201


def main():
    handlers = [Handler(2000) for _ in range(4)]
    threads = [threading.Thread(target=h.serve) for h in handlers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(Handler.handled)


if __name__ == "__main__":
    main()
