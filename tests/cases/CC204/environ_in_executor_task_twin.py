"""Run test shards in a process pool; each task sets its shard number in its own process's
environment."""
import os
import subprocess
from concurrent.futures import ProcessPoolExecutor


def run_shard(n):
    os.environ["SHARD"] = str(n)
    return subprocess.run(["pytest", "-q"], check=False).returncode


def main():
    with ProcessPoolExecutor(max_workers=4) as ex:
        print(list(ex.map(run_shard, range(4))))


if __name__ == "__main__":
    main()
