"""Download files with a ThreadPoolExecutor; each task counts itself in a module global.

Race: `pool.map` runs `download` in up to eight worker threads at once, and
`downloaded += 1` is a read-modify-write of the shared global with no lock.
"""
from concurrent.futures import ThreadPoolExecutor

downloaded = 0


def download(url):
    global downloaded
    payload = url.encode() * 100
    downloaded += 1  # expect: CC201
    return len(payload)


def main():
    urls = [f"https://example.com/file{i}.bin" for i in range(200)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        sizes = list(pool.map(download, urls))
    print(downloaded, "files,", sum(sizes), "bytes")


if __name__ == "__main__":
    main()
