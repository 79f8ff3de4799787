"""Hash a list of files in four threads, counting processed files in a module global.

Race: the threads share the module's globals; `files_hashed += 1` is a read-modify-write with
no lock.
"""
import hashlib
import threading

files_hashed = 0


def hash_files(names):
    global files_hashed
    for name in names:
        hashlib.sha256(name.encode() * 64).hexdigest()
        files_hashed += 1  # expect: CC201


def main():
    names = [f"photo_{i:04}.jpg" for i in range(2000)]
    workers = [threading.Thread(target=hash_files, args=(names[k::4],)) for k in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    print(files_hashed, "files")


if __name__ == "__main__":
    main()
