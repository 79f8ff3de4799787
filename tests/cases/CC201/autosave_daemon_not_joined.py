"""An editor with a daemon autosave thread; on exit the main thread saves one last time.

Race: the autosave thread is a daemon that is never stopped or joined, so when the main thread
calls `save()` at exit the autosaver may be inside `save()` too; `saves += 1` is a
read-modify-write from both threads with no lock.
"""
import threading
import time

saves = 0
document = ["line"] * 100


def save():
    global saves
    nlines = len(document)
    saves += 1  # expect: CC201
    return nlines


def autosave(interval):
    while True:
        save()
        time.sleep(interval)


def main():
    saver = threading.Thread(target=autosave, args=(0.001,), daemon=True)
    saver.start()
    for i in range(200):
        document.append(f"edit {i}")
        time.sleep(0.0001)
    save()
    print(saves, "saves")


if __name__ == "__main__":
    main()
