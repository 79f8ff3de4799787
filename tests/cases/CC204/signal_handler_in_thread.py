"""A worker thread installs a SIGTERM handler for graceful shutdown. Only the main thread may
set signal handlers: this raises ValueError."""
import signal
import threading
import time

stopping = False


def on_term(signum, frame):
    global stopping
    stopping = True


def worker():
    signal.signal(signal.SIGTERM, on_term)  # expect: CC204 "ValueError"
    while not stopping:
        time.sleep(1)


def main():
    t = threading.Thread(target=worker)
    t.start()
    t.join()


if __name__ == "__main__":
    main()
