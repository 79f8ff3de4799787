"""A daemon forks one child per job, and starts its heartbeat thread only afterwards.

Every fork happens while the process still has a single thread."""
import logging
import os
import threading
import time

log = logging.getLogger("jobs")


def heartbeat():
    while True:
        log.info("alive")
        time.sleep(5)


def run_job(job):
    log.info("running %s", job)


def main(jobs):
    for job in jobs:
        pid = os.fork()
        if pid == 0:
            run_job(job)
            os._exit(0)
        os.waitpid(pid, 0)
    threading.Thread(target=heartbeat, daemon=True).start()


if __name__ == "__main__":
    main(["a", "b"])
