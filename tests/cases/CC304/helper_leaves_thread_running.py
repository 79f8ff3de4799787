"""A helper starts a metrics flusher thread and returns; main then creates a process Pool.

The helper leaves the thread running, so the Pool (default start method) forks a threaded
process."""
import multiprocessing
import threading
import time


def flush_metrics():
    while True:
        time.sleep(10)


def start_metrics():
    flusher = threading.Thread(target=flush_metrics, daemon=True)
    flusher.start()
    return flusher


def square(x):
    return x * x


def main():
    start_metrics()
    with multiprocessing.Pool() as pool:  # expect: CC304
        print(pool.map(square, range(100)))


if __name__ == "__main__":
    main()
