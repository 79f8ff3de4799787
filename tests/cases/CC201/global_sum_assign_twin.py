"""Upload threads record the size of the last chunk sent in a module global.

No finding: `bytes_sent = size` is a plain store that does not read the old value. Under the GIL
one STORE_GLOBAL is atomic, so concurrent stores only decide which value is last — no update is
lost and nothing is read half-written. A plain store is not flagged.
"""
import threading

bytes_sent = 0


def upload(chunks):
    global bytes_sent
    for chunk in chunks:
        size = len(chunk)
        bytes_sent = size


def main():
    files = [[b"x" * (i % 50 + 1)] * 500 for i in range(3)]
    uploaders = [threading.Thread(target=upload, args=(chunks,)) for chunks in files]
    for u in uploaders:
        u.start()
    for u in uploaders:
        u.join()
    print(bytes_sent)


if __name__ == "__main__":
    main()
