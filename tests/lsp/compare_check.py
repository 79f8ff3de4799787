#!/usr/bin/env python3
"""The language server's findings on a folder against `concur check`'s on the same folder.

    python3 tests/lsp/compare_check.py CONCUR FOLDER [FOLDER ...] [--edit FILE]

The server analyses each group of linked files as a program of its own, so that an edit re-runs
only its group (docs/lsp.md); `concur check` analyses every file as one program. Their findings
must be the same. For each folder, this opens the folder as the workspace, runs the
"Analyse workspace" command, collects every file's published diagnostics and compares them
(file, line, rule, message) with the findings and problems of `concur check --format json`.
With --edit FILE (a file in the folder), it then opens that file, appends a comment line, and
compares again: the other groups keep their programs, and nothing may differ.

Prints the counts and each difference; exits 1 when any folder differs, 2 when the server or
the CLI could not be run. Nothing in the folders is written to.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from urllib.parse import quote, unquote, urlparse


sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "bench"))
import bench_lsp  # noqa: E402  (the benchmark's LSP client)

Failure = bench_lsp.BenchError


class Server(bench_lsp.Server):
    """The benchmark's client, keeping the last diagnostics published for every URI."""

    def __init__(self, binary):
        super().__init__(binary)
        self.diags = {}

    def read(self):
        m = super().read()
        if m.get("method") == "textDocument/publishDiagnostics":
            self.diags[m["params"]["uri"]] = m["params"]
        return m

    def pump(self):
        """Reads one message, answering it when it is a request of the server's."""
        self.answer(self.read())


def uri_of(path):
    return "file://" + quote(path)


def path_of(uri):
    return unquote(urlparse(uri).path)


def server_findings(s):
    out = set()
    for uri, p in s.diags.items():
        for d in p["diagnostics"]:
            first = d["message"].split("\nhelp: ")[0]
            out.add((path_of(uri), d["range"]["start"]["line"] + 1, d["code"], first))
    return out


def check_findings(concur, folder):
    r = subprocess.run([concur, "check", "--format", "json", "--fail-on", "never",
                        folder], capture_output=True, text=True, cwd=folder)
    if r.returncode != 0:
        raise Failure(f"concur check {folder} exited {r.returncode}: {r.stderr[-2000:]}")
    doc = json.loads(r.stdout)
    out = set()
    for f in doc["findings"] + doc.get("problems", []):
        path = f["path"] if os.path.isabs(f["path"]) else os.path.join(folder, f["path"])
        out.add((os.path.realpath(path), f.get("line", 1), f["code"], f["message"]))
    return out


def report(label, lsp, cli):
    only_lsp, only_cli = lsp - cli, cli - lsp
    print(f"  {label}: server {len(lsp)}, check {len(cli)}, "
          f"only in the server {len(only_lsp)}, only in check {len(only_cli)}")
    for t in sorted(only_lsp)[:20]:
        print(f"    server only: {t[0]}:{t[1]} {t[2]} {t[3][:100]}")
    for t in sorted(only_cli)[:20]:
        print(f"    check only:  {t[0]}:{t[1]} {t[2]} {t[3][:100]}")
    return not only_lsp and not only_cli


def settle(s, seconds=0.3):
    """Reads what the server publishes until it has been quiet for a moment."""
    import select
    while True:
        r, _, _ = select.select([s.p.stdout], [], [], seconds)
        if not r:
            return
        s.pump()


def compare(concur, folder, edit):
    folder = os.path.realpath(folder)
    cli = check_findings(concur, folder)
    s = Server(concur)
    try:
        s.request("initialize", {"processId": os.getpid(), "rootUri": uri_of(folder),
                                 "workspaceFolders": [{"uri": uri_of(folder), "name": "w"}],
                                 "capabilities": {"workspace": {"configuration": True}}})
        s.notify("initialized", {})
        t = time.perf_counter()
        s.request("workspace/executeCommand", {"command": "concur.lsp.analyseWorkspace"})
        took = time.perf_counter() - t
        print(f"{folder}: workspace analysed in {took:.1f} s")
        ok = report("after the workspace command", server_findings(s), cli)
        if edit:
            path = os.path.realpath(os.path.join(folder, edit))
            with open(path, encoding="utf-8", errors="surrogateescape") as f:
                text = f.read()
            uri = uri_of(path)
            s.notify("textDocument/didOpen", {"textDocument": {
                "uri": uri, "languageId": "c" if path.endswith((".c", ".h")) else "python",
                "version": 1, "text": text}})
            lines = text.count("\n")
            comment = "// edited\n" if path.endswith((".c", ".h")) else "# edited\n"
            s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                                "contentChanges": [{"range": {
                                                    "start": {"line": lines, "character": 0},
                                                    "end": {"line": lines, "character": 0}},
                                                    "text": comment}]})
            while s.diags.get(uri, {}).get("version") != 2:
                s.pump()
            settle(s)
            ok &= report(f"after an edit of {edit}", server_findings(s), cli)
        code = s.stop()
        if code != 0:
            raise Failure(f"the server exited {code}")
        return ok
    finally:
        if s.p.poll() is None:
            s.p.kill()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("concur")
    ap.add_argument("folders", nargs="+")
    ap.add_argument("--edit", help="a file of the (last) folder to edit after the first pass")
    a = ap.parse_args()
    try:
        ok = True
        for i, folder in enumerate(a.folders):
            ok &= compare(os.path.realpath(a.concur), folder,
                          a.edit if i == len(a.folders) - 1 else None)
    except Failure as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print("same findings" if ok else "DIFFERENT findings")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
