"""Hash a list of files in four PROCESSES, counting processed files in a module global.

No race: each multiprocessing.Process has its own memory, so each increments its own copy of
`files_hashed` (the parent's copy stays 0: a lost update across processes, CC202's business,
not a data race).
"""
import hashlib
import multiprocessing

files_hashed = 0


def hash_files(names):
    global files_hashed
    for name in names:
        hashlib.sha256(name.encode() * 64).hexdigest()
        files_hashed += 1


def main():
    names = [f"photo_{i:04}.jpg" for i in range(2000)]
    workers = [multiprocessing.Process(target=hash_files, args=(names[k::4],)) for k in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    print(files_hashed, "files")


if __name__ == "__main__":
    main()
