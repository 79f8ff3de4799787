#!/usr/bin/env python3
"""Time from an edit to its diagnostics in `concur lsp`, on a generated 2,000-line Python file.

    python3 bench/bench_lsp.py [--concur build/concur] [--lines 2000] [--edits 50]
                               [--workspace-files 0 [--linked]]
    python3 bench/bench_lsp.py --workspace DIR --file REL [--edits 50]

The script starts the language server, opens the generated file (worker functions, thread and
process pools, locks, a racy counter: the analyses have work to do), waits for its first
diagnostics, then sends --edits incremental didChange notifications one at a time. Each edit
alternates the racy line between `counter += 1` (a CC201 finding) and a guarded form (no finding),
so every edit changes the diagnostics; the time measured is from writing the didChange to reading
the publishDiagnostics of that document version. With --workspace-files N, the workspace also
holds N other generated modules read from disk. They do not import the edited file, so the
server keeps their programs across edits (each group of linked files is a program of its own);
with --linked the edited file imports them all, which makes one group: every edit then runs the
whole workspace again, the worst case.

With --workspace DIR --file REL the workspace is a real folder: REL (a file in it) is opened and
each edit adds or removes a comment line at its end; the time is the same, edit to diagnostics.
The server's log gives the number of groups and how many each edit ran again (printed).

It prints the median, minimum and maximum, and the target (<= 50 ms). The figures are printed,
never judged: the exit status is 0 unless the server could not be run or answered wrongly (2).
See bench/README.md.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET_MS = 50.0


class BenchError(Exception):
    """The server could not be run or answered wrongly."""


def generate(lines):
    """A Python module of about `lines` lines; returns (text, line index of the racy statement)."""
    head = [
        "import threading",
        "from concurrent.futures import ThreadPoolExecutor, ProcessPoolExecutor",
        "",
        "counter = 0",
        "lock = threading.Lock()",
        "",
        "",
        "def racy(n):",
        "    global counter",
        "    for _ in range(n):",
        "        counter += 1",
        "",
        "",
    ]
    racy_line = 10
    out = list(head)
    i = 0
    while len(out) < lines - 12:
        out += [
            f"def work_{i}(items, scale={i}):",
            "    total = 0",
            "    for x in items:",
            "        if x % 3 == 0:",
            "            total += x * scale",
            "        else:",
            "            total -= x",
            "    with lock:",
            "        total += 1",
            "    return total",
            "",
            "",
        ]
        i += 1
    out += [
        "def main():",
        "    threads = [threading.Thread(target=racy, args=(1000,)) for _ in range(4)]",
        "    for t in threads:",
        "        t.start()",
        "    with ThreadPoolExecutor(4) as ex:",
        f"        print(sum(ex.map(work_{max(i - 1, 0)}, [range(10)] * 8)))",
        "    for t in threads:",
        "        t.join()",
        "",
        "",
        'if __name__ == "__main__":',
        "    main()",
    ]
    return "\n".join(out) + "\n", racy_line


class Server:
    """A client of `concur lsp` (also used by tests/lsp/compare_check.py and
    tests/cli/test_verify.py); env: the server's environment (default: this one's)."""

    def __init__(self, binary, env=None):
        # The log (--verbose) goes to a file: its last analysis line is printed at the end.
        self.log = tempfile.TemporaryFile()
        self.p = subprocess.Popen([binary, "lsp", "--stdio", "--verbose"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=self.log, env=env)
        self.next_id = 0

    def last_analysis(self):
        self.log.seek(0)
        lines = [ln for ln in self.log.read().decode(errors="replace").splitlines()
                 if "analysis:" in ln]
        return lines[-1].split("analysis: ", 1)[1] if lines else "(no analysis logged)"

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise BenchError("the server closed its output")
            line = line.strip()
            if not line:
                break
            k, _, v = line.partition(b":")
            if k.lower() == b"content-length":
                length = int(v)
        return json.loads(self.p.stdout.read(length))

    def request(self, method, params):
        self.next_id += 1
        rid = self.next_id
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        while True:
            m = self.read()
            if m.get("id") == rid and "method" not in m:
                if "error" in m:
                    raise BenchError(f"{method}: {m['error']}")
                return m.get("result")
            self.answer(m)

    def answer(self, m):
        # Requests from the server (configuration, registration) get a plain answer.
        if "method" in m and "id" in m:
            result = [{}] if m["method"] == "workspace/configuration" else None
            self.send({"jsonrpc": "2.0", "id": m["id"], "result": result})

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_diagnostics(self, uri, version):
        while True:
            m = self.read()
            if m.get("method") == "textDocument/publishDiagnostics":
                p = m["params"]
                if p["uri"] == uri and p.get("version") == version:
                    return p["diagnostics"]
            else:
                self.answer(m)

    def start_and_open(self, ws, path, text):
        """Initializes with workspace folder ws and opens path with text; returns its first
        diagnostics and the milliseconds from the open to them."""
        self.request("initialize", {"processId": os.getpid(), "rootUri": "file://" + ws,
                                    "capabilities": {"workspace": {"configuration": True}}})
        self.notify("initialized", {})
        t0 = time.perf_counter()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": "file://" + path, "languageId": "c" if path.endswith((".c", ".h")) else "python",
            "version": 1, "text": text}})
        first = self.wait_diagnostics("file://" + path, 1)
        return first, (time.perf_counter() - t0) * 1e3

    def stop(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        return self.p.wait(timeout=30)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--concur", default=os.path.join(REPO, "build", "concur"))
    ap.add_argument("--lines", type=int, default=2000)
    ap.add_argument("--edits", type=int, default=50)
    ap.add_argument("--workspace-files", type=int, default=0)
    ap.add_argument("--linked", action="store_true",
                    help="the edited file imports every workspace module (one group)")
    ap.add_argument("--workspace", help="a real folder as the workspace (with --file)")
    ap.add_argument("--file", help="the file of --workspace to edit")
    args = ap.parse_args()
    if not os.path.exists(args.concur):
        raise BenchError(f"{args.concur} not found: build concur first (or give --concur)")
    if args.workspace or args.file:
        if not (args.workspace and args.file):
            raise BenchError("--workspace and --file go together")
        return real_workspace(args)
    text, racy = generate(args.lines)
    guarded = "        with lock:\n            counter += 1"
    with tempfile.TemporaryDirectory() as ws:
        ws = os.path.realpath(ws)
        for k in range(args.workspace_files):
            other, _ = generate(args.lines)
            with open(os.path.join(ws, f"mod_{k}.py"), "w") as f:
                f.write(other.replace("counter += 1", "counter = 1"))
        if args.linked:
            text += "".join(f"import mod_{k}\n" for k in range(args.workspace_files))
        path = os.path.join(ws, "big.py")
        with open(path, "w") as f:
            f.write(text)
        uri = "file://" + path
        s = Server(args.concur)
        first, open_ms = s.start_and_open(ws, path, text)
        if not any(d["code"] == "CC201" for d in first):
            raise BenchError(f"expected a CC201 finding on open, got {first}")
        times = []
        version = 1
        racy_state = True
        for _ in range(args.edits):
            version += 1
            if racy_state:
                change = {"range": {"start": {"line": racy, "character": 0},
                                    "end": {"line": racy, "character": 20}}, "text": guarded}
            else:
                change = {"range": {"start": {"line": racy, "character": 0},
                                    "end": {"line": racy + 1, "character": 24}},
                          "text": "        counter += 1"}
            t = time.perf_counter()
            s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                "contentChanges": [change]})
            diags = s.wait_diagnostics(uri, version)
            times.append((time.perf_counter() - t) * 1e3)
            racy_state = not racy_state
            has = any(d["code"] == "CC201" for d in diags)
            if has != racy_state:
                raise BenchError(f"edit {version}: CC201 {'missing' if racy_state else 'still there'}")
        last = s.last_analysis()
        rc = s.stop()
        if rc != 0:
            raise BenchError(f"the server exited with {rc}")
    extra = ""
    if args.workspace_files:
        extra = f" (+{args.workspace_files} workspace files{', all imported by it' if args.linked else ''})"
    report(f"a {text.count(chr(10))}-line file{extra}", times, open_ms, last)
    return 0


def report(what, times, open_ms, last):
    """Prints the figures of one run."""
    print(f"concur lsp: edit -> diagnostics on {what}, {len(times)} edits")
    print(f"  median {statistics.median(times):.1f} ms   min {min(times):.1f} ms   "
          f"max {max(times):.1f} ms   (target <= {TARGET_MS:.0f} ms; first diagnostics after "
          f"open: {open_ms:.1f} ms)")
    print(f"  last edit: {last}")


def real_workspace(args):
    ws = os.path.realpath(args.workspace)
    path = os.path.realpath(os.path.join(ws, args.file))
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if not text.endswith("\n"):
        text += "\n"
    nlines = text.count("\n")
    uri = "file://" + path
    s = Server(args.concur)
    _, open_ms = s.start_and_open(ws, path, text)
    comment = "// edit\n" if path.endswith((".c", ".h")) else "# edit\n"
    times = []
    for version in range(2, args.edits + 2):
        if version % 2 == 0:
            rng = {"start": {"line": nlines, "character": 0}, "end": {"line": nlines, "character": 0}}
            new = comment
        else:
            rng = {"start": {"line": nlines, "character": 0},
                   "end": {"line": nlines + 1, "character": 0}}
            new = ""
        t = time.perf_counter()
        s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                            "contentChanges": [{"range": rng, "text": new}]})
        s.wait_diagnostics(uri, version)
        times.append((time.perf_counter() - t) * 1e3)
    last = s.last_analysis()
    rc = s.stop()
    if rc != 0:
        raise BenchError(f"the server exited with {rc}")
    report(f"{args.file} ({nlines} lines) in {ws}", times, open_ms, last)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (BenchError, OSError, subprocess.SubprocessError) as e:
        print(f"bench_lsp: {e}", file=sys.stderr)
        sys.exit(2)
