"""Backup jobs, one thread per directory, each adding its file count to a module total.

No race: each thread is joined right after it is started, inside the same loop iteration, so
at most one backup thread is alive at any time and no two increments can overlap (the main
thread does not touch the total while one runs).
"""
import os
import threading

total_files = 0


def backup(directory, nfiles):
    global total_files
    for i in range(nfiles):
        os.path.join(directory, f"file{i}")
        total_files += 1


def main():
    dirs = {"/home": 3000, "/etc": 500, "/var": 2000}
    threads = [threading.Thread(target=backup, args=(d, n)) for d, n in dirs.items()]
    for t in threads:
        t.start()
        t.join()
    print(total_files, "files backed up")


if __name__ == "__main__":
    main()
