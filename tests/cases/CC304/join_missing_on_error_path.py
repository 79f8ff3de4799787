"""Warm a cache in a thread, then fork a worker. On the timeout path the warm-up thread is not
joined, so the fork may copy a process in which it still runs."""
import os
import threading


def warm_cache():
    print("warming")


def main(quick):
    warmer = threading.Thread(target=warm_cache)
    warmer.start()
    if not quick:
        warmer.join()
    pid = os.fork()  # expect: CC304
    if pid == 0:
        print("child")
        os._exit(0)
    os.waitpid(pid, 0)


if __name__ == "__main__":
    main(False)
