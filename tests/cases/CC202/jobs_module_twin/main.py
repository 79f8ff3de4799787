"""Run the jobs in a thread pool and print what the jobs module says it processed."""
from concurrent.futures import ThreadPoolExecutor

import jobs


def main(names):
    with ThreadPoolExecutor() as ex:
        results = list(ex.map(jobs.resize, names))
    print(results, "processed:", len(jobs.processed))


if __name__ == "__main__":
    main(["a", "b"])
