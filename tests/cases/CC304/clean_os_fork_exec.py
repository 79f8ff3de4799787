"""A threaded supervisor restarts a worker program with os.fork + os.execv: the child only
redirects stdout and execs."""
import os
import threading


def watch():
    print("watching")


def restart(path, logfd):
    pid = os.fork()
    if pid == 0:
        os.dup2(logfd, 1)
        os.execv(path, [path])
    return pid


def main():
    threading.Thread(target=watch, daemon=True).start()
    fd = os.open("/tmp/worker.log", os.O_WRONLY | os.O_CREAT)
    os.waitpid(restart("/usr/bin/true", fd), 0)


if __name__ == "__main__":
    main()
