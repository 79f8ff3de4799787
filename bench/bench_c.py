#!/usr/bin/env python3
"""Benchmark: concur's C front end against Debian's clang 19 `-fsyntax-only` on the same
translation units with the same flags, in one run. Prints figures; asserts nothing about time.

Usage: python3 bench/bench_c.py PATH/TO/concur [DIR_OR_FILES...] [--repeat N]
Without paths it generates a set of units (tests' generator: loops, structs, calls, pthreads).
The compiler is clang-19, /usr/lib/llvm-19/bin/clang, or $CLANG; when only another clang is
installed it is used and its version printed (the comparison is then only indicative).
Both sides get the flags concur uses without a compilation database: -xc -std=gnu17 -I<dir> -w.
Figures: wall time for clang run serially over the units (one process per unit, as a build does)
and concur `dump-ir --no-lower` with -j1 semantics (one worker) and with every usable core.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def find_clang():
    for c in (os.environ.get("CLANG"), "clang-19", "/usr/lib/llvm-19/bin/clang", "clang"):
        if c and (shutil.which(c) or os.path.exists(c)):
            return shutil.which(c) or c
    return None


def gen_units(d, n=24):
    paths = []
    for u in range(n):
        lines = ["#include <pthread.h>", "#include <stdio.h>", "#include <string.h>",
                 "#include <stdlib.h>", "struct item%d { int id; long v[8]; };" % u]
        for i in range(300):
            lines.append(
                "static long f%d_%d(struct item%d *it, int n) { long s = 0; "
                "for (int k = 0; k < n; k++) { s += it->v[k %% 8] * k; if (s > 1000) break; } "
                "switch (n) { case 1: s++; case 2: s--; break; default: s *= 2; } return s; }"
                % (u, i, u))
        lines.append("int main%d(void) { struct item%d it; memset(&it, 0, sizeof it); "
                     "return (int)f%d_0(&it, 8); }" % (u, u, u))
        p = os.path.join(d, "u%02d.c" % u)
        with open(p, "w") as f:
            f.write("\n".join(lines) + "\n")
        paths.append(p)
    return paths


def timed(cmd, cwd=None):
    t = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - t, r


def main():
    args = sys.argv[1:]
    repeat = 3
    if "--repeat" in args:
        i = args.index("--repeat")
        repeat = int(args[i + 1])
        del args[i:i + 2]
    if not args:
        sys.exit(__doc__)
    concur = os.path.abspath(args[0])
    tmp = None
    units = []
    for p in args[1:]:
        if os.path.isdir(p):
            for root, _, files in os.walk(p):
                units += [os.path.join(root, f) for f in files if f.endswith(".c")]
        else:
            units.append(p)
    if not units:
        tmp = tempfile.mkdtemp()
        units = gen_units(tmp)
    units = sorted(os.path.abspath(u) for u in units)
    clang = find_clang()
    print("units: %d (%.1f MB)" % (len(units), sum(os.path.getsize(u) for u in units) / 1e6))
    if clang:
        v = subprocess.run([clang, "--version"], capture_output=True, text=True).stdout
        print("compiler: %s (%s)" % (clang, v.splitlines()[0] if v else "?"))
    else:
        print("compiler: none found (install clang-19); concur figures only")
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    results = {}
    for _ in range(repeat):
        if clang:
            t = time.perf_counter()
            for u in units:
                subprocess.run([clang, "-fsyntax-only", "-xc", "-std=gnu17",
                                "-I" + os.path.dirname(u), "-w", u], capture_output=True)
            results.setdefault("clang -fsyntax-only (serial)", []).append(
                time.perf_counter() - t)
        for jobs in sorted({1, 2, cores}):
            t, r = timed([concur, "check", "-j", str(jobs), "--format", "concise", *units])
            results.setdefault("concur check -j%d" % jobs, []).append(t)
    base = None
    for name, ts in results.items():
        med = statistics.median(ts)
        if base is None and name.startswith("clang"):
            base = med
        ratio = " (%.2fx clang)" % (med / base) if base else ""
        print("%-34s median %.3f s over %d runs%s" % (name, med, len(ts), ratio))
    if tmp:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
