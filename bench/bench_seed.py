#!/usr/bin/env python3
"""The seed's comparison, measured on this machine through `concur check --verify`'s harness.

Rows: GIL-holding CPU work, GIL-releasing native work (hashlib.sha256 over large buffers),
blocking waits, a large payload with little work. Columns: serial, 2 threads, 2 processes,
4 threads, 4 processes, as speedups over serial (ratio of medians) with 95% percentile-bootstrap
intervals (2000 resamples, fixed seed).

Unlike bench/bench_models.py (which runs `concur bench`'s harness, with warm pools), every cell
here is a site as `concur check --verify` measures it: the embedded verify harness
(analyzer/src/verify_harness.py) given the shape of a spawn site (steps, native bytes, wait
seconds, payload bytes per task; tasks; workers), timing the pool's start, the map and the
shutdown, one fresh interpreter per repeat. So the table also shows that the harness's stand-ins
for each kind of work behave as the advice assumes. Prints figures; asserts nothing.

Usage: python3 bench/bench_seed.py [--python PYTHON] [--repeats N] [--scale F]
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench_models import median, ratio_ci  # noqa: E402  (same statistics as bench_stats.c)

HARNESS = os.path.join(HERE, "..", "analyzer", "src", "verify_harness.py")

# Per-task shapes, as a site's cost summary would give them; 16 tasks per run.
TASKS = 16
ROWS = [
    ("GIL-holding CPU work (Python loop)", dict(steps=3_000_000)),            # ~30-60 ms a task
    ("GIL-releasing native work (sha256)", dict(native=32 << 20)),            # ~20-40 ms a task
    ("blocking waits (time.sleep 20 ms)", dict(wait=0.02)),
    ("large payload (8 MiB/task), little work", dict(payload=8 << 20, steps=60_000)),  # ~1 ms
]
COLUMNS = [("threads", 2), ("processes", 2), ("threads", 4), ("processes", 4)]


def spec_for(shape, workers, scale):
    s = {"steps": 0, "native": 0, "wait": 0.0, "payload": 0, "result": 0, "tasks": TASKS,
         "workers": workers, "chunksize": 1, "start_method": None,
         "models": ["serial", "threads", "processes"]}
    for k, v in shape.items():
        s[k] = type(v)(v * scale) if k != "payload" else v
    return s


def run_once(python, spec, rnd):
    argv = [python, "-I", "-B", HARNESS, "--spec", json.dumps(spec), "--round", str(rnd)]
    r = subprocess.run(argv, capture_output=True, text=True, timeout=600)
    if r.returncode:
        sys.exit("harness failed:\n" + r.stderr)
    hello, out = None, {}
    for line in r.stdout.splitlines():
        obj = json.loads(line)
        if obj["type"] == "hello":
            hello = obj
        elif obj["type"] == "sample":
            out[obj["model"]] = obj["seconds"]
    return hello, out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--repeats", type=int, default=5, help="fresh processes per cell")
    ap.add_argument("--scale", type=float, default=1.0, help="work per task (not payloads)")
    a = ap.parse_args()

    hello = None
    table = []
    for label, shape in ROWS:
        serial, cells = [], {}
        for model, n in COLUMNS:
            if (model, n) in cells:
                continue
            spec = spec_for(shape, n, a.scale)
            spec["models"] = ["serial", "threads", "processes"]
            for rep in range(a.repeats):
                print("  %s, %d workers: repeat %d/%d" % (label, n, rep + 1, a.repeats),
                      file=sys.stderr)
                hello, s = run_once(a.python, spec, rep)
                serial.append(s["serial"])
                cells.setdefault(("threads", n), []).append(s["threads"])
                cells.setdefault(("processes", n), []).append(s["processes"])
        table.append((label, serial, cells))

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print("serial vs threads vs processes on this machine: %s %s, start method %s, %d usable "
          "cores" % (hello["implementation"], hello["version"], hello["default_start_method"],
                     cores))
    print("%d tasks per run, pool start and shutdown included; speedup over serial (ratio of "
          "medians) [95%% bootstrap interval]; %d fresh-process repeats per cell; %s\n"
          % (TASKS, a.repeats, time.strftime("%Y-%m-%d %H:%M")))
    w0 = 42
    head = ("%-*s %-16s" % (w0, "work", "serial") +
            "".join("%-26s" % ("%d %s" % (n, m)) for m, n in COLUMNS)).rstrip()
    print(head)
    print("-" * len(head))
    for label, serial, cells in table:
        row = "%-*s %-16s" % (w0, label, "1.00x (%.0f ms)" % (median(serial) * 1e3))
        for m, n in COLUMNS:
            p, lo, hi = ratio_ci(serial, cells[(m, n)])
            fmt = "%.2fx [%.2f, %.2f]" if lo >= 0.1 else "%.2gx [%.2g, %.2g]"
            row += "%-25s " % (fmt % (p, lo, hi))
        print(row.rstrip())


if __name__ == "__main__":
    main()
