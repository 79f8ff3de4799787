"""Starts the reporter, then forks one child per shard."""
import os

import reporter


def main(shards):
    reporter.start()
    for shard in shards:
        pid = os.fork()  # expect: CC304
        if pid == 0:
            print("shard", shard)
            os._exit(0)
        os.waitpid(pid, 0)


if __name__ == "__main__":
    main([1, 2])
