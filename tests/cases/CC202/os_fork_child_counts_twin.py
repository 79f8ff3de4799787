"""A server counts served requests in a global; the requests are served in threads, which update
the parent's own counter."""
import threading

served = 0
lock = threading.Lock()


def serve_one(n):
    global served
    with lock:
        served += 1
    print("request", n)


def main():
    for n in range(3):
        t = threading.Thread(target=serve_one, args=(n,))
        t.start()
        t.join()
    print("served", served)


if __name__ == "__main__":
    main()
