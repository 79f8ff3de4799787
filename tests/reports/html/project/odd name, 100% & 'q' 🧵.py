import multiprocessing


def work(lock, name):
    with lock:
        print(name)


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    lock = multiprocessing.Lock()
    import threading
    tlock = threading.Lock()
    p = multiprocessing.Process(target=work, args=(tlock, "a:b,c%d"))
    p.start()
    p.join()
