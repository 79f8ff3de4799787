"""Checksums run in a ProcessPoolExecutor; the cleanup Process runs after the executor has
shut down (its manager thread is joined by shutdown())."""
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
    sums = [f.result() for f in futures]
    executor.shutdown()
    janitor = multiprocessing.Process(target=cleanup, args=("/tmp/cache",))
    janitor.start()
    janitor.join()
    return sums


if __name__ == "__main__":
    main(["/etc/hostname"])
