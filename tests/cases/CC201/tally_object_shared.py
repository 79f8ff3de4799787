"""Log scanners count error lines into a Tally object.

Race: ONE Tally is created before the spawn loop and handed to every scanner thread, so
`tally.errors += 1` is a read-modify-write of a shared attribute with no lock.
"""
import threading


class Tally:
    def __init__(self):
        self.errors = 0


def scan(lines, tally):
    for line in lines:
        if "ERROR" in line:
            tally.errors += 1  # expect: CC201


def main():
    logs = [[f"{n} ERROR disk" if n % 3 == 0 else f"{n} ok" for n in range(3000)]
            for _ in range(4)]
    threads = []
    tally = Tally()
    for lines in logs:
        t = threading.Thread(target=scan, args=(lines, tally))
        threads.append(t)
        t.start()
    for t in threads:
        t.join()
    print(tally.errors)


if __name__ == "__main__":
    main()
