"""The flusher holds `buffer_lock` and then `file_lock`; the compactor holds `file_lock` and
only TRIES `buffer_lock` with `acquire(blocking=False)`, skipping the count when it is busy.

No inversion: a non-blocking acquire never waits, so it cannot close a deadlock cycle.
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
        pending = "unknown"
        if buffer_lock.acquire(blocking=False):
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
