"""Poll URLs until told to stop; threads share the threading.Event, nothing is pickled."""
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def poll(url, stop):
    while not stop.is_set():
        urllib.request.urlopen(url, timeout=5).close()
        time.sleep(1)


def main(urls):
    stop = threading.Event()
    with ThreadPoolExecutor() as ex:
        futures = [ex.submit(poll, u, stop) for u in urls]
        time.sleep(10)
        stop.set()
        for f in futures:
            f.result()


if __name__ == "__main__":
    main(["http://localhost:8000/"])
