"""An executor on the fork start method, given a module-level function."""
import multiprocessing
from concurrent.futures import ProcessPoolExecutor


def checksum(blob):
    return sum(blob) % 65521


def checksums(blobs):
    fork = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=4, mp_context=fork) as ex:
        return list(ex.map(checksum, blobs))


if __name__ == "__main__":
    print(checksums([b"abc", b"hello", bytes(range(256))]))
