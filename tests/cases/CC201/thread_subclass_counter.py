"""Crawler threads (a threading.Thread subclass) count fetched pages in a module global.

Race: `pages_fetched += 1` is a read-modify-write (load the global, add, store it back). The GIL
can switch threads between the load and the store, so two crawlers can both read N and both
write N + 1. Four crawlers run `run()` at once after `.start()`, and none holds a lock.
"""
import threading

pages_fetched = 0


class Crawler(threading.Thread):
    def __init__(self, urls):
        super().__init__()
        self.urls = urls

    def run(self):
        global pages_fetched
        for url in self.urls:
            if url.startswith("http"):
                pages_fetched += 1  # expect: CC201


def main():
    batches = [[f"http://example.com/{i}/{j}" for j in range(50)] for i in range(4)]
    crawlers = [Crawler(batch) for batch in batches]
    for crawler in crawlers:
        crawler.start()
    for crawler in crawlers:
        crawler.join()
    print(pages_fetched, "pages")


if __name__ == "__main__":
    main()
