"""`concur check --verify` end to end: verdicts in every report format, with a fake interpreter
(tests/bench/fake_verify_python.py) whose fixed answers make the verdicts certain, and with the
real interpreter under a budget too small to run anything. Timings are never asserted.

Usage: python3 tests/cli/test_verify.py PATH/TO/concur
"""
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

CONCUR = None

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "bench"))
import bench_lsp  # noqa: E402  (the LSP client of the benchmark)
HERE = os.path.dirname(os.path.abspath(__file__))
FAKE_SRC = os.path.join(HERE, "..", "bench", "fake_verify_python.py")
SCHEMA = os.path.join(HERE, "..", "..", "docs", "schema", "concur-report-v1.schema.json")
# Run under /usr/bin/python3 (Debian's python3-jsonschema, as test_report_json_sarif.py does).
VALIDATOR = r"""
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
v = jsonschema.validators.validator_for(schema)(schema)
doc = json.load(sys.stdin)
errs = ["%s: %s" % ("/".join(map(str, e.absolute_path)), e.message) for e in v.iter_errors(doc)]
print("\n".join(errs))
sys.exit(1 if errs else 0)
"""

# CPU-bound Python in a thread pool: the advice is threads -> processes.
CPU_THREADS = '''\
from concurrent.futures import ThreadPoolExecutor


def crunch(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def main():
    with ThreadPoolExecutor(max_workers=4) as ex:
        return list(ex.map(crunch, [2_000_000] * 64))


if __name__ == "__main__":
    print(main())
'''


class Verify(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.fake = os.path.join(self.tmp.name, "fake_python.py")
        shutil.copy(FAKE_SRC, self.fake)
        os.chmod(self.fake, os.stat(self.fake).st_mode | stat.S_IXUSR)
        self.src = os.path.join(self.tmp.name, "crunch.py")
        with open(self.src, "w") as f:
            f.write(CPU_THREADS)
        self.specs = os.path.join(self.tmp.name, "specs")
        self.cache = os.path.join(self.tmp.name, "cache")

    def tearDown(self):
        self.tmp.cleanup()

    def check(self, mode, *args, python=None):
        env = dict(os.environ, FAKE_VERIFY_MODE=mode, FAKE_VERIFY_SPECS=self.specs,
                   XDG_CACHE_HOME=self.cache)
        return subprocess.run([CONCUR, "check", "--python-exe", python or self.fake,
                               "--verify-repeats", "3", *args, self.src],
                              capture_output=True, text=True, timeout=120, env=env)

    def advice_json(self, mode, *args):
        r = self.check(mode, "--verify", "--format", "json", *args)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        doc = json.loads(r.stdout)
        self.assertEqual(len(doc["advice"]), 1)
        return doc["advice"][0], r

    def test_confirmed_in_text(self):
        r = self.check("processes-fast", "--verify")
        self.assertIn(r.returncode, (0, 1), r.stderr)
        self.assertIn("threads -> processes", r.stdout)
        self.assertIn("= verify: confirmed (processes vs threads: 2.50x", r.stdout)
        self.assertIn("3 repeats", r.stdout)
        self.assertIn("verify 1/1", r.stderr)  # progress on stderr

    def test_confirmed_in_json(self):
        a, _ = self.advice_json("processes-fast")
        v = a["verification"]
        self.assertEqual(v["status"], "confirmed")
        self.assertEqual(v["mode"], "synthetic")
        self.assertEqual(v["compared_with"], "threads")
        self.assertEqual(v["repeats"], 3)
        self.assertAlmostEqual(v["ratio"], 2.5, places=6)
        self.assertGreater(v["interval"][0], 1)
        self.assertEqual([r["model"] for r in v["runs"]], ["serial", "threads", "processes"])
        self.assertEqual(v["runs"][0]["speedup"], 1)
        # 64 tasks of 2*10^6 iterations is minutes of work: scaled down, and said so.
        sc = v["scaling"]
        self.assertTrue(sc["scaled"])
        self.assertEqual(sc["site_tasks"], 64)
        self.assertLess(sc["measured_tasks"] * sc["work_per_task"], 64)
        self.assertIn("scaled down", v["note"])
        # The plan reached the harness, workers capped to the usable cores (CONCUR_CORES=2).
        with open(self.specs) as f:
            specs = [json.loads(line) for line in f]
        self.assertEqual(len(specs), 3)  # one fresh process per repeat
        self.assertEqual(specs[0]["tasks"], sc["measured_tasks"])
        self.assertEqual(specs[0]["workers"], 2)
        self.assertEqual(specs[0]["models"], ["serial", "threads", "processes"])
        self.assertGreater(specs[0]["steps"], 0)

    def hover_at_map(self, text):
        """Opens self.src with `text` in `concur lsp` and returns the hover markdown at the
        `ex.map(` call (the spawn site)."""
        line = next(i for i, l in enumerate(text.splitlines()) if "ex.map(" in l)
        col = text.splitlines()[line].index("ex.map(") + 3
        s = bench_lsp.Server(CONCUR, env=dict(os.environ, XDG_CACHE_HOME=self.cache))
        try:
            s.start_and_open(self.tmp.name, self.src, text)
            res = s.request("textDocument/hover", {"textDocument": {"uri": "file://" + self.src},
                                                   "position": {"line": line, "character": col}})
            self.assertEqual(s.stop(), 0)
        finally:
            if s.p.poll() is None:
                s.p.kill()
        return res["contents"]["value"] if res else ""

    def test_verdict_reaches_the_editor_hover_until_the_shape_changes(self):
        before = self.hover_at_map(CPU_THREADS)
        self.assertIn("concur advice: processes", before)
        self.assertNotIn("benchmark on this machine", before)  # nothing measured yet
        r = self.check("processes-fast", "--verify")
        self.assertIn(r.returncode, (0, 1), r.stderr)
        files = os.listdir(os.path.join(self.cache, "concur"))
        self.assertEqual(len([f for f in files if f.startswith("verdict-")]), 1, files)
        after = self.hover_at_map(CPU_THREADS)
        self.assertIn("**benchmark on this machine:** confirmed (processes vs threads: 2.50x",
                      after)
        # More tasks is another shape: the old verdict is not shown for it.
        changed = self.hover_at_map(CPU_THREADS.replace("[2_000_000] * 64", "[2_000_000] * 65"))
        self.assertIn("concur advice: processes", changed)
        self.assertNotIn("benchmark on this machine", changed)

    def run_mode_case(self, items):
        """A thread pool mapping `touch` over `items` (Python source); touch appends to the
        marker file named in each item. Returns (verification, marker path)."""
        marker = os.path.join(self.tmp.name, "marker")
        src = os.path.join(self.tmp.name, "touchy.py")
        with open(src, "w") as f:
            f.write(
                "import sys\n"
                "from concurrent.futures import ThreadPoolExecutor\n\n"
                "MARKER = %r\n\n\n"
                "def touch(path):\n"
                "    with open(path, 'a') as f:\n"
                "        f.write('x')\n\n\n"
                "def main():\n"
                "    with ThreadPoolExecutor(max_workers=2) as ex:\n"
                "        return list(ex.map(touch, %s))\n\n\n"
                "if __name__ == '__main__':\n"
                "    main()\n" % (marker, items))
        return marker, src

    def run_verify(self, src, *args):
        env = dict(os.environ, XDG_CACHE_HOME=self.cache)
        r = subprocess.run([CONCUR, "check", "--format", "json", "--verify-repeats", "2",
                            "--fail-on", "never", *args, src],
                           capture_output=True, text=True, timeout=180, env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        doc = json.loads(r.stdout)
        self.assertEqual(len(doc["advice"]), 1, doc["advice"])
        return doc["advice"][0]["verification"]

    def test_verify_run_calls_the_users_function_on_literal_arguments(self):
        marker, src = self.run_mode_case("[MARKER] * 4")
        v = self.run_verify(src, "--verify=run")
        self.assertEqual(v["mode"], "run")
        self.assertIn("ran `touchy.touch` itself on the call's literal arguments (4 of 4 tasks)",
                      v["note"])
        self.assertEqual([r["model"] for r in v["runs"]], ["serial", "threads", "processes"])
        # 2 repeats x 3 models x (warm-up + timed run) x 4 tasks, each appending one byte
        with open(marker) as f:
            self.assertEqual(len(f.read()), 2 * 3 * 2 * 4)

    def test_plain_verify_never_runs_the_users_code(self):
        marker, src = self.run_mode_case("[MARKER] * 4")
        v = self.run_verify(src, "--verify")
        self.assertEqual(v["mode"], "synthetic")
        self.assertFalse(os.path.exists(marker))

    def test_verify_run_without_literal_arguments_measures_the_shape(self):
        marker, src = self.run_mode_case("sys.argv")
        v = self.run_verify(src, "--verify=run")
        self.assertIn("not run as written (the call's arguments are not literals)", v["note"])
        self.assertFalse(os.path.exists(marker))

    def test_refuted(self):
        a, _ = self.advice_json("serial-fast")
        self.assertEqual(a["verification"]["status"], "refuted")
        self.assertLess(a["verification"]["interval"][1], 1)

    def test_inconclusive_when_equal(self):
        a, _ = self.advice_json("same")
        self.assertEqual(a["verification"]["status"], "inconclusive")

    def test_harness_failure_is_inconclusive_with_reason(self):
        for mode, words in (("crash", "the harness failed"),
                            ("malformed", "broke the protocol")):
            a, _ = self.advice_json(mode)
            v = a["verification"]
            self.assertEqual(v["status"], "inconclusive", mode)
            self.assertIsNone(v["ratio"])
            self.assertEqual(v["runs"], [])
            self.assertIn(words, v["note"])

    def test_budget_kills_a_hung_harness(self):
        a, _ = self.advice_json("hang", "--verify-budget", "2")
        v = a["verification"]
        self.assertEqual(v["status"], "inconclusive")
        self.assertIn("time budget ran out", v["note"])

    def test_sarif_and_html_and_concise(self):
        r = self.check("processes-fast", "--verify", "--format", "sarif")
        doc = json.loads(r.stdout)
        ca = [x for x in doc["runs"][0]["results"] if x["ruleId"] == "CA001"]
        self.assertEqual(ca[0]["properties"]["verification"]["status"], "confirmed")
        r = self.check("processes-fast", "--verify", "--format", "html")
        self.assertIn("<th>Verified</th>", r.stdout)
        self.assertIn('<span class="badge verdict confirmed">confirmed</span>', r.stdout)
        self.assertIn('class="vbars"', r.stdout)
        r = self.check("processes-fast", "--verify", "--advice", "--format", "concise")
        self.assertIn("[verify: confirmed]", r.stdout)

    def test_without_verify_nothing_runs(self):
        r = self.check("processes-fast", "--format", "json")
        doc = json.loads(r.stdout)
        self.assertIsNone(doc["advice"][0]["verification"])
        self.assertFalse(os.path.exists(self.specs))
        r = self.check("processes-fast", "--format", "html")
        self.assertNotIn("Verified", r.stdout)

    def test_real_interpreter_with_no_budget(self):
        # 10 ms for the whole run: no site gets a share worth starting, so nothing is measured,
        # whatever the machine's speed.
        r = self.check("same", "--verify", "--verify-budget", "0.01", "--format", "json",
                       python=sys.executable)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        v = json.loads(r.stdout)["advice"][0]["verification"]
        self.assertEqual(v["status"], "inconclusive")
        self.assertIn("time budget ran out", v["note"])

    def test_json_matches_schema(self):
        for mode, extra in (("processes-fast", ()), ("crash", ()), ("hang", ("--verify-budget", "1"))):
            r = self.check(mode, "--verify", "--format", "json", *extra)
            v = subprocess.run(["/usr/bin/python3", "-c", VALIDATOR, SCHEMA], input=r.stdout,
                               capture_output=True, text=True, timeout=60)
            self.assertEqual(v.returncode, 0, mode + ": " + v.stdout + v.stderr)

    def test_usage_errors(self):
        r = self.check("same", "--verify=fast")
        self.assertEqual(r.returncode, 2)
        r = self.check("same", "--verify", python="/nonexistent/python3")
        self.assertEqual(r.returncode, 2)
        self.assertIn("no such executable", r.stderr)
        r = self.check("same", "--verify", "--verify-budget", "-1")
        self.assertEqual(r.returncode, 2)


if __name__ == "__main__":
    CONCUR = os.path.abspath(sys.argv.pop(1))
    unittest.main()
