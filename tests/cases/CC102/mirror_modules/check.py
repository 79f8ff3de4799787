"""Checks every mirror, one task per mirror, in a process pool."""
from concurrent.futures import ProcessPoolExecutor

import net

MIRRORS = ["mirror1.example.org", "mirror2.example.org", "mirror3.example.org"]


def main():
    with ProcessPoolExecutor(max_workers=8) as ex:
        futures = [ex.submit(net.ping, host) for host in MIRRORS]  # expect: CC102 "ping"
        return [f.result() for f in futures]


if __name__ == "__main__":
    print(main())
