#!/usr/bin/env python3
"""Compare concur's wall time and peak memory with tree-sitter's parse-only time, on the same files.

    python3 bench/bench_parse.py [--concur build/concur] [--parse-only build/bench/ts-parse-only]
                                 [--repeat 5] [DIR]

DIR defaults to the running interpreter's standard library. The file list is what
`concur check --show-files DIR` discovers; ts-parse-only reads and parses those files and nothing
else, the least a tree-sitter-based tool can do. Four commands are run round-robin for --repeat
rounds, so that machine noise falls on all of them alike:

    ts-parse-only -j1 LIST
    ts-parse-only -j2 LIST
    concur check -j 1 --fail-on never --format concise DIR      (stdout to /dev/null)
    concur check -j 2 --fail-on never --format concise DIR

Each child's wall time is measured around the process (start to reaped) and its peak RSS is the
child's own ru_maxrss from wait4. The figures are printed, never judged: the exit status is 0 unless
a command could not be run or failed (then 2). See bench/README.md.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# concur lists Python files (*.py and extension-less scripts with a python shebang) and, once its
# C front end is in, C sources; ts-parse-only only has the Python grammar, so those are left out.
C_SUFFIXES = (".c", ".h", ".cc", ".cpp", ".cxx", ".hh", ".hpp", ".hxx", ".m")


class BenchError(Exception):
    """A command could not be run or failed: the benchmark cannot go on."""


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="concur wall time and peak memory versus tree-sitter parse-only time")
    parser.add_argument("--concur", default=os.path.join(REPO, "build", "concur"),
                        help="the concur binary (default: %(default)s)")
    parser.add_argument("--parse-only",
                        default=os.path.join(REPO, "build", "bench", "ts-parse-only"),
                        help="the ts-parse-only binary (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="rounds; each round runs every command once (default: %(default)s)")
    parser.add_argument("--concur-arg", action="append", default=[], metavar="ARG",
                        help="extra argument for `concur check` (repeatable),"
                        " e.g. --concur-arg=--no-cache")
    parser.add_argument("dir", nargs="?", default=sysconfig.get_paths()["stdlib"], metavar="DIR",
                        help="the code to check (default: this interpreter's stdlib, %(default)s)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def describe(argv):
    return " ".join(argv)


def run_captured(argv):
    """Runs argv to completion; returns (exit code, stdout, stderr).

    Raises BenchError if it cannot start.
    """
    try:
        proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    except OSError as exc:
        raise BenchError(f"cannot run {describe(argv)}: {exc}") from exc
    return proc.returncode, proc.stdout, proc.stderr


def timed_run(argv, capture_stdout):
    """Runs argv once; returns (wall s, CPU s, peak RSS KiB, RSS floor KiB, stdout or None).

    The wall time spans process start to reap; the CPU time is the child's user + system time; the
    peak RSS is this child's own (wait4), not the maximum over every child this script has had.
    Linux counts in a child's ru_maxrss the memory of the process it was forked from, as it stood
    at exec: a peak at or below the floor returned (this script's own peak RSS) only says the
    child's true peak is no higher. Raises BenchError when the command fails.
    """
    floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryFile() as err_file:
        stdout = subprocess.PIPE if capture_stdout else subprocess.DEVNULL
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=stdout, stderr=err_file)
        except OSError as exc:
            raise BenchError(f"cannot run {describe(argv)}: {exc}") from exc
        # ts-parse-only prints one short line, well under a pipe's buffer: reading it after the
        # child exits cannot block the child.
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out = proc.stdout.read() if capture_stdout else None
        if proc.stdout:
            proc.stdout.close()
        if proc.returncode != 0:
            err_file.seek(0)
            tail = err_file.read().decode("utf-8", "replace").strip().splitlines()[-20:]
            detail = "\n".join("    " + line for line in tail)
            raise BenchError(f"{describe(argv)} exited with status {proc.returncode}"
                             + (f"; its last stderr lines:\n{detail}" if detail else ""))
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, floor, out


def discover_files(concur, directory):
    code, out, err = run_captured([concur, "check", "--show-files", directory])
    if code != 0:
        message = err.decode("utf-8", "replace").strip()
        raise BenchError(f"`{concur} check --show-files {directory}` exited with status {code}"
                         + (f": {message}" if message else ""))
    paths = [line for line in out.decode("utf-8", "surrogateescape").splitlines() if line.strip()]
    if not paths:
        raise BenchError(f"`{concur} check --show-files {directory}` listed no files")
    return paths


def read_all(paths):
    """Reads every file once (so the timed runs all start from a warm page cache); returns bytes."""
    total = 0
    for path in paths:
        try:
            with open(path, "rb") as f:
                total += len(f.read())
        except OSError as exc:
            raise BenchError(f"cannot read listed file {path}: {exc}") from exc
    return total


def concur_supports(concur, flag):
    """True when `concur check --help` mentions flag (to turn off a result cache if one exists)."""
    try:
        code, out, err = run_captured([concur, "check", "--help"])
    except BenchError:
        return False
    return code == 0 and flag.encode() in out + err


def parse_only_figures(out):
    fields = dict(item.split("=", 1) for item in out.decode().split() if "=" in item)
    try:
        return int(fields["files"]), int(fields["bytes"]), float(fields["seconds"])
    except (KeyError, ValueError) as exc:
        raise BenchError(f"unexpected ts-parse-only output: {out!r}") from exc


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def main(argv):
    args = parse_args(argv)
    for label, path in (("concur", args.concur), ("ts-parse-only", args.parse_only)):
        if not os.access(path, os.X_OK):
            raise BenchError(f"{label} binary not found or not executable: {path}"
                             " (build it: cmake --build build --target concur ts-parse-only)")
    if not os.path.isdir(args.dir):
        raise BenchError(f"not a directory: {args.dir}")

    listed = discover_files(args.concur, args.dir)
    python_files = [p for p in listed if not p.endswith(C_SUFFIXES)]
    others = len(listed) - len(python_files)
    if not python_files:
        raise BenchError(f"concur listed no Python files under {args.dir}")
    total_bytes = read_all(python_files)

    concur_extra = list(args.concur_arg)
    if "--no-cache" not in concur_extra and concur_supports(args.concur, "--no-cache"):
        concur_extra.append("--no-cache")

    cores = len(os.sched_getaffinity(0))
    print(f"machine: {cores} usable cores (os.sched_getaffinity), {os.cpu_count()} online;"
          f" {cpu_model()}")
    code, out, _ = run_captured([args.concur, "--version"])
    version = out.decode(errors="replace").strip() if code == 0 else "version unknown"
    print(f"concur: {args.concur} ({version})")
    print(f"code: {args.dir}")
    print(f"files: {len(python_files)} Python files, {total_bytes / 1e6:.1f} MB"
          f" ({total_bytes} bytes), listed by `concur check --show-files`")
    if others:
        print(f"note: concur also listed {others} C file(s);"
              " ts-parse-only skips them, concur does not")
    if cores < 2:
        print("note: fewer than 2 usable cores, so the -j2 figures cannot show a parallel speed-up")

    with tempfile.NamedTemporaryFile("w", prefix="concur-bench-", suffix=".txt",
                                     encoding="utf-8", errors="surrogateescape") as listing:
        listing.write("\n".join(python_files) + "\n")
        listing.flush()

        concur_tail = ["--fail-on", "never", "--format", "concise", *concur_extra, args.dir]
        commands = [
            ("parse-only -j1", [args.parse_only, "-j1", listing.name], True),
            ("parse-only -j2", [args.parse_only, "-j2", listing.name], True),
            ("concur -j1", [args.concur, "check", "-j", "1", *concur_tail], False),
            ("concur -j2", [args.concur, "check", "-j", "2", *concur_tail], False),
        ]
        for label, argv_, _ in commands:
            print(f"  {label:<15} = {describe(argv_)}")
        print(f"rounds: {args.repeat}, each running every command once (order rotates by round)",
              flush=True)

        walls = {label: [] for label, _, _ in commands}
        cpus = {label: [] for label, _, _ in commands}
        rss = {label: 0 for label, _, _ in commands}
        at_floor = {label: False for label, _, _ in commands}
        for round_index in range(args.repeat):
            shift = round_index % len(commands)
            for label, argv_, is_parse_only in commands[shift:] + commands[:shift]:
                seconds, cpu, maxrss_kib, floor_kib, out = timed_run(
                    argv_, capture_stdout=is_parse_only)
                if is_parse_only:
                    files, nbytes, _ = parse_only_figures(out)
                    if files != len(python_files) or nbytes != total_bytes:
                        raise BenchError(f"{label} parsed files={files} bytes={nbytes}, expected"
                                         f" files={len(python_files)} bytes={total_bytes}")
                walls[label].append(seconds)
                cpus[label].append(cpu)
                if maxrss_kib >= rss[label]:
                    at_floor[label] = maxrss_kib <= floor_kib
                    rss[label] = maxrss_kib
                print(f"  round {round_index + 1}/{args.repeat}: {label:<15} {seconds:8.3f} s"
                      f"  cpu {cpu:8.3f} s  {maxrss_kib / 1024:8.1f} MiB",
                      file=sys.stderr, flush=True)

    base = statistics.median(walls["parse-only -j1"])
    print()
    print(f"{'command':<16} {'median s':>9} {'min s':>9} {'max s':>9} {'peak RSS MiB':>13}"
          f" {'vs parse-only -j1':>18} {'CPU s':>8}")
    for label, _, _ in commands:
        times = walls[label]
        med = statistics.median(times)
        peak = ("<=" if at_floor[label] else "") + f"{rss[label] / 1024:.1f}"
        print(f"{label:<16} {med:9.3f} {min(times):9.3f} {max(times):9.3f} {peak:>13}"
              f" {med / base:17.2f}x {statistics.median(cpus[label]):8.3f}")
    print("(seconds are wall time; CPU s is the median user + system time,\n"
          " which other load on the machine disturbs less)")
    if any(at_floor.values()):
        print("(<=: at or below this script's own peak RSS, which Linux counts into every\n"
              " child's ru_maxrss; the child's true peak is no higher)")
    print()
    j1 = statistics.median(walls["concur -j1"]) / base
    j2 = statistics.median(walls["concur -j2"]) / base
    print(f"concur -j1 / parse-only -j1 = {j1:.2f}x (target <= 1.30)")
    print(f"concur -j2 / parse-only -j1 = {j2:.2f}x (target < 1.00)")
    print(f"parsed: {len(python_files)} files, {total_bytes / 1e6:.1f} MB per run;"
          f" throughput parse-only -j1 {total_bytes / 1e6 / base:.1f} MB/s,"
          f" concur -j1 {total_bytes / 1e6 / statistics.median(walls['concur -j1']):.1f} MB/s")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BenchError as exc:
        print(f"bench_parse.py: {exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
