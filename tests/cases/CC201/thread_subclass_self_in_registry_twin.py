"""Twin of thread_subclass_self_in_registry.py: each job counts its retries on itself.

No race: `self.retries += 1` and the other counters are attributes of the job's own thread
object. A thread object is started once, so each running `run()` has a `self` of its own, even
though the registry puts every job (and the one made for a single submission) in one container
and points-to merges them into one abstract object.
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
        self.retries = 0
        self.done = False

    def run(self):
        for _ in range(3):
            self._try_once()

    def _try_once(self):
        self.attempts += 1
        if not self.done:
            self.retries += 1
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
    print(sum(j.retries for j in s.jobs.values()))
