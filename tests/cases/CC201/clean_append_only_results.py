"""A trap: fetcher threads collect their results with `results.append(...)` on a shared list.

No finding: a single `list.append` is one bytecode-level call into C that holds the GIL from
start to end, so concurrent appends never lose an element. Nothing reads the list until the
threads are joined; a lone append is not flagged.
"""
import threading

results = []


def fetch(urls):
    for url in urls:
        results.append((url, len(url)))


def main():
    urls = [f"https://example.com/{i}" for i in range(3000)]
    threads = [threading.Thread(target=fetch, args=(urls[k::3],)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(len(results), "results")


if __name__ == "__main__":
    main()
