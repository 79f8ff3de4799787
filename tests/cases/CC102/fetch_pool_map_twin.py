"""Status codes of a list of URLs, fetched by a thread pool (the twin: threads, not processes)."""
import urllib.request
from multiprocessing.pool import ThreadPool

URLS = [f"https://example.org/page/{i}" for i in range(64)]


def status(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status


def main():
    with ThreadPool(16) as pool:
        codes = pool.map(status, URLS)  # expect-advice: threads
    return codes


if __name__ == "__main__":
    print(main())
