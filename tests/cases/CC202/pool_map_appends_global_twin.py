"""Check links in a thread pool; each task records broken links in a module-level list, which
the parent then prints. Threads share the list."""
import urllib.request
from multiprocessing.pool import ThreadPool

broken = []


def check(url):
    try:
        urllib.request.urlopen(url, timeout=5)
    except OSError:
        broken.append(url)


def main(urls):
    with ThreadPool(8) as pool:
        pool.map(check, urls)
    print(len(broken), "broken links")


if __name__ == "__main__":
    main(["https://example.com", "https://example.invalid"])
