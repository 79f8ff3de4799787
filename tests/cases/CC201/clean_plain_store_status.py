"""A trap: worker threads publish their state with plain stores — a module global
`last_heartbeat` and one dict item per worker in `status`.

No finding: each store (`x = value`, `d[k] = value`) is atomic under the GIL and does not read
the old value, so no update can be lost; the last writer simply wins. Plain stores are not
flagged.
"""
import threading
import time

last_heartbeat = 0.0
status = {}


def worker(name, steps):
    global last_heartbeat
    for step in range(steps):
        status[name] = f"step {step}"
        last_heartbeat = time.monotonic()
    status[name] = "done"


def main():
    threads = [threading.Thread(target=worker, args=(f"w{k}", 2000)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(status, last_heartbeat > 0)


if __name__ == "__main__":
    main()
