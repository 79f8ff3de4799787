"""A handler defined under the main guard: the spawned child imports this file as
__mp_main__, skips the guarded block, and cannot find `handle`."""
import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")

    def handle(job):
        print("processing", job)

    workers = [
        multiprocessing.Process(
            target=handle,  # expect: CC302
            args=(job,),
            name=f"job-{job}",
        )
        for job in sys.argv[1:]
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
