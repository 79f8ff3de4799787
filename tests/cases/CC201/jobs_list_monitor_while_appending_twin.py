"""Worker threads append finished job records to a list; a monitor thread walks the list.

No finding: the monitor thread is started only after every worker has been joined, so nobody
appends while it iterates. The workers' concurrent `list.append` calls on their own are atomic
under the GIL and are not flagged.
"""
import threading

finished = []


def worker(ids):
    for job_id in ids:
        finished.append((job_id, job_id % 5))


def monitor(rounds):
    failures = 0
    for _ in range(rounds):
        for job_id, status in finished:
            failures += status == 0
    return failures


def main():
    workers = [threading.Thread(target=worker, args=(range(k, 6000, 3),)) for k in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    mon = threading.Thread(target=monitor, args=(5,))
    mon.start()
    mon.join()
    print(len(finished), "jobs")


if __name__ == "__main__":
    main()
