"""Eight checksums of 5*10^4 iterations each in a thread pool of 2: under the GIL the threads
take turns, so they gain nothing over a loop (~50 ms); processes would be only ~1.2x faster once
their start-up is paid, too little for the change. CC101 flags the threads and the advice is
serial."""
from concurrent.futures import ThreadPoolExecutor


def checksum(n):
    total = 0
    for i in range(n):
        total = (total + i * 31) % 65521
    return total


def main():
    with ThreadPoolExecutor(max_workers=2) as ex:
        return list(ex.map(checksum, [50_000] * 8))  # expect: CC101 # expect-advice: serial


if __name__ == "__main__":
    print(main())
