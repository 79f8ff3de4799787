"""Fetch and parse pages in processes: parsing with lxml may be heavy CPU work, which concur
cannot see, so it does not claim the work only waits."""
import urllib.request
from multiprocessing import Pool

from lxml import html


def titles(url):
    with urllib.request.urlopen(url) as r:
        tree = html.fromstring(r.read())
    return [t.text_content() for t in tree.xpath("//h2")]


if __name__ == "__main__":
    with Pool(4) as pool:
        print(pool.map(titles, ["https://example.org/1", "https://example.org/2"]))
