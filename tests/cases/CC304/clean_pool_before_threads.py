"""The process Pool is created first, while the process has one thread; the uploader threads
start afterwards. Pool forks its workers only at creation."""
import multiprocessing
import threading


def upload(name):
    print("uploading", name)


def render(page):
    return f"<p>{page}</p>"


def main(pages):
    with multiprocessing.Pool(4) as pool:
        uploaders = [threading.Thread(target=upload, args=(p,)) for p in pages]
        for t in uploaders:
            t.start()
        html = pool.map(render, pages)
        for t in uploaders:
            t.join()
    return html


if __name__ == "__main__":
    main(["a", "b"])
