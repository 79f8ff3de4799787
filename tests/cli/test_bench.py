"""`concur bench` end to end with a fake interpreter (tests/bench/fake_python.py) that speaks the
harness protocol: the 3.13t (free-threaded, GIL disabled) and 3.14 (forkserver default) paths,
the cache, and every way the protocol can break. Timings are never asserted.

Usage: python3 tests/cli/test_bench.py PATH/TO/concur
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
HERE = os.path.dirname(os.path.abspath(__file__))
FAKE_SRC = os.path.join(HERE, "..", "bench", "fake_python.py")


def bench_supported():
    r = subprocess.run([CONCUR, "bench", "--help"], capture_output=True, text=True, timeout=30)
    return r.returncode == 0 and "--python-exe" in r.stdout


class Bench(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not bench_supported():
            raise unittest.SkipTest("`concur bench` is not wired into main.c yet")

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.cache = os.path.join(self.tmp.name, "cache")
        # A copy with the executable bit, whatever the checkout did with file modes.
        self.fake = os.path.join(self.tmp.name, "fake_python.py")
        shutil.copy(FAKE_SRC, self.fake)
        os.chmod(self.fake, os.stat(self.fake).st_mode | stat.S_IXUSR)
        self.counter = os.path.join(self.tmp.name, "runs")

    def tearDown(self):
        self.tmp.cleanup()

    def bench(self, mode, *args, python=None):
        env = dict(os.environ, XDG_CACHE_HOME=self.cache, FAKE_PYTHON_MODE=mode,
                   FAKE_PYTHON_COUNTER=self.counter)
        return subprocess.run([CONCUR, "bench", "--quick", "--python-exe", python or self.fake,
                               *args], capture_output=True, text=True, timeout=300, env=env)

    def runs(self):
        if not os.path.exists(self.counter):
            return 0
        with open(self.counter) as f:
            return len(f.readlines())

    def json_of(self, r):
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    # ---- interpreters -------------------------------------------------------------------------

    def test_free_threaded_313t(self):
        doc = self.json_of(self.bench("3.13t", "--json"))
        self.assertEqual(doc["schema"], "concur-bench/1")
        it = doc["interpreter"]
        self.assertEqual(it["label"], "3.13t")
        self.assertIs(it["gil_disabled_build"], True)
        self.assertIs(it["gil_enabled"], False)
        self.assertEqual(it["default_start_method"], "fork")
        names = [w["name"] for w in doc["workloads"]]
        self.assertEqual(names, ["cpu_gil", "native_nogil", "wait", "payload", "c_cpu"])
        # The fake makes GIL-holding threads scale on 3.13t: 2 threads give 2x, with an interval.
        cpu = doc["workloads"][0]
        two = [r for r in cpu["results"] if r["model"] == "threads" and r["workers"] == 2][0]
        self.assertAlmostEqual(two["speedup"], 0.41 / (0.4 / 2 * 1.02), places=6)
        self.assertLessEqual(two["ci"][0], two["speedup"])
        self.assertGreaterEqual(two["ci"][1], two["speedup"])
        self.assertEqual(len(two["samples"]), 3)
        consts = {c["name"] for c in doc["constants"]}
        self.assertTrue({"thread_start", "transfer.task", "transfer.byte", "process_start.fork",
                         "process_start.spawn", "process_start.forkserver", "c.thread_start",
                         "c.fork_start", "c.pipe_byte", "c.shm_byte"} <= consts, consts)
        self.assertEqual(doc["cache"]["hit"], False)

        table = self.bench("3.13t", "--no-cache")
        self.assertEqual(table.returncode, 0, table.stderr)
        self.assertIn("free-threaded build, GIL disabled", table.stdout)
        self.assertIn("GIL-holding Python work can scale in threads", table.stdout)
        self.assertIn("2.0", table.stdout.split("GIL-holding CPU")[1].split("\n")[2])

    def test_free_threaded_with_gil_reenabled(self):
        r = self.bench("3.13t-gil")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("free-threaded build, GIL enabled", r.stdout)
        self.assertIn("the GIL is enabled", r.stdout)

    def test_forkserver_default_314(self):
        doc = self.json_of(self.bench("3.14", "--json"))
        it = doc["interpreter"]
        self.assertEqual((it["label"], it["default_start_method"]), ("3.14", "forkserver"))
        for w in doc["workloads"]:
            if w["source"] != "python":
                continue
            procs = [r for r in w["results"] if r["model"] == "processes"]
            self.assertTrue(procs)
            self.assertEqual({r["start_method"] for r in procs}, {"forkserver"})
        r = self.bench("3.14")
        self.assertIn("default: forkserver", r.stdout)
        self.assertIn("processes start with `forkserver`", r.stdout)
        self.assertIn("(forkserver)", r.stdout)

    # ---- cache --------------------------------------------------------------------------------

    def test_cache_hit_no_cache_and_key(self):
        first = self.json_of(self.bench("3.13t", "--json"))
        self.assertEqual(self.runs(), 1)
        files = os.listdir(os.path.join(self.cache, "concur"))
        self.assertEqual(len(files), 1)
        self.assertRegex(files[0], r"^bench-[0-9a-f]{16}\.json$")

        again = self.bench("3.13t")
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertEqual(self.runs(), 1)  # served from the cache
        self.assertIn("cached result measured at " + first["measured_at"], again.stdout)
        hit = self.json_of(self.bench("3.13t", "--json"))
        self.assertIs(hit["cache"]["hit"], True)
        self.assertEqual(hit["workloads"], first["workloads"])

        self.json_of(self.bench("3.13t", "--json", "--no-cache"))
        self.assertEqual(self.runs(), 2)

        # Another interpreter build is another key.
        self.json_of(self.bench("3.14", "--json"))
        self.assertEqual(self.runs(), 3)
        self.assertEqual(len(os.listdir(os.path.join(self.cache, "concur"))), 2)

    # ---- failures -----------------------------------------------------------------------------

    def test_missing_interpreter_is_usage_error(self):
        r = self.bench("3.13t", python=os.path.join(self.tmp.name, "no-such-python"))
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("no such executable", r.stderr)
        r = self.bench("3.13t", python="concur-no-such-python-on-path")
        self.assertEqual(r.returncode, 2, r.stderr)

    def test_bad_usage(self):
        for args in (["--frobnicate"], ["--timeout", "soon"], ["--python-exe"]):
            r = subprocess.run([CONCUR, "bench", *args], capture_output=True, text=True,
                               timeout=30)
            self.assertEqual(r.returncode, 2, args)
            self.assertIn("concur bench:", r.stderr)

    def test_protocol_breaks_exit_3(self):
        cases = {
            "malformed": "line 2: not JSON",
            "no-hello": "expected the hello line first",
            "no-done": "no done line",
            "bad-count": "done line says",
            "bad-samples": "\"samples\" must be",
            "no-serial": "has no serial run",
            "bad-hello": "\"version\" must be a string",
            "unknown-type": "unknown line type \"progress\"",
            "crash": "failed with exit status 1",
        }
        for mode, text in cases.items():
            with self.subTest(mode=mode):
                r = self.bench(mode, "--no-cache")
                self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
                self.assertIn(text, r.stderr)
                self.assertEqual(r.stdout, "")
        r = self.bench("crash")
        self.assertIn("RuntimeError: fake harness crashed", r.stderr)

    def test_hang_is_killed(self):
        r = self.bench("hang", "--timeout", "2")
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn("did not finish within 2 s and was killed", r.stderr)


if __name__ == "__main__":
    CONCUR = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
