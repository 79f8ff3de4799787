"""Resize images in worker processes while a progress thread reports on stdout.

The progress thread is started first, then the Pool forks its workers under the default start
method (fork on Linux before Python 3.14): a child can inherit the stdout lock held by the
progress thread and hang on its first print."""
import multiprocessing
import threading
import time

done = 0


def report_progress(total):
    while done < total:
        print(f"{done}/{total}", flush=True)
        time.sleep(0.5)


def resize(path):
    print("resizing", path)
    return path


def main(paths):
    global done
    threading.Thread(target=report_progress, args=(len(paths),), daemon=True).start()
    # expect: CC304 "default on Linux before Python 3.14"
    with multiprocessing.Pool(4) as pool:
        for _ in pool.imap_unordered(resize, paths):
            done += 1


if __name__ == "__main__":
    main([f"img{i}.png" for i in range(20)])
