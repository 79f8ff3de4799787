"""Download files with a thread pool and start the converter for each one as it arrives.

preexec_fn runs Python code (os.setsid) in the forked child before exec, while the download
threads run: the subprocess docs say this can deadlock the child."""
import os
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
            subprocess.run(["convert", "/tmp/chunk"], preexec_fn=os.setsid, check=True)  # expect: CC304


if __name__ == "__main__":
    main(["https://example.com/a"])
