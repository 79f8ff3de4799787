"""An editor with an autosave thread; on exit the main thread stops it, joins it, and then
saves one last time.

No race: `saver.join()` returns only after the autosave thread has finished, so the main
thread's final `save()` cannot overlap with the autosaver's; the edits themselves are plain
appends, not flagged.
"""
import threading
import time

saves = 0
document = ["line"] * 100
stop = threading.Event()


def save():
    global saves
    nlines = len(document)
    saves += 1
    return nlines


def autosave(interval):
    while not stop.is_set():
        save()
        time.sleep(interval)


def main():
    saver = threading.Thread(target=autosave, args=(0.001,), daemon=True)
    saver.start()
    for i in range(200):
        document.append(f"edit {i}")
        time.sleep(0.0001)
    stop.set()
    saver.join()
    save()
    print(saves, "saves")


if __name__ == "__main__":
    main()
