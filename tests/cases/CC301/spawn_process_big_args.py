"""A worker process started with spawn gets a 50 MB bytes object as its argument."""
import multiprocessing as mp


def first_nonzero(blob):
    for i in range(64):
        if blob[i]:
            return i
    return -1


if __name__ == "__main__":
    ctx = mp.get_context("spawn")
    blob = bytes(50 * 1024 * 1024)
    workers = [ctx.Process(target=first_nonzero, args=(blob,)) for _ in range(2)]  # expect: CC301
    for w in workers:
        w.start()
    for w in workers:
        w.join()
