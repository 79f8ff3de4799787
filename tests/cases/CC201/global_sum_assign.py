"""Upload threads keep a running total of bytes sent in a module global.

Race: `bytes_sent = bytes_sent + size` is a read-modify-write written out longhand: the global
is loaded, added to, and stored back, and the GIL may switch threads in between. Three uploader
threads do it with no lock.
"""
import threading

bytes_sent = 0


def upload(chunks):
    global bytes_sent
    for chunk in chunks:
        size = len(chunk)
        bytes_sent = bytes_sent + size  # expect: CC201


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
