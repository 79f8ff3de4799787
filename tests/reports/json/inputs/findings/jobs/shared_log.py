"""Append lines to a shared log from two processes, guarded by a lock."""
import multiprocessing
import threading


def append_lines(lock, path, tag):
    for i in range(100):
        with lock:
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(f"{tag} {i}\n")


def main():
    lock = threading.Lock()
    procs = []
    for tag in ("a", "b"):
        p = multiprocessing.Process(target=append_lines, args=(lock, "out.log", tag))
        p.start()
        procs.append(p)
    for p in procs:
        p.join()


if __name__ == "__main__":
    main()
