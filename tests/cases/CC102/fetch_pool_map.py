"""Status codes of a list of URLs, fetched by a process pool."""
import urllib.request
from multiprocessing import Pool

URLS = [f"https://example.org/page/{i}" for i in range(64)]


def status(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status


def main():
    with Pool(16) as pool:
        codes = pool.map(status, URLS)  # expect: CC102 "urlopen" # expect-advice: threads
    return codes


if __name__ == "__main__":
    print(main())
