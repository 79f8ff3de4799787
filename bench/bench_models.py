#!/usr/bin/env python3
"""Threads versus processes on this machine: the comparison behind concur's advice.

Rows: GIL-holding CPU work, GIL-releasing native work (hashlib.sha256 over 1 MiB buffers),
blocking waits (time.sleep), a large payload with little work. Columns: serial, 2 threads,
2 processes, 4 threads, 4 processes, as speedups over serial (ratio of medians) with 95%
percentile-bootstrap intervals (2000 resamples, fixed seed).

Every repeat is a fresh interpreter running concur's own harness (analyzer/src/bench_harness.py,
the script `concur bench` embeds) for one workload: one warm-up, then one timed run per model, so
each model's samples come from separate processes. Prints figures; asserts nothing.

Usage: python3 bench/bench_models.py [--python PYTHON] [--repeats N] [--quick]
"""
import argparse
import json
import os
import random
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
HARNESS = os.path.join(HERE, "..", "analyzer", "src", "bench_harness.py")
WORKLOADS = [
    ("cpu_gil", "GIL-holding CPU work (Python loop)"),
    ("native_nogil", "GIL-releasing native work (sha256, 1 MiB)"),
    ("wait", "blocking waits (time.sleep)"),
    ("payload", "large payload (4 MiB/task), little work"),
]
COLUMNS = [("threads", 2), ("processes", 2), ("threads", 4), ("processes", 4)]


def median(xs):
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def quantile(sorted_xs, q):
    h = q * (len(sorted_xs) - 1)
    i = int(h)
    if i + 1 >= len(sorted_xs):
        return sorted_xs[-1]
    return sorted_xs[i] + (h - i) * (sorted_xs[i + 1] - sorted_xs[i])


def ratio_ci(base, other, resamples=2000, conf=0.95, seed=1):
    """Ratio of medians base/other with a percentile-bootstrap interval (as bench_stats.c)."""
    rng = random.Random(seed)
    stats = sorted(median(rng.choices(base, k=len(base))) /
                   median(rng.choices(other, k=len(other))) for _ in range(resamples))
    a = (1 - conf) / 2
    return median(base) / median(other), quantile(stats, a), quantile(stats, 1 - a)


def run_once(python, workload, quick):
    argv = [python, "-I", "-B", HARNESS, "--no-constants", "--only", workload, "--workers", "2,4",
            "--repeats", "1", "--warmups", "1"] + (["--quick"] if quick else [])
    r = subprocess.run(argv, capture_output=True, text=True, timeout=600)
    if r.returncode:
        sys.exit("harness failed:\n" + r.stderr)
    hello, samples = None, {}
    for line in r.stdout.splitlines():
        obj = json.loads(line)
        if obj["type"] == "hello":
            hello = obj
        elif obj["type"] == "scaling":
            samples[(obj["model"], obj["workers"])] = obj["samples"][0]
    return hello, samples


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--repeats", type=int, default=7, help="fresh processes per workload")
    ap.add_argument("--quick", action="store_true", help="the harness's small work sizes")
    a = ap.parse_args()

    hello = None
    results = {}
    for name, _ in WORKLOADS:
        per = {}
        for rep in range(a.repeats):
            print("  %s: repeat %d/%d" % (name, rep + 1, a.repeats), file=sys.stderr)
            hello, s = run_once(a.python, name, a.quick)
            for k, v in s.items():
                per.setdefault(k, []).append(v)
        results[name] = per

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print("threads vs processes on this machine: %s %s%s, GIL %s, start method %s, %d usable "
          "cores" % (hello["implementation"], hello["version"],
                     "t" if hello["gil_disabled_build"] else "",
                     "disabled" if hello["gil_enabled"] is False else "enabled",
                     hello["default_start_method"], cores))
    print("speedup over serial (ratio of medians) [95%% bootstrap interval], %d fresh-process "
          "repeats each, %s\n" % (a.repeats, time.strftime("%Y-%m-%d %H:%M")))
    w0 = 44
    head = "%-*s %-16s" % (w0, "workload", "serial") + "".join(
        "%-22s" % ("%d %s" % (n, m)) for m, n in COLUMNS)
    head = head.rstrip()
    print(head)
    print("-" * len(head))
    for name, label in WORKLOADS:
        per = results[name]
        serial = per[("serial", 1)]
        row = "%-*s %-16s" % (w0, label, "1.00x (%.0f ms)" % (median(serial) * 1e3))
        for m, n in COLUMNS:
            p, lo, hi = ratio_ci(serial, per[(m, n)])
            row += "%-22s" % ("%.2fx [%.2f, %.2f]" % (p, lo, hi))
        print(row.rstrip())


if __name__ == "__main__":
    main()
