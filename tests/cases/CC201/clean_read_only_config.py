"""A trap: a configuration dict loaded before the threads start and only READ by them.

No finding: nobody writes `CONFIG` while the threads run; reads do not conflict with reads. The
per-thread results go to lists the threads own (`out`, one per thread).
"""
import threading

CONFIG = {"timeout": 5, "retries": 3, "hosts": ["a.example", "b.example"]}


def probe(out):
    for _ in range(2000):
        for host in CONFIG["hosts"]:
            out.append((host, CONFIG["timeout"] * CONFIG["retries"]))


def main():
    outs = [[] for _ in range(3)]
    threads = [threading.Thread(target=probe, args=(out,)) for out in outs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(sum(len(out) for out in outs))


if __name__ == "__main__":
    main()
