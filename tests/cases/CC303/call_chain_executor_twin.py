"""Render report pages; the entry point is guarded (written the other way round)."""
import sys
from concurrent.futures import ProcessPoolExecutor


def render(page):
    return f"<h1>Page {page}</h1>" * 1000


def run_batch(pages):
    with ProcessPoolExecutor() as ex:
        futures = [ex.submit(render, p) for p in pages]
        return [f.result() for f in futures]


def build(n):
    return run_batch(range(n))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    print(sum(len(html) for html in build(n)))


if "__main__" == __name__:
    main()
