"""Download files with a ProcessPoolExecutor; each task counts itself in a module global.

No race: the tasks run in worker PROCESSES. Each process has its own copy of the module and of
`downloaded`; nothing is shared, so the increments cannot interfere (the parent's counter simply
stays 0 — a lost update across processes, which is CC202's business, not a data race).
"""
from concurrent.futures import ProcessPoolExecutor

downloaded = 0


def download(url):
    global downloaded
    payload = url.encode() * 100
    downloaded += 1
    return len(payload)


def main():
    urls = [f"https://example.com/file{i}.bin" for i in range(200)]
    with ProcessPoolExecutor(max_workers=8) as pool:
        sizes = list(pool.map(download, urls))
    print(downloaded, "files,", sum(sizes), "bytes")


if __name__ == "__main__":
    main()
