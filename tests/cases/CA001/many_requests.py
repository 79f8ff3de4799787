"""Five thousand HTTP requests through a thread pool of 32: far more concurrent waits than a
thread pool should hold. An event loop overlaps them all."""
import urllib.request
from concurrent.futures import ThreadPoolExecutor

URLS = [f"https://api.example.org/items/{i}" for i in range(5000)]


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status


def main():
    with ThreadPoolExecutor(max_workers=32) as ex:
        return list(ex.map(fetch, URLS))  # expect-advice: asyncio


if __name__ == "__main__":
    print(main())
