"""Warm a cache in a thread, then fork a worker. The warm-up thread is joined on every path
before the fork."""
import os
import threading


def warm_cache():
    print("warming")


def main(quick):
    warmer = threading.Thread(target=warm_cache)
    warmer.start()
    if not quick:
        print("full warm-up")
    warmer.join()
    pid = os.fork()
    if pid == 0:
        print("child")
        os._exit(0)
    os.waitpid(pid, 0)


if __name__ == "__main__":
    main(False)
