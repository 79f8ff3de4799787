"""Job threads (a threading.Thread subclass) kept in a registry dict, as job runners do.

Race: every job adds its retries to the one `Stats` object the scheduler shares with all jobs
(`self.stats.retries += 1` is a load, an add and a store, so two jobs can both read N and both
write N + 1), and no job holds a lock. The job's own counters (`self.attempts`) are not shared:
a thread object is started once, so each running `run()` has a `self` of its own, even though
the registry puts every job (and the one made for a single submission) in one container.
"""
import threading


class Stats:
    def __init__(self):
        self.retries = 0


class Job(threading.Thread):
    def __init__(self, name, stats):
        super().__init__()
        self.name = name
        self.stats = stats
        self.attempts = 0
        self.done = False

    def run(self):
        for _ in range(3):
            self._try_once()

    def _try_once(self):
        self.attempts += 1
        if not self.done:
            self.stats.retries += 1  # expect: CC201
            self.done = self.attempts > 2


class Scheduler:
    def __init__(self):
        self.jobs = {}
        self.stats = Stats()

    def submit_one(self, name):
        job = Job(name, self.stats)
        self.jobs[name] = job
        job.start()
        return job

    def submit_many(self, names):
        for name in names:
            job = Job(name, self.stats)
            self.jobs[name] = job
            job.start()

    def wait(self):
        for job in list(self.jobs.values()):
            job.join()


if __name__ == "__main__":
    s = Scheduler()
    s.submit_one("first")
    s.submit_many(["a", "b", "c"])
    s.wait()
    print(s.stats.retries)
