"""The twin: the second thread does the tokenizing while the first downloads: one CPU-bound
thread beside an I/O-bound one is fine."""
import threading
import urllib.request

TEXT = "lorem ipsum dolor sit amet " * 200_000
results = {}


def tokenize(name, text):
    words = 0
    for ch in text:
        if ch == " ":
            words += 1
    results[name] = words


def download(name, url):
    with urllib.request.urlopen(url) as r:
        results[name] = r.read()


def main():
    a = threading.Thread(target=download, args=("a", "https://example.org/"))
    b = threading.Thread(target=tokenize, args=("b", TEXT))
    a.start()
    b.start()
    a.join()
    b.join()


if __name__ == "__main__":
    main()
