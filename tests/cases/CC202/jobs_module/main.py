"""Run the jobs in a process pool and print what the jobs module says it processed."""
from concurrent.futures import ProcessPoolExecutor

import jobs


def main(names):
    with ProcessPoolExecutor() as ex:
        results = list(ex.map(jobs.resize, names))
    print(results, "processed:", len(jobs.processed))


if __name__ == "__main__":
    main(["a", "b"])
