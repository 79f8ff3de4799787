"""The twin: fifty requests, which a thread pool of 32 overlaps well enough; no need for an
event loop."""
import urllib.request
from concurrent.futures import ThreadPoolExecutor

URLS = [f"https://api.example.org/items/{i}" for i in range(50)]


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status


def main():
    with ThreadPoolExecutor(max_workers=32) as ex:
        return list(ex.map(fetch, URLS))  # expect-advice: threads


if __name__ == "__main__":
    print(main())
