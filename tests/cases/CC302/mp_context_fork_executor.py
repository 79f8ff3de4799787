"""An executor on the fork start method still pickles every task it is given."""
import multiprocessing
from concurrent.futures import ProcessPoolExecutor


def checksums(blobs):
    fork = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=4, mp_context=fork) as ex:
        return list(ex.map(lambda b: sum(b) % 65521, blobs))  # expect: CC302


if __name__ == "__main__":
    print(checksums([b"abc", b"hello", bytes(range(256))]))
