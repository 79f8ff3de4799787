"""A crawler's de-duplication: each thread skips URLs already in `seen`, else records them.

Race (check-then-act): `if url not in seen:` followed by `seen.append(url)`; two threads can
both find the URL missing and both append it (and both crawl it). Each step is atomic under the
GIL, but the pair is not, and no lock joins them. A lone append would not be flagged; the append
as the act of a check is.
"""
import threading

seen = []


def crawl(urls):
    fetched = 0
    for url in urls:
        if url not in seen:
            seen.append(url)  # expect: CC201
            fetched += 1
    return fetched


def main():
    urls = [f"https://example.com/page/{i % 300}" for i in range(900)]
    threads = [threading.Thread(target=crawl, args=(urls[k::3],)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(len(seen), "unique urls")


if __name__ == "__main__":
    main()
