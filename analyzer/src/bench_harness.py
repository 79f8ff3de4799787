"""concur bench harness: measures one Python interpreter and reports on stdout.

Embedded into the concur binary at build time (analyzer/bench.cmake) and run by `concur bench`
as `PYTHON -I HARNESS.py [options]`. It runs only its own code, never the user's.

The protocol (docs/bench.md) is line-delimited JSON on stdout, one object per line:
  {"type": "hello", ...}        first: the interpreter's version, build, GIL state, start methods
  {"type": "constant", ...}     one measured cost, raw samples in seconds per unit
  {"type": "scaling", ...}      one workload run by one model and worker count, raw samples in s
  {"type": "done", "count": N}  last: N = the number of constant and scaling lines sent
Errors and tracebacks go to stderr, and the exit status is non-zero.

This file must stay importable by every CPython from 3.8 on: start methods other than fork
re-import it in each worker process (as __mp_main__), so all work happens under the main guard.
"""

import argparse
import concurrent.futures as cf
import hashlib
import json
import multiprocessing
import os
import sys
import sysconfig
import threading
import time

PROTOCOL = 1

# Work per task, (full, quick). Sized so a task takes tens of milliseconds (full) on a current
# x86-64 core: large enough that dispatch cost is small, small enough for a short run.
CPU_ITERS = (400_000, 40_000)
HASH_MIB = (32, 2)            # MiB hashed per task, over a 1 MiB buffer (hashlib frees the GIL)
SLEEP_S = (0.02, 0.005)
PAYLOAD_BYTES = (4 << 20, 1 << 20)
TRANSFER_BYTES = (8 << 20, 1 << 20)

_buf = None


def cpu_task(n):
    """GIL-holding work: a pure-Python loop."""
    s = 0
    for i in range(n):
        s += i * i % 7
    return s


def hash_task(mib):
    """GIL-releasing work: sha256 over a 1 MiB buffer (CPython drops the GIL above 2047 bytes)."""
    global _buf
    if _buf is None:
        _buf = bytes(range(256)) * 4096
    h = None
    for _ in range(mib):
        h = hashlib.sha256(_buf).digest()
    return h


def sleep_task(s):
    """A blocking wait."""
    time.sleep(s)
    return s


def payload_task(data):
    """Little work on a large argument (one GIL-holding pass over it): the cost is in moving it."""
    return data.count(b"q")


def noop(*_):
    return None


def echo_child(conn):
    while True:
        obj = conn.recv()
        if obj is None:
            break
        conn.send(len(obj))
    conn.close()


def emit(obj):
    sys.stdout.write(json.dumps(obj, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def hello():
    try:
        gil = sys._is_gil_enabled()  # 3.13+
    except AttributeError:
        gil = None
    methods = multiprocessing.get_all_start_methods()
    return {
        "type": "hello",
        "protocol": PROTOCOL,
        "implementation": sys.implementation.name,
        "version": "%d.%d.%d" % sys.version_info[:3],
        "executable": sys.executable,
        "gil_disabled_build": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
        "gil_enabled": gil,
        "start_methods": methods,
        "default_start_method": multiprocessing.get_start_method(),
        "cpu_count": os.cpu_count(),
    }


class Runner:
    def __init__(self, args):
        self.a = args
        self.q = 1 if args.quick else 0
        self.count = 0

    def samples(self, fn):
        for _ in range(self.a.warmups):
            fn()
        return [fn() for _ in range(self.a.repeats)]

    def constant(self, name, unit, per, fn, **extra):
        obj = {"type": "constant", "name": name, "unit": unit, "per": per,
               "samples": self.samples(fn)}
        obj.update(extra)
        emit(obj)
        self.count += 1

    # ---- constants -------------------------------------------------------------------------

    def thread_start(self):
        n = 20

        def once():
            t0 = time.perf_counter()
            for _ in range(n):
                t = threading.Thread(target=noop)
                t.start()
                t.join()
            return (time.perf_counter() - t0) / n
        self.constant("thread_start", "s", "thread", once)

    def process_start(self, method):
        ctx = multiprocessing.get_context(method)
        # The first forkserver start also starts the server: that is a warm-up, not the cost.
        p = ctx.Process(target=noop)
        p.start()
        p.join()

        def once():
            t0 = time.perf_counter()
            p = ctx.Process(target=noop)
            p.start()
            p.join()
            return time.perf_counter() - t0
        self.constant("process_start." + method, "s", "process", once, start_method=method)

    def transfer_task(self):
        n = 50 if not self.q else 10
        with cf.ProcessPoolExecutor(1) as ex:
            ex.submit(noop).result()

            def once():
                t0 = time.perf_counter()
                for _ in range(n):
                    ex.submit(noop).result()
                return (time.perf_counter() - t0) / n
            self.constant("transfer.task", "s", "task", once,
                          start_method=multiprocessing.get_start_method())

    def transfer_byte(self):
        size = TRANSFER_BYTES[self.q]
        data = b"x" * size
        parent, child = multiprocessing.Pipe()
        p = multiprocessing.Process(target=echo_child, args=(child,))
        p.start()
        try:
            def once():
                t0 = time.perf_counter()
                parent.send(data)
                parent.recv()
                return (time.perf_counter() - t0) / size
            self.constant("transfer.byte", "s", "byte", once, bytes=size)
        finally:
            parent.send(None)
            p.join()

    # ---- scaling ---------------------------------------------------------------------------

    def workloads(self):
        q = self.q
        payload = b"p" * PAYLOAD_BYTES[q]
        return {
            "cpu_gil": (cpu_task, CPU_ITERS[q]),
            "native_nogil": (hash_task, HASH_MIB[q]),
            "wait": (sleep_task, SLEEP_S[q]),
            "payload": (payload_task, payload),
        }

    def scaling(self, name, fn, arg, tasks):
        """Runs every model round-robin, repeat by repeat (the order rotating each round), so that
        drifting machine load falls on all models alike instead of on whichever ran last."""
        args = [arg] * tasks
        method = multiprocessing.get_start_method()

        def timed(call):
            def run():
                t0 = time.perf_counter()
                call()
                return time.perf_counter() - t0
            return run

        configs = [("serial", 1, None, timed(lambda: [fn(x) for x in args]))]
        pools = []
        try:
            # Process pools first: forking after thread pools exist would fork a threaded process.
            for model in ("processes", "threads"):
                for n in self.a.workers:
                    if model == "threads":
                        ex = cf.ThreadPoolExecutor(n)
                    else:
                        ex = cf.ProcessPoolExecutor(
                            n, mp_context=multiprocessing.get_context(method))
                    pools.append(ex)
                    # Start every worker before timing: pool start-up is measured on its own.
                    list(ex.map(noop, range(n * 2)))
                    configs.append((model, n, method if model == "processes" else None,
                                    timed(lambda ex=ex: list(ex.map(fn, args)))))
            samples = [[] for _ in configs]
            for rep in range(self.a.warmups + self.a.repeats):
                for k in range(len(configs)):
                    i = (k + rep) % len(configs)
                    t = configs[i][3]()
                    if rep >= self.a.warmups:
                        samples[i].append(t)
        finally:
            for ex in pools:
                ex.shutdown()
        for (model, n, sm, _), xs in zip(configs, samples):
            emit({"type": "scaling", "workload": name, "tasks": tasks, "model": model,
                  "workers": n, "start_method": sm, "samples": xs})
            self.count += 1


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="concur-bench-harness")
    ap.add_argument("--hello-only", action="store_true")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--warmups", type=int, default=1)
    ap.add_argument("--tasks", type=int, default=0)
    ap.add_argument("--only", default="", help="comma-separated workloads or constants")
    ap.add_argument("--no-constants", action="store_true")
    a = ap.parse_args(argv)
    a.workers = [int(w) for w in a.workers.split(",") if w]
    a.only = set(w for w in a.only.split(",") if w)
    if a.repeats < 1 or a.warmups < 0 or not a.workers or min(a.workers) < 1:
        ap.error("bad --repeats, --warmups or --workers")
    return a


def main(argv):
    a = parse_args(argv)
    h = hello()
    emit(h)
    r = Runner(a)
    if not a.hello_only:
        want = (lambda name: not a.only or name in a.only)
        if not a.no_constants:
            if want("thread_start"):
                r.thread_start()
            for m in h["start_methods"]:
                if want("process_start." + m):
                    r.process_start(m)
            if want("transfer.task"):
                r.transfer_task()
            if want("transfer.byte"):
                r.transfer_byte()
        tasks = a.tasks or max(8, 2 * max(a.workers))
        for name, (fn, arg) in r.workloads().items():
            if want(name):
                r.scaling(name, fn, arg, tasks)
    emit({"type": "done", "count": r.count})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
