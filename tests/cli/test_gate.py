"""The CI gate: suppressions, baselines, --output, --diff and --fail-on, end to end.

Usage: python3 tests/cli/test_gate.py PATH/TO/concur
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

CONCUR = None

APP = """from multiprocessing import Pool


def main(xs):
    with Pool() as pool:
        a = pool.map(lambda x: x, xs)
        b = pool.map(abs, xs)
    return a, b


if __name__ == "__main__":
    main([1])
"""


def run(*args, cwd):
    return subprocess.run([CONCUR, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def findings(out):
    return re.findall(r"^(\S+?):(\d+):(\d+): \w+\[(CC\d+)\]", out, re.M)


class Gate(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, rel, text):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return path

    def check(self, *args):
        return run("check", "--format", "concise", *args, ".", cwd=self.root)

    # ---- suppressions ----------------------------------------------------------------------
    def test_suppression_forms(self):
        self.write("s.py", APP.replace("a = pool.map(lambda x: x, xs)",
                                       "a = pool.map(lambda x: x, xs)  # concur: ignore[CC302]"))
        r = self.check()
        self.assertEqual(r.returncode, 0, r.stdout)
        self.write("s.py", APP.replace("        a = pool.map(lambda x: x, xs)",
                                       "        # concur: ignore[CC302]\n"
                                       "        a = pool.map(lambda x: x, xs)"))
        self.assertEqual(self.check().returncode, 0)
        self.write("s.py", APP.replace("a = pool.map(lambda x: x, xs)",
                                       "a = pool.map(lambda x: x, xs)  # concur: ignore"))
        self.assertEqual(self.check().returncode, 0)
        # another code does not silence it, and a trailing comment on the line above does not
        self.write("s.py", APP.replace("a = pool.map(lambda x: x, xs)",
                                       "a = pool.map(lambda x: x, xs)  # concur: ignore[CC303]"))
        self.assertEqual([f[3] for f in findings(self.check().stdout)], ["CC302"])
        self.write("s.py", APP.replace("        a = pool.map(lambda x: x, xs)",
                                       "        y = 1  # concur: ignore[CC302]\n"
                                       "        a = pool.map(lambda x: x, xs)"))
        self.assertEqual([f[3] for f in findings(self.check().stdout)], ["CC302"])
        # inside a string it is not a suppression
        self.write("s.py", APP.replace("a = pool.map(lambda x: x, xs)",
                                       "a = pool.map(lambda x: x, xs, '# concur: ignore')"))
        self.assertEqual([f[3] for f in findings(self.check().stdout)], ["CC302"])

    def test_suppressed_count_and_unused(self):
        self.write("s.py", APP.replace("a = pool.map(lambda x: x, xs)",
                                       "a = pool.map(lambda x: x, xs)  # concur: ignore[CC302]")
                   .replace("b = pool.map(abs, xs)", "b = pool.map(abs, xs)  # concur: ignore[CC302]"))
        r = run("check", ".", cwd=self.root)
        self.assertIn("1 suppressed by comments", r.stdout)
        r = self.check("--report-unused-suppressions")
        self.assertEqual(findings(r.stdout), [("s.py", "7", "34", "CC001")], r.stdout)
        self.assertEqual(r.returncode, 1)

    # ---- baseline ---------------------------------------------------------------------------
    def test_baseline_round_trip(self):
        self.write("app.py", APP)
        r = self.check("--write-baseline", "base.json", "--fail-on", "never")
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(os.path.join(self.root, "base.json")) as f:
            base = json.load(f)
        self.assertEqual(base["concur-baseline"], 1)
        self.assertEqual([x["code"] for x in base["findings"]], ["CC302"])
        self.assertRegex(base["findings"][0]["fingerprint"], r"^v1:[0-9a-f]{16}$")
        # known findings stay quiet
        self.assertEqual(self.check("--baseline", "base.json").returncode, 0)
        # shifting lines and editing elsewhere keeps them known
        self.write("app.py", '"""Docs."""\nimport os\n\n\n' + APP.replace("b = pool.map(abs, xs)",
                   "b = pool.map(abs, xs)\n        c = os.getpid()"))
        r = self.check("--baseline", "base.json")
        self.assertEqual(r.returncode, 0, r.stdout)
        # a new finding fails, alone
        self.write("app.py", APP.replace("b = pool.map(abs, xs)", "b = pool.map(lambda y: y, xs)"))
        r = self.check("--baseline", "base.json")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(findings(r.stdout), [("app.py", "7", "22", "CC302")], r.stdout)

    def test_baseline_bytes_are_stable_and_sorted(self):
        self.write("b.py", APP)
        self.write("a.py", APP)
        self.check("--write-baseline", "one.json", "--fail-on", "never")
        self.check("--write-baseline", "two.json", "--fail-on", "never", "-j1")
        with open(os.path.join(self.root, "one.json"), "rb") as f1, \
                open(os.path.join(self.root, "two.json"), "rb") as f2:
            one, two = f1.read(), f2.read()
        self.assertEqual(one, two)
        paths = [x["path"] for x in json.loads(one)["findings"]]
        self.assertEqual(paths, sorted(paths))
        fps = [x["fingerprint"] for x in json.loads(one)["findings"]]
        self.assertEqual(len(set(fps)), 2)  # the same statement in two files: two identities

    def test_identical_statements_get_ordinals(self):
        self.write("d.py", APP.replace("b = pool.map(abs, xs)", "a = pool.map(lambda x: x, xs)"))
        self.check("--write-baseline", "base.json", "--fail-on", "never")
        with open(os.path.join(self.root, "base.json")) as f:
            fps = [x["fingerprint"] for x in json.load(f)["findings"]]
        self.assertEqual(len(fps), 2)
        self.assertNotEqual(fps[0], fps[1])

    def test_bad_baselines(self):
        self.write("app.py", APP)
        r = self.check("--baseline", "missing.json")
        self.assertEqual(r.returncode, 2)
        self.assertIn("missing.json", r.stderr)
        self.write("bad.json", "{not json")
        r = self.check("--baseline", "bad.json")
        self.assertEqual(r.returncode, 2)
        self.assertIn("bad.json:1:", r.stderr)
        self.write("other.json", '{"version": 3}')
        r = self.check("--baseline", "other.json")
        self.assertEqual(r.returncode, 2)
        self.assertIn("not a concur baseline", r.stderr)
        r = self.check("--write-baseline", "no/such/dir/b.json")
        self.assertEqual(r.returncode, 2)
        self.assertIn("does not exist", r.stderr)

    # ---- output -----------------------------------------------------------------------------
    def test_output_file(self):
        self.write("app.py", APP)
        r = self.check("--output", "report.txt")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stdout, "")
        with open(os.path.join(self.root, "report.txt")) as f:
            self.assertIn("CC302", f.read())
        leftovers = [n for n in os.listdir(self.root) if n.startswith(".concur-")]
        self.assertEqual(leftovers, [])
        r = self.check("-o", "missing/report.txt")
        self.assertEqual(r.returncode, 2)
        self.assertIn("missing", r.stderr)
        self.assertIn("does not exist", r.stderr)

    # ---- --diff -----------------------------------------------------------------------------
    def git(self, *args):
        subprocess.run(["git", *args], cwd=self.root, check=True, capture_output=True)

    def test_diff(self):
        self.git("init", "-q")
        self.git("config", "user.email", "t@example.invalid")
        self.git("config", "user.name", "t")
        self.write("pkg/__init__.py", "")
        self.write("pkg/lib.py", "from multiprocessing import Pool\n\n\ndef run(xs):\n"
                                 "    with Pool() as p:\n        return p.map(abs, xs)\n")
        self.write("main.py", "from pkg.lib import run\n\nrun([1])\n")
        self.write("other.py", APP.replace('if __name__ == "__main__":\n    main([1])', "main([1])"))
        self.git("add", "-A")
        self.git("commit", "-qm", "init")
        everything = findings(self.check().stdout)
        self.assertEqual(sorted(f[3] for f in everything), ["CC302", "CC303", "CC303"])
        self.assertEqual(findings(self.check("--diff", "HEAD").stdout), [])
        # a change in a module that main.py imports brings main.py's finding back
        with open(os.path.join(self.root, "pkg/lib.py"), "a") as f:
            f.write("# edited\n")
        self.assertEqual(findings(self.check("--diff", "HEAD").stdout),
                         [("main.py", "3", "1", "CC303")])
        self.git("checkout", "-q", "pkg/lib.py")
        # a new, untracked file counts as changed
        self.write("new.py", APP.replace("b = pool.map(abs, xs)", "b = 1"))
        self.assertEqual([f[0] for f in findings(self.check("--diff", "HEAD").stdout)],
                         ["new.py"])
        r = self.check("--diff", "no-such-revision")
        self.assertEqual(r.returncode, 2)
        self.assertIn("no-such-revision", r.stderr)

    def test_diff_outside_git(self):
        self.write("app.py", APP)
        r = self.check("--diff", "HEAD")
        self.assertEqual(r.returncode, 2)
        self.assertIn("git", r.stderr)


if __name__ == "__main__":
    CONCUR = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=1)
