"""Worker threads append finished job records to a list; a monitor thread walks the list.

Race (mutation while iterating): the monitor iterates `finished` while the workers are still
appending to it. A list iterator does not raise, but the walk sees an arbitrary prefix of the
appends (its totals are wrong by whatever arrived mid-walk). The appends alone would be fine;
it is the iteration concurrent with them that is flagged, at the `for` (the later line).
"""
import threading

finished = []


def worker(ids):
    for job_id in ids:
        finished.append((job_id, job_id % 5))


def monitor(rounds):
    failures = 0
    for _ in range(rounds):
        for job_id, status in finished:  # expect: CC201
            failures += status == 0
    return failures


def main():
    workers = [threading.Thread(target=worker, args=(range(k, 6000, 3),)) for k in range(3)]
    for w in workers:
        w.start()
    mon = threading.Thread(target=monitor, args=(5,))
    mon.start()
    for w in workers:
        w.join()
    mon.join()
    print(len(finished), "jobs")


if __name__ == "__main__":
    main()
