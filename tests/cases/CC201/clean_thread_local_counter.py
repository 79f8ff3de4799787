"""A trap: per-thread request counters kept in a `threading.local()` object.

No finding: every thread that touches `ctx.requests` sees its own attribute dictionary of the
thread-local object, so `ctx.requests += 1` updates a per-thread value, like C's `_Thread_local`.
"""
import threading

ctx = threading.local()
per_thread = []


def handle_requests(n):
    ctx.requests = 0
    for _ in range(n):
        ctx.requests += 1
    per_thread.append(ctx.requests)


def main():
    threads = [threading.Thread(target=handle_requests, args=(5000,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(per_thread)


if __name__ == "__main__":
    main()
