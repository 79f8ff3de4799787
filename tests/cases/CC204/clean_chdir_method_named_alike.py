"""A thread calls methods named like process-wide functions on its own objects (ftp.cwd,
sftp.chdir, a settings dict's update): none of them change the process's state."""
import threading


class Remote:
    def __init__(self):
        self.cwd = "/"
        self.environ = {}

    def chdir(self, path):
        self.cwd = path


def sync(remote):
    remote.chdir("/uploads")
    remote.environ.update({"X": "1"})
    remote.environ["Y"] = "2"


def main():
    r = Remote()
    t = threading.Thread(target=sync, args=(r,))
    t.start()
    t.join()


if __name__ == "__main__":
    main()
