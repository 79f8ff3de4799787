"""The advice on the command line: what each format shows by default and with --advice or
--no-advice, that advice never changes the exit code, and where the cost constants come from
(--costs, --cores, the bench cache).

Usage: python3 tests/cli/test_advice_cli.py PATH/TO/concur
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

CONCUR = None

# A thread pool running tiny work (advice: serial, no finding) and a thread pool running GIL-bound
# loops (advice: processes, and CC101).
TINY = """from concurrent.futures import ThreadPoolExecutor


def add(x):
    return x + 1


with ThreadPoolExecutor(4) as ex:
    print(list(ex.map(add, [1, 2, 3, 4])))
"""

IO = """import time
from concurrent.futures import ThreadPoolExecutor


def nap(x):
    time.sleep(0.5)
    return x


with ThreadPoolExecutor(4) as ex:
    print(list(ex.map(nap, [1, 2, 3, 4])))
"""


def run(*args, cwd, env=None):
    e = dict(os.environ, NO_COLOR="1")
    e.pop("CONCUR_COSTS", None)
    e.pop("CONCUR_CORES", None)
    e["XDG_CACHE_HOME"] = os.path.join(cwd, ".cache")   # no bench result unless a test writes one
    e.update(env or {})
    return subprocess.run([CONCUR, "check", *args], cwd=cwd, env=e, capture_output=True,
                          text=True, timeout=120)


def bench_doc(cpu_model, cores):
    """A bench result in the cache's shape (schema concur-bench/1), for this machine."""
    return {
        "schema": "concur-bench/1", "measured_at": "2026-01-01T00:00:00Z", "quick": False,
        "key": f"concur-bench/1|cpu={cpu_model}|usable={cores}|online={cores}|exe=/x|impl=cpython"
               f"|version=3.11.7|ft=0|full",
        "machine": {"usable_cores": cores},
        "interpreter": {"default_start_method": "fork"},
        "constants": [{"name": "thread_start", "median": 4e-05},
                      {"name": "transfer.task", "median": 0.0005}],
        "workloads": [{"name": "cpu_gil", "tasks": 8, "serial_median_s": 0.768}],
    }


def this_cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "unknown"


def usable_cores():
    return len(os.sched_getaffinity(0))


class Advice(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name
        with open(os.path.join(self.root, "tiny.py"), "w") as f:
            f.write(TINY)
        with open(os.path.join(self.root, "io.py"), "w") as f:
            f.write(IO)

    def tearDown(self):
        self.tmp.cleanup()

    def notes(self, out):
        return re.findall(r"^(\S+?):(\d+):\d+: note\[CA001\]: (\w[\w-]*) (->|fits?) ?(\S*)", out,
                          re.M)

    def test_text_shows_differing_advice_by_default(self):
        r = run("--costs", "defaults", "--cores", "2", ".", cwd=self.root)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)      # advice is not a finding
        self.assertEqual(self.notes(r.stdout), [("tiny.py", "9", "threads", "->", "serial")])
        self.assertIn("= why: ", r.stdout)
        self.assertIn("Advice: 1 of 2 spawn sites would fit another model", r.stdout)
        r = run("--costs", "defaults", "--advice", ".", cwd=self.root)
        self.assertEqual(sorted(n[0] for n in self.notes(r.stdout)), ["io.py", "tiny.py"])
        r = run("--costs", "defaults", "--no-advice", ".", cwd=self.root)
        self.assertEqual(self.notes(r.stdout), [])
        self.assertNotIn("Advice:", r.stdout)

    def test_concise_and_github(self):
        r = run("--format", "concise", "--costs", "defaults", ".", cwd=self.root)
        self.assertEqual(r.stdout, "")
        r = run("--format", "concise", "--costs", "defaults", "--advice", ".", cwd=self.root)
        self.assertEqual(len(r.stdout.splitlines()), 2)
        self.assertTrue(all("note[CA001]" in line for line in r.stdout.splitlines()))
        r = run("--format", "github", "--costs", "defaults", ".", cwd=self.root)
        self.assertEqual(len(r.stdout.splitlines()), 1)
        self.assertTrue(r.stdout.startswith("::notice file=tiny.py,line=9,"))
        self.assertEqual(run("--format", "github", "--costs", "defaults", "--no-advice", ".",
                             cwd=self.root).stdout, "")

    def test_exit_code_ignores_advice(self):
        r = run("--costs", "defaults", "--fail-on", "note", ".", cwd=self.root)
        self.assertEqual(r.returncode, 0)

    def test_cost_sources(self):
        def cost_model(*args, env=None):
            r = run("--format", "json", *args, ".", cwd=self.root, env=env)
            self.assertEqual(r.returncode, 0, r.stderr)
            return json.loads(r.stdout)["cost_model"]

        self.assertEqual(cost_model("--costs", "defaults", "--cores", "8"),
                         {"measured": False, "source": "shipped defaults", "cores": 8})
        self.assertEqual(cost_model(env={"CONCUR_COSTS": "defaults", "CONCUR_CORES": "3"})["cores"],
                         3)
        # No cache: the defaults. A cached result of this machine: used, and named.
        self.assertFalse(cost_model()["measured"])
        cache = os.path.join(self.root, ".cache", "concur")
        os.makedirs(cache)
        path = os.path.join(cache, "bench-0123456789abcdef.json")
        with open(path, "w") as f:
            json.dump(bench_doc(this_cpu_model(), usable_cores()), f)
        got = cost_model()
        self.assertEqual((got["measured"], got["source"]), (True, path))
        # A result of another machine is not used.
        with open(path, "w") as f:
            json.dump(bench_doc("Some Other CPU", usable_cores()), f)
        self.assertFalse(cost_model()["measured"])
        # --costs FILE reads that result; a file that is not one is a usage error.
        other = os.path.join(self.root, "bench.json")
        with open(other, "w") as f:
            json.dump(bench_doc("Some Other CPU", 5), f)
        got = cost_model("--costs", other)
        self.assertEqual((got["measured"], got["cores"]), (True, 5))
        with open(other, "w") as f:
            f.write("{}")
        r = run("--costs", other, ".", cwd=self.root)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--costs", r.stderr)
        r = run("--cores", "0", ".", cwd=self.root)
        self.assertEqual(r.returncode, 2)

    def test_measured_step_changes_the_numbers(self):
        # The bench result says a step takes 40 ns (0.768 s / (8 * 400000 * 6)) instead of the
        # shipped 20 ns: the estimates follow.
        other = os.path.join(self.root, "bench.json")
        with open(other, "w") as f:
            json.dump(bench_doc("x", 2), f)

        def serial_estimate(*args):
            r = run("--format", "json", *args, "tiny.py", cwd=self.root)
            return json.loads(r.stdout)["advice"][0]["estimated_seconds"]["serial"]

        a = serial_estimate("--costs", "defaults")
        b = serial_estimate("--costs", other)
        self.assertAlmostEqual(b / a, 2.0, places=3)


if __name__ == "__main__":
    CONCUR = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=1)
