"""Downloads in a thread pool: waiting on the network releases the GIL, threads fit."""
import urllib.request
from concurrent.futures import ThreadPoolExecutor

URLS = ["https://example.org/a", "https://example.org/b", "https://example.org/c"]


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        body = r.read()
    return len(body)


def main():
    with ThreadPoolExecutor(8) as ex:
        return list(ex.map(fetch, URLS))


if __name__ == "__main__":
    print(main())
