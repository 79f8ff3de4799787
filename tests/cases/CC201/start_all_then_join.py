"""Backup jobs, one thread per directory, each adding its file count to a module total.

Race: all threads are started before any is joined, so they run together, and
`total_files += ...` is a read-modify-write with no lock.
"""
import os
import threading

total_files = 0


def backup(directory, nfiles):
    global total_files
    for i in range(nfiles):
        os.path.join(directory, f"file{i}")
        total_files += 1  # expect: CC201


def main():
    dirs = {"/home": 3000, "/etc": 500, "/var": 2000}
    threads = [threading.Thread(target=backup, args=(d, n)) for d, n in dirs.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(total_files, "files backed up")


if __name__ == "__main__":
    main()
