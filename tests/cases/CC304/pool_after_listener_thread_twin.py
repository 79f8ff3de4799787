"""Resize images in worker processes while a progress thread reports on stdout.

The pool comes from a forkserver context: its workers are started by a clean server process,
not forked from this threaded one."""
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
    ctx = multiprocessing.get_context("forkserver")
    with ctx.Pool(4) as pool:
        for _ in pool.imap_unordered(resize, paths):
            done += 1


if __name__ == "__main__":
    main([f"img{i}.png" for i in range(20)])
