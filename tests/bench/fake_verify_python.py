#!/usr/bin/env python3
"""A fake Python interpreter for tests of `concur check --verify`: it speaks the verify harness
protocol (docs/bench.md) without measuring anything, so verdicts are fixed by FAKE_VERIFY_MODE.

Called by concur as: fake_verify_python.py -I -B HARNESS.py --spec JSON --round K
Modes (median seconds of serial, threads, processes; each repeat varies them by a few percent):
  processes-fast  1.0, 1.0, 0.4      serial-fast  0.1, 0.3, 0.6      same  1.0, 1.0, 1.0
  crash           a traceback and exit status 1
  malformed       a line that is not JSON
  hang            hello, then sleeps forever
Each run appends its --spec to FAKE_VERIFY_SPECS when set.
"""
import json
import os
import sys
import time

MODE = os.environ.get("FAKE_VERIFY_MODE", "processes-fast")
TIMES = {"processes-fast": (1.0, 1.0, 0.4), "serial-fast": (0.1, 0.3, 0.6),
         "same": (1.0, 1.0, 1.0)}


def out(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main(argv):
    args = argv[argv.index("-B") + 2:]
    spec = json.loads(args[args.index("--spec") + 1])
    rnd = int(args[args.index("--round") + 1])
    if os.environ.get("FAKE_VERIFY_SPECS"):
        with open(os.environ["FAKE_VERIFY_SPECS"], "a") as f:
            f.write(json.dumps(spec) + "\n")
    if MODE == "crash":
        sys.stderr.write("Traceback (most recent call last):\nRuntimeError: fake harness crashed\n")
        return 1
    if MODE == "malformed":
        sys.stdout.write("this is not json\n")
        return 0
    out({"type": "hello", "protocol": 1, "implementation": "cpython", "version": "3.13.1",
         "executable": "/opt/fake/bin/python", "start_methods": ["fork", "spawn", "forkserver"],
         "default_start_method": "fork"})
    if MODE == "hang":
        time.sleep(3600)
    jitter = 1 + 0.02 * ((rnd * 5) % 7 - 3)
    count = 0
    for model, t in zip(("serial", "threads", "processes"), TIMES.get(MODE, TIMES["same"])):
        if model in spec["models"]:
            out({"type": "sample", "model": model,
                 "workers": 1 if model == "serial" else spec["workers"], "seconds": t * jitter})
            count += 1
    out({"type": "done", "count": count})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
