"""Log scanners count error lines into Tally objects.

No race: a NEW Tally is created inside the spawn loop for each scanner thread, so each thread
increments an attribute of its own object; main adds the tallies up after joining.
"""
import threading


class Tally:
    def __init__(self):
        self.errors = 0


def scan(lines, tally):
    for line in lines:
        if "ERROR" in line:
            tally.errors += 1


def main():
    logs = [[f"{n} ERROR disk" if n % 3 == 0 else f"{n} ok" for n in range(3000)]
            for _ in range(4)]
    threads = []
    tallies = []
    for lines in logs:
        tally = Tally()
        tallies.append(tally)
        t = threading.Thread(target=scan, args=(lines, tally))
        threads.append(t)
        t.start()
    for t in threads:
        t.join()
    print(sum(t.errors for t in tallies))


if __name__ == "__main__":
    main()
