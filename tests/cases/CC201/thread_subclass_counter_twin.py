"""Crawler threads (a threading.Thread subclass) count fetched pages in a module global.

No race: every `pages_fetched += 1` runs inside `with fetch_lock:`, the same module-level lock
in all four crawlers, so the load and the store of one increment cannot interleave with another.
"""
import threading

pages_fetched = 0
fetch_lock = threading.Lock()


class Crawler(threading.Thread):
    def __init__(self, urls):
        super().__init__()
        self.urls = urls

    def run(self):
        global pages_fetched
        for url in self.urls:
            if url.startswith("http"):
                with fetch_lock:
                    pages_fetched += 1


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
