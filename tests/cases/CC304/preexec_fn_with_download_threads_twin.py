"""Download files with a thread pool and start the converter for each one as it arrives.

start_new_session=True calls setsid() in C between fork and exec: no Python runs in the child."""
import subprocess
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def fetch(url):
    with urllib.request.urlopen(url) as resp:
        return resp.read()


def main(urls):
    with ThreadPoolExecutor(max_workers=8) as pool:
        for data in pool.map(fetch, urls):
            with open("/tmp/chunk", "wb") as fh:
                fh.write(data)
            subprocess.run(["convert", "/tmp/chunk"], start_new_session=True, check=True)


if __name__ == "__main__":
    main(["https://example.com/a"])
