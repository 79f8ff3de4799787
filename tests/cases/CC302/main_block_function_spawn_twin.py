"""A handler defined at module level: the spawned child finds it when it imports this file."""
import multiprocessing
import sys


def handle(job):
    print("processing", job)


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")

    workers = [
        multiprocessing.Process(
            target=handle,
            args=(job,),
            name=f"job-{job}",
        )
        for job in sys.argv[1:]
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
