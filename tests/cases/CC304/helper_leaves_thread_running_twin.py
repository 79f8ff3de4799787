"""A helper runs the metrics flusher thread to completion (it joins it) before returning; main
then creates a process Pool in a process with one thread."""
import multiprocessing
import threading
import time


def flush_metrics():
    time.sleep(0.1)


def start_metrics():
    flusher = threading.Thread(target=flush_metrics, daemon=True)
    flusher.start()
    flusher.join()
    return flusher


def square(x):
    return x * x


def main():
    start_metrics()
    with multiprocessing.Pool() as pool:
        print(pool.map(square, range(100)))


if __name__ == "__main__":
    main()
