"""A module-level executor starts no worker until the first submit, which happens only under
the guard."""
import os
from concurrent.futures import ProcessPoolExecutor

EXECUTOR = ProcessPoolExecutor(max_workers=os.cpu_count())


def checksum(data):
    return sum(data) & 0xFFFF


def checksum_all(blobs):
    return list(EXECUTOR.map(checksum, blobs))


if __name__ == "__main__":
    print(checksum_all([b"abc", b"def"]))
    EXECUTOR.shutdown()
