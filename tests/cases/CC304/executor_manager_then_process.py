"""Checksums run in a ProcessPoolExecutor; a cleanup job runs in its own Process meanwhile.

After its first submit, a ProcessPoolExecutor runs a manager thread in the parent; the
Process started while the executor lives is forked from a process with that thread."""
import hashlib
import multiprocessing
from concurrent.futures import ProcessPoolExecutor


def checksum(path):
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def cleanup(folder):
    print("cleaning", folder)


def main(paths):
    executor = ProcessPoolExecutor(max_workers=4)
    futures = [executor.submit(checksum, p) for p in paths]
    janitor = multiprocessing.Process(target=cleanup, args=("/tmp/cache",))
    janitor.start()  # expect: CC304
    sums = [f.result() for f in futures]
    janitor.join()
    executor.shutdown()
    return sums


if __name__ == "__main__":
    main(["/etc/hostname"])
