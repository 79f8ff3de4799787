"""A daemon keeps a heartbeat thread and forks one child per job.

The heartbeat thread is running (it is a daemon, never joined) when os.fork() copies the
process: the child keeps working in Python with a copy of whatever lock that thread held."""
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
    threading.Thread(target=heartbeat, daemon=True).start()
    for job in jobs:
        pid = os.fork()  # expect: CC304
        if pid == 0:
            run_job(job)
            os._exit(0)
        os.waitpid(pid, 0)


if __name__ == "__main__":
    main(["a", "b"])
