"""concur verify harness: one repeat of a micro-benchmark of the same shape as a spawn site.

Embedded into the concur binary at build time (analyzer/bench.cmake) and run by
`concur check --verify` as `PYTHON -I -B HARNESS.py --spec JSON --round K`, once per repeat, each
time in a fresh process. It runs only its own code, never the user's, unless the spec has a `run`
object (`concur check --verify=run`, which the user asks for by name): then each task calls the
user's function `qualname` of `module` (imported with `path` first on sys.path, so the module's
top-level code runs) with one of `args`, a list of Python literal sources per task, read with
ast.literal_eval.

The spec (docs/bench.md, "concur check --verify") gives the shape of one task: `steps` GIL-holding
steps (a pure-Python loop, the same as `concur bench`'s cpu_gil work: 6 steps per iteration),
`native` bytes hashed with sha256 (which releases the GIL above 2047 bytes), `wait` seconds of
time.sleep (below 200 us: os.stat calls for that long), a `payload` of that many bytes sent with each task and a `result` of that many bytes
sent back; and the site: `tasks`, `workers`, `chunksize`, `start_method` (null: the default), and
the `models` to run ("serial", "threads", "processes").

Each model runs once as a warm-up, then once timed, in an order rotated by --round so that drift
falls on all models alike. A timed run is what the site costs: creating the pool, mapping the
tasks over it, and shutting it down.

The protocol is line-delimited JSON on stdout:
  {"type": "hello", "protocol": 1, "version": "3.11.7", ...}
  {"type": "sample", "model": "threads", "workers": 2, "seconds": 0.0123}   one per model
  {"type": "done", "count": N}
"""

import ast
import concurrent.futures as cf
import importlib
import hashlib
import json
import multiprocessing
import os
import sys
import time

PROTOCOL = 1
STEPS_PER_ITER = 6  # the same loop as concur bench's cpu_task, which the cost model calibrates
SHORT_WAIT_S = 200e-6  # waits below this are system calls, not sleeps (see task)

_buf = None


def task(spec):
    """One task of the site's shape. spec = (iters, native, wait, result, payload)."""
    global _buf
    iters, native, wait, result, _payload = spec
    s = 0
    for i in range(iters):
        s += i * i % 7
    if native > 0:
        if _buf is None or len(_buf) < min(native, 1 << 20):
            _buf = bytes(range(256)) * ((min(native, 1 << 20) + 255) // 256)
        left = native
        while left > 0:
            n = min(left, len(_buf))
            hashlib.sha256(_buf if n == len(_buf) else memoryview(_buf)[:n]).digest()
            left -= n
    if wait >= SHORT_WAIT_S:
        time.sleep(wait)
    elif wait > 0:
        # A sleep this short takes tens of microseconds whatever it asks for; short blocking
        # calls are mostly cached system calls, so make some (each releases the GIL).
        end = time.perf_counter() + wait
        while time.perf_counter() < end:
            os.stat(".")
    return b"r" * result if result > 0 else s


_user = {}


def user_task(item):
    """One task of --verify=run: the user's function on one argument list. Module level, so that
    process pools pickle it by name; the function is imported once per process."""
    path, module, qualname, args = item
    key = (path, module, qualname)
    fn = _user.get(key)
    if fn is None:
        if path not in sys.path:
            sys.path.insert(0, path)
        fn = importlib.import_module(module)
        for part in qualname.split("."):
            fn = getattr(fn, part)
        _user[key] = fn
    return fn(*args)


def quiet_timers():
    """Linux rounds every sleep up by the thread's timer slack (50 us by default), which would
    make the short waits of a site (a stat call, a small read) ten times longer than they are.
    Threads and processes created afterwards inherit the setting. Best effort."""
    try:
        import ctypes
        ctypes.CDLL(None).prctl(29, 1, 0, 0, 0)  # PR_SET_TIMERSLACK, 1 ns
    except Exception:
        pass


def emit(obj):
    sys.stdout.write(json.dumps(obj, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def main(argv):
    spec = None
    rnd = 0
    hello_only = False
    i = 0
    while i < len(argv):
        if argv[i] == "--spec" and i + 1 < len(argv):
            spec = json.loads(argv[i + 1])
            i += 2
        elif argv[i] == "--round" and i + 1 < len(argv):
            rnd = int(argv[i + 1])
            i += 2
        elif argv[i] == "--hello-only":
            hello_only = True
            i += 1
        else:
            sys.stderr.write("concur-verify-harness: bad argument %r\n" % argv[i])
            return 2
    emit({"type": "hello", "protocol": PROTOCOL, "implementation": sys.implementation.name,
          "version": "%d.%d.%d" % sys.version_info[:3], "executable": sys.executable,
          "start_methods": multiprocessing.get_all_start_methods(),
          "default_start_method": multiprocessing.get_start_method()})
    if hello_only:
        emit({"type": "done", "count": 0})
        return 0
    if spec is None:
        sys.stderr.write("concur-verify-harness: --spec is required\n")
        return 2
    quiet_timers()
    iters = int(spec["steps"]) // STEPS_PER_ITER
    payload = b"p" * int(spec["payload"])
    one = (iters, int(spec["native"]), float(spec["wait"]), int(spec["result"]), payload)
    args = [one] * int(spec["tasks"])
    run_task = task
    user = spec.get("run")
    if user:
        where = (user["path"], user["module"], user["qualname"])
        args = [where + (tuple(ast.literal_eval(a) for a in one_args),)
                for one_args in user["args"]]
        run_task = user_task
    workers = int(spec["workers"])
    chunk = max(1, int(spec["chunksize"]))
    method = spec.get("start_method")

    def serial():
        return [run_task(a) for a in args]

    def threads():
        with cf.ThreadPoolExecutor(workers) as ex:
            return list(ex.map(run_task, args))

    def processes():
        ctx = multiprocessing.get_context(method)
        with cf.ProcessPoolExecutor(workers, mp_context=ctx) as ex:
            return list(ex.map(run_task, args, chunksize=chunk))

    runs = {"serial": (1, serial), "threads": (workers, threads),
            "processes": (workers, processes)}
    models = [m for m in spec["models"] if m in runs]
    for m in models:  # warm-up: imports, the hash buffer, the forkserver
        runs[m][1]()
    count = 0
    for k in range(len(models)):
        m = models[(k + rnd) % len(models)]
        t0 = time.perf_counter()
        runs[m][1]()
        dt = time.perf_counter() - t0
        emit({"type": "sample", "model": m, "workers": runs[m][0], "seconds": max(dt, 1e-9)})
        count += 1
    emit({"type": "done", "count": count})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
