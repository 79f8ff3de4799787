"""Parallel grep: a nested function counts matches in a `nonlocal` variable of its enclosing call.

No race: the closure also captures `lock`, created once per `count_matches` call, and all four
threads increment `matches` inside `with lock:`.
"""
import threading


def count_matches(lines, pattern, nthreads=4):
    matches = 0
    lock = threading.Lock()

    def scan(chunk):
        nonlocal matches
        for line in chunk:
            if pattern in line:
                with lock:
                    matches += 1

    chunks = [lines[i::nthreads] for i in range(nthreads)]
    threads = [threading.Thread(target=scan, args=(chunk,)) for chunk in chunks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return matches


if __name__ == "__main__":
    log = [f"GET /item/{i} {'ERROR' if i % 7 == 0 else 'OK'}" for i in range(10000)]
    print(count_matches(log, "ERROR"))
