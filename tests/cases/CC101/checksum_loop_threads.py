"""Checksums of eight 1 MiB blobs in a thread pool, computed byte by byte in Python."""
from concurrent.futures import ThreadPoolExecutor

MOD = 2**31 - 1


def checksum(blob):
    total = 0
    for b in blob:
        total = (total * 31 + b) % MOD
    return total


def main():
    blobs = [bytes(1 << 20) for _ in range(8)]
    with ThreadPoolExecutor(4) as ex:
        sums = list(ex.map(checksum, blobs))  # expect: CC101 # expect-advice: processes
    return sums


if __name__ == "__main__":
    print(main())
