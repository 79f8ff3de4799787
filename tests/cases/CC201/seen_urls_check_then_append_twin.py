"""A crawler's de-duplication: each thread skips URLs already in `seen`, else records them.

No race: the membership test and the append run together inside `with seen_lock:`, so no
thread can append between another thread's check and its append.
"""
import threading

seen = []
seen_lock = threading.Lock()


def crawl(urls):
    fetched = 0
    for url in urls:
        with seen_lock:
            if url not in seen:
                seen.append(url)
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
