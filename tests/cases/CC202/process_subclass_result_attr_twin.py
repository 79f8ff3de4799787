"""A Thread subclass stores its result on self in run(); the parent reads `job.result` after
join(). The thread sets the attribute on the parent's object."""
import threading


class Job(threading.Thread):
    def __init__(self, n):
        super().__init__()
        self.n = n
        self.result = None

    def run(self):
        self.result = sum(i * i for i in range(self.n))


def main():
    job = Job(10**6)
    job.start()
    job.join()
    print(job.result)


if __name__ == "__main__":
    main()
