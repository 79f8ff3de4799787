"""The twin: the same blobs hashed with hashlib, which releases the GIL on buffers over 2047
bytes, so the threads run in parallel."""
import hashlib
from concurrent.futures import ThreadPoolExecutor


def checksum(blob):
    return hashlib.sha256(blob).hexdigest()


def main():
    blobs = [bytes(1 << 20) for _ in range(8)]
    with ThreadPoolExecutor(4) as ex:
        sums = list(ex.map(checksum, blobs))  # expect-advice: threads
    return sums


if __name__ == "__main__":
    print(main())
