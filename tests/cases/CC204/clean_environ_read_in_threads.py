"""Threads read the environment (os.environ.get, os.getenv); only writes call setenv."""
import os
import threading


def worker():
    print(os.environ.get("HOME"), os.getenv("USER"), dict(os.environ).get("PATH"))


def main():
    os.environ["MODE"] = "batch"
    ts = [threading.Thread(target=worker) for _ in range(3)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    os.environ.pop("MODE", None)


if __name__ == "__main__":
    main()
