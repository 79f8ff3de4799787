#!/usr/bin/env python3
"""A fake Python interpreter for tests of `concur bench`: it speaks the harness protocol
(docs/bench.md) without measuring anything, and pretends to be the interpreter named by
FAKE_PYTHON_MODE, or breaks the protocol in the way that mode names.

Called by concur as: fake_python.py -I -B HARNESS.py [--hello-only] [--quick] [--workers 1,2] ...
Modes:
  3.13t        free-threaded 3.13 with the GIL disabled (sys._is_gil_enabled() is False)
  3.13t-gil    free-threaded 3.13 with the GIL re-enabled
  3.14         3.14, whose default start method on Linux is forkserver
  malformed    a line that is not JSON        no-hello   a measurement before the hello line
  no-done      stops before the done line     bad-count  a done line with the wrong count
  bad-samples  a negative sample              no-serial  a workload without its serial run
  bad-hello    a hello line without "version" crash     a traceback and exit status 1
  hang         hello, then sleeps forever     unknown-type  a line of an unknown type
Every run that measures (not --hello-only) appends a line to FAKE_PYTHON_COUNTER when set.
"""
import json
import os
import sys
import time

MODE = os.environ.get("FAKE_PYTHON_MODE", "3.13t")


def out(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def hello():
    ft = MODE.startswith("3.13t")
    h = {
        "type": "hello",
        "protocol": 1,
        "implementation": "cpython",
        "version": "3.14.0" if MODE == "3.14" else "3.13.1",
        "executable": "/opt/fake/bin/python",
        "gil_disabled_build": ft,
        "gil_enabled": (MODE == "3.13t-gil") if ft else True,
        "start_methods": ["fork", "spawn", "forkserver"],
        "default_start_method": "forkserver" if MODE == "3.14" else "fork",
        "cpu_count": 2,
    }
    if MODE == "bad-hello":
        del h["version"]
    return h


def main(argv):
    args = argv[argv.index("-B") + 2:] if "-B" in argv else argv[1:]
    h = hello()
    if MODE == "crash":
        sys.stderr.write("Traceback (most recent call last):\nRuntimeError: fake harness crashed\n")
        return 1
    if MODE == "no-hello":
        out({"type": "constant", "name": "thread_start", "unit": "s", "per": "thread",
             "samples": [1e-4]})
    out(h)
    if "--hello-only" in args:
        out({"type": "done", "count": 0})
        return 0
    counter = os.environ.get("FAKE_PYTHON_COUNTER")
    if counter:
        with open(counter, "a") as f:
            f.write("run\n")
    if MODE == "hang":
        time.sleep(3600)
    workers = [1, 2]
    if "--workers" in args:
        workers = [int(w) for w in args[args.index("--workers") + 1].split(",")]
    n = 0
    if MODE == "malformed":
        sys.stdout.write("{this is not json\n")
    if MODE == "unknown-type":
        out({"type": "progress", "pct": 50})
    for name, per, base in (("thread_start", "thread", 8e-5), ("transfer.task", "task", 2e-4),
                            ("transfer.byte", "byte", 2e-9)):
        out({"type": "constant", "name": name, "unit": "s", "per": per,
             "samples": [base * (1 + 0.01 * i) for i in range(3)]})
        n += 1
    for m in h["start_methods"]:
        out({"type": "constant", "name": "process_start." + m, "unit": "s", "per": "process",
             "start_method": m, "samples": [0.002, 0.0021, 0.0022]})
        n += 1
    free = h["gil_disabled_build"] and not h["gil_enabled"]
    for wl in ("cpu_gil", "native_nogil", "wait", "payload"):
        if MODE != "no-serial":
            samples = [0.4, 0.41, 0.42]
            if MODE == "bad-samples":
                samples = [0.4, -1.0, 0.42]
            out({"type": "scaling", "workload": wl, "tasks": 8, "model": "serial", "workers": 1,
                 "start_method": None, "samples": samples})
            n += 1
        for model in ("threads", "processes"):
            for w in workers:
                scale = w if (model == "processes" or free or wl != "cpu_gil") else 1
                out({"type": "scaling", "workload": wl, "tasks": 8, "model": model, "workers": w,
                     "start_method": h["default_start_method"] if model == "processes" else None,
                     "samples": [0.4 / scale * (1 + 0.02 * i) for i in range(3)]})
                n += 1
        if MODE == "no-done":
            return 0
    out({"type": "done", "count": n + (1 if MODE == "bad-count" else 0)})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
