"""Each download runs in its own thread with its own Downloader object; the number of active
downloads is a class attribute shared by every instance, guarded by a class-level lock.

No race: both updates of `Downloader.active` run inside `with Downloader.lock:`, one lock object
shared by all instances (it is itself a class attribute).
"""
import threading


class Downloader:
    active = 0
    lock = threading.Lock()

    def __init__(self, url):
        self.url = url
        self.size = 0

    def fetch(self):
        with Downloader.lock:
            Downloader.active += 1
        self.size = len(self.url) * 1000
        with Downloader.lock:
            Downloader.active -= 1


def main():
    downloaders = [Downloader(f"https://mirror{i}.example.org/pkg.tar") for i in range(6)]
    threads = [threading.Thread(target=d.fetch) for d in downloaders]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(Downloader.active, sum(d.size for d in downloaders))


if __name__ == "__main__":
    main()
