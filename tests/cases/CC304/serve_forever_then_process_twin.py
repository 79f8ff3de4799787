"""A status HTTP server runs in a thread while jobs run in spawned processes.

Under the spawn start method each child is a fresh interpreter: nothing is forked."""
import http.server
import multiprocessing
import threading


def crunch(n):
    return sum(i * i for i in range(n))


def main():
    multiprocessing.set_start_method("spawn")
    server = http.server.HTTPServer(("127.0.0.1", 8080), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    procs = [multiprocessing.Process(target=crunch, args=(10**6,)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    server.shutdown()


if __name__ == "__main__":
    main()
