"""Threads may take anything: nothing is pickled."""
import threading


def main():
    lock = threading.Lock()
    workers = [threading.Thread(target=lambda: lock.acquire() or lock.release()) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()


if __name__ == "__main__":
    main()
