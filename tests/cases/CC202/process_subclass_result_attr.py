"""A Process subclass stores its result on self in run(); the parent reads `job.result` after
join(). run() executed in the child, on the child's copy of the object."""
import multiprocessing


class Job(multiprocessing.Process):
    def __init__(self, n):
        super().__init__()
        self.n = n
        self.result = None

    def run(self):
        self.result = sum(i * i for i in range(self.n))  # expect: CC202 "`self.result` is assigned"


def main():
    job = Job(10**6)
    job.start()
    job.join()
    print(job.result)


if __name__ == "__main__":
    main()
