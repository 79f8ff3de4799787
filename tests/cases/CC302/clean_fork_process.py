"""Under an explicit fork start method nothing given to Process is pickled."""
import multiprocessing
import threading


def serve(lock, counter):
    with lock:
        counter.value += 1


def main():
    ctx = multiprocessing.get_context("fork")
    lock = threading.Lock()
    counter = ctx.Value("i", 0, lock=False)

    def child():
        serve(lock, counter)

    procs = [
        ctx.Process(target=lambda: serve(lock, counter)),
        ctx.Process(target=child),
        ctx.Process(target=serve, args=(lock, counter)),
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join()


if __name__ == "__main__":
    main()
