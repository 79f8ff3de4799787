"""The flusher holds `buffer_lock` and then `file_lock`; the compactor holds `file_lock` and
then blocks on `buffer_lock.acquire()`.

Inversion: both inner acquisitions block, in opposite orders.
"""
import threading
import time

buffer_lock = threading.Lock()
file_lock = threading.Lock()
buffer = ["a", "b"]
file_lines = []


def flush():
    with buffer_lock:
        with file_lock:
            file_lines.extend(buffer)
            buffer.clear()


def compact():
    time.sleep(0.01)  # runs a little after the other thread
    with file_lock:
        buffer_lock.acquire()  # expect: CC203
        try:
            pending = len(buffer)
        finally:
            buffer_lock.release()
        file_lines.append(f"compacted, {pending} pending")


def main():
    threads = [threading.Thread(target=flush), threading.Thread(target=compact)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(file_lines)


if __name__ == "__main__":
    main()
