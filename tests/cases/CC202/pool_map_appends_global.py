"""Check links in a process pool; each task records broken links in a module-level list, which
the parent then prints. Each worker appends to its own copy: the parent's list stays empty."""
import urllib.request
from multiprocessing import Pool

broken = []


def check(url):
    try:
        urllib.request.urlopen(url, timeout=5)
    except OSError:
        broken.append(url)  # expect: CC202 "`broken` is modified in `check()`"


def main(urls):
    with Pool(8) as pool:
        pool.map(check, urls)
    print(len(broken), "broken links")


if __name__ == "__main__":
    main(["https://example.com", "https://example.invalid"])
