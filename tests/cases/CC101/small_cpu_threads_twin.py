"""Twin of small_cpu_threads.py in a process pool of 2: the same eight checksums run in
parallel, ~1.2x faster than a loop once the processes are started. Not worth a change, but not
worth undoing either: the current model is kept, and there is nothing for CC101."""
from concurrent.futures import ProcessPoolExecutor


def checksum(n):
    total = 0
    for i in range(n):
        total = (total + i * 31) % 65521
    return total


def main():
    with ProcessPoolExecutor(max_workers=2) as ex:
        return list(ex.map(checksum, [50_000] * 8))  # expect-advice: processes


if __name__ == "__main__":
    print(main())
