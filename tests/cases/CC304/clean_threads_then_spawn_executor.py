"""Threads run alongside a ProcessPoolExecutor that asks for the spawn start method."""
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor


def tail_log():
    print("tailing")


def crunch(n):
    return n * n


def main():
    threading.Thread(target=tail_log, daemon=True).start()
    with ProcessPoolExecutor(mp_context=multiprocessing.get_context("spawn")) as ex:
        print(list(ex.map(crunch, range(10))))


if __name__ == "__main__":
    main()
