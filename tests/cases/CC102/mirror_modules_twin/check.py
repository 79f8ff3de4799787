"""Checks every mirror, one task per mirror, in a thread pool (the twin)."""
from concurrent.futures import ThreadPoolExecutor

import net

MIRRORS = ["mirror1.example.org", "mirror2.example.org", "mirror3.example.org"]


def main():
    with ThreadPoolExecutor(max_workers=8) as ex:
        futures = [ex.submit(net.ping, host) for host in MIRRORS]
        return [f.result() for f in futures]


if __name__ == "__main__":
    print(main())
