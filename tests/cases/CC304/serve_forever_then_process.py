"""A status HTTP server runs in a thread while jobs run in forked processes.

`serve_forever` is a library function running in its own thread; set_start_method("fork")
makes every Process.start() fork this multi-threaded process."""
import http.server
import multiprocessing
import threading


def crunch(n):
    return sum(i * i for i in range(n))


def main():
    multiprocessing.set_start_method("fork")
    server = http.server.HTTPServer(("127.0.0.1", 8080), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    procs = [multiprocessing.Process(target=crunch, args=(10**6,)) for _ in range(4)]
    for p in procs:
        p.start()  # expect: CC304 "chosen in the code"
    for p in procs:
        p.join()
    server.shutdown()


if __name__ == "__main__":
    main()
