"""A Linux-only tool: it asks for fork, so its Process target is never pickled."""
import multiprocessing


def crunch(n):
    return sum(i * i for i in range(n))


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    p = multiprocessing.Process(target=lambda: print(crunch(10_000)))
    p.start()
    p.join()
