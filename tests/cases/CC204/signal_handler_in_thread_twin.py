"""The main thread installs the SIGTERM handler while the worker runs: signal.signal is fine in
the main thread, threads or not."""
import signal
import threading
import time

stopping = False


def on_term(signum, frame):
    global stopping
    stopping = True


def worker():
    while not stopping:
        time.sleep(1)


def main():
    t = threading.Thread(target=worker)
    t.start()
    signal.signal(signal.SIGTERM, on_term)
    t.join()


if __name__ == "__main__":
    main()
