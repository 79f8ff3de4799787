"""Each download runs in its own thread with its own Downloader object, but the number of active
downloads is a CLASS attribute, shared by every instance.

Race: `Downloader.active += 1` / `-= 1` are read-modify-writes of one class attribute from
several threads, with no lock (reported at the later one, the decrement).
"""
import threading


class Downloader:
    active = 0

    def __init__(self, url):
        self.url = url
        self.size = 0

    def fetch(self):
        Downloader.active += 1
        self.size = len(self.url) * 1000
        Downloader.active -= 1  # expect: CC201


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
