#!/usr/bin/env python3
"""The analysis core's share of concur's run time (issue: analyses may add at most 50 % over
parsing).

Usage: bench/bench_core.py CONCUR [--repeat N] [--c-dir DIR --compile-commands DIR] [PY_DIR]

For each corpus it runs `concur check -j1 --timings` (one thread) and prints the medians of the
phases that --timings reports, all from the same runs: parsing (front ends, with the per-file IR
build), linking and lowering, the analyses (points-to, call graph, thread model, locksets), the
rules, and the effects/advice; then the analyses' share of the parsing time. PY_DIR defaults to the installed standard library;
the C corpus defaults to concur's own sources with build/compile_commands.json.
"""
import os
import re
import statistics
import subprocess
import sys
import sysconfig
import time

TIMINGS_RE = re.compile(r"parse\+lower=([\d.]+)s analyse=([\d.]+)s")
PHASES_RE = re.compile(r"link\+lower ([\d.]+)s, analyses ([\d.]+)s, rules ([\d.]+)s, "
                       r"advice ([\d.]+)s")


def run(cmd):
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t
    m, p = TIMINGS_RE.search(r.stderr), PHASES_RE.search(r.stderr)
    if r.returncode not in (0, 1) or not m or not p:
        sys.exit("bench_core: %s failed (%d): %s" % (" ".join(cmd), r.returncode, r.stderr[-400:]))
    return (wall, float(m.group(1))) + tuple(float(x) for x in p.groups())


def measure(concur, paths, extra, repeat):
    cmd = [concur, "check", "-j1", "--timings", "--fail-on", "never", "--format", "concise"] + \
        extra + paths
    runs = [run(cmd) for _ in range(repeat)]
    return tuple(statistics.median(r[i] for r in runs) for i in range(6))


def report(title, m):
    wall, parse, link, an, rules, advice = m
    print(title)
    print(f"  wall {wall:7.2f} s = parse {parse:6.2f} s + link/lower {link:6.2f} s + "
          f"analyses {an:6.2f} s + rules {rules:6.2f} s + advice {advice:6.2f} s (+ I/O, report)")
    print(f"  analyses (points-to, call graph, threads, locksets) = {an / parse * 100:5.1f} % of "
          f"parsing (target <= 50 %); with the rules: {(an + rules) / parse * 100:5.1f} %")


def main():
    args = sys.argv[1:]
    if not args or args[0] in ("-h", "--help"):
        sys.exit(__doc__)
    concur = os.path.abspath(args.pop(0))
    repeat, c_dir, cc_dir = 3, None, None
    while args and args[0].startswith("--"):
        opt = args.pop(0)
        if opt == "--repeat":
            repeat = int(args.pop(0))
        elif opt == "--c-dir":
            c_dir = args.pop(0)
        elif opt == "--compile-commands":
            cc_dir = args.pop(0)
        else:
            sys.exit("bench_core: unknown option " + opt)
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    py = args or [sysconfig.get_paths()["stdlib"]]
    c_dir = c_dir or os.path.join(here, "analyzer")
    cc_dir = cc_dir or os.path.join(here, "build")
    print(f"concur: {concur}; medians of {repeat} runs each, one thread")
    report("Python: " + " ".join(py), measure(concur, py, [], repeat))
    report(f"C: {c_dir} (flags from {cc_dir}/compile_commands.json)",
           measure(concur, [c_dir], ["--compile-commands", cc_dir], repeat))


if __name__ == "__main__":
    main()
