"""Run test shards in a thread pool; each task sets its shard number in the environment.

Assigning to os.environ calls setenv(); another task reading the environment at that moment
(getenv in C code) may read freed memory, and the tasks overwrite each other's value anyway."""
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor


def run_shard(n):
    os.environ["SHARD"] = str(n)  # expect: CC204 "setenv"
    return subprocess.run(["pytest", "-q"], check=False).returncode


def main():
    with ThreadPoolExecutor(max_workers=4) as ex:
        print(list(ex.map(run_shard, range(4))))


if __name__ == "__main__":
    main()
