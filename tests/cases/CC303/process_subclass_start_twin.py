"""A Process subclass that downloads a list of URLs, started under the main guard."""
import multiprocessing
import urllib.request


class Downloader(multiprocessing.Process):
    def __init__(self, urls):
        super().__init__(daemon=True)
        self.urls = urls

    def run(self):
        for url in self.urls:
            with urllib.request.urlopen(url, timeout=10) as resp:
                print(url, len(resp.read()))


URLS = ["https://example.com/", "https://example.org/"]
if __name__ == "__main__":
    downloader = Downloader(URLS)
    downloader.start()
    downloader.join()
