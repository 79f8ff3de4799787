"""Configuration files end to end: found upward, applied, flags winning, errors named.

Usage: python3 tests/cli/test_config_cli.py PATH/TO/concur
"""
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
        return pool.map(lambda x: x, xs)


main([1])
"""


def codes(out):
    return re.findall(r"^\S+?:\d+:\d+: (\w+)\[(CC\d+)\]", out, re.M)


class ConfigCli(unittest.TestCase):
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

    def check(self, *args, cwd=None):
        return subprocess.run([CONCUR, "check", "--format", "concise", *args],
                              cwd=cwd or self.root, capture_output=True, text=True, timeout=120)

    def test_pyproject_found_upward_and_applied(self):
        self.write("pyproject.toml", '[project]\nname = "x"\n\n[tool.concur]\nselect = ["CC302"]\n')
        self.write("pkg/app.py", APP)
        r = self.check(".", cwd=os.path.join(self.root, "pkg"))
        self.assertEqual(codes(r.stdout), [("error", "CC302")], r.stdout + r.stderr)
        # the command line wins
        r = self.check("--select", "CC303", ".", cwd=os.path.join(self.root, "pkg"))
        self.assertEqual(codes(r.stdout), [("error", "CC303")], r.stdout + r.stderr)

    def test_dot_concur_toml_beats_pyproject(self):
        self.write("pyproject.toml", '[tool.concur]\nselect = ["CC302"]\n')
        self.write(".concur.toml", 'ignore = ["CC302"]\n')
        self.write("app.py", APP)
        self.assertEqual(codes(self.check(".").stdout), [("error", "CC303")])

    def test_severity_fail_on_and_per_file_ignores(self):
        self.write(".concur.toml", '[severity]\nCC303 = "note"\nCC302 = "warning"\n')
        self.write("app.py", APP)
        r = self.check(".")
        self.assertEqual(sorted(codes(r.stdout)), [("note", "CC303"), ("warning", "CC302")])
        self.assertEqual(r.returncode, 1)
        self.write(".concur.toml", 'fail-on = "error"\n[severity]\nCC303 = "note"\nCC302 = "warning"\n')
        self.assertEqual(self.check(".").returncode, 0)
        self.assertEqual(self.check("--fail-on", "note", ".").returncode, 1)  # the flag wins
        self.write(".concur.toml", '[per-file-ignores]\n"scripts/*.py" = ["CC303"]\n')
        self.write("scripts/run.py", APP)
        r = self.check(".")
        per_file = re.findall(r"^(\S+?):\d+:\d+: \w+\[(CC\d+)\]", r.stdout, re.M)
        self.assertIn(("app.py", "CC303"), per_file)
        self.assertNotIn(("scripts/run.py", "CC303"), per_file)
        self.assertIn(("scripts/run.py", "CC302"), per_file)

    def test_exclude_and_target(self):
        self.write(".concur.toml", 'exclude = ["gen"]\n')
        self.write("gen/app.py", APP)
        self.write("ok.py", "x = 1\n")
        r = subprocess.run([CONCUR, "check", "--show-files", "."], cwd=self.root,
                           capture_output=True, text=True)
        self.assertEqual(r.stdout.split(), ["ok.py"])

    def test_knowledge_entries(self):
        # A project's own wrapper that starts a process pool, declared in the configuration.
        self.write(".concur.toml", '[[knowledge]]\nname = "workers.make_pool"\n'
                                   'effect = "pool-new"\nmodel = "process"\n')
        self.write("workers.py", "def make_pool():\n    raise NotImplementedError\n")
        self.write("job.py", "import workers\n\npool = workers.make_pool()\n")
        self.assertEqual(codes(self.check(".").stdout), [], "workers is in the codebase")
        self.write("job.py", "from vendorlib import make_pool\n\npool = make_pool()\n")
        self.write(".concur.toml", '[[knowledge]]\nname = "vendorlib.make_pool"\n'
                                   'effect = "pool-new"\nmodel = "process"\n')
        self.assertEqual(codes(self.check(".").stdout), [("error", "CC303")])
        self.write(".concur.toml", '[[knowledge]]\nname = "vendorlib.make_pool"\n'
                                   'effect = "pool-new"\nmodel = "thread"\n')
        self.assertEqual(codes(self.check(".").stdout), [])

    def test_thresholds_tune_the_workload_rules(self):
        # ~6*10^6 GIL-holding steps per task in 4 threads: CC101 at the default threshold
        # (5*10^4 steps), not when the configuration asks for 10^9.
        self.write("score.py", "from concurrent.futures import ThreadPoolExecutor\n\n"
                               "def score(seed):\n    t = 0\n    for i in range(10**6):\n"
                               "        t += i * seed\n    return t\n\n"
                               "with ThreadPoolExecutor(4) as ex:\n"
                               "    list(ex.map(score, [1, 2, 3, 4]))\n")
        self.assertEqual(codes(self.check("--select", "CC101", ".").stdout),
                         [("warning", "CC101")])
        self.write(".concur.toml", "[thresholds]\ncpu-bound-steps = 1000000000\n")
        self.assertEqual(codes(self.check("--select", "CC101", ".").stdout), [])

    def test_source_roots(self):
        self.write(".concur.toml", 'source-roots = ["src"]\n')
        self.write("src/ns/tasks.py", "square = lambda x: x * x\n")
        self.write("src/main.py", "from multiprocessing import Pool\nfrom ns.tasks import square\n\n"
                                  "if __name__ == '__main__':\n    with Pool() as p:\n"
                                  "        p.map(square, [1])\n")
        r = self.check(".")
        self.assertEqual(codes(r.stdout), [("error", "CC302")], r.stdout)

    def test_errors_name_file_line_and_key(self):
        self.write("app.py", APP)
        cases = [
            ('selct = ["CC302"]\n', ".concur.toml:1:1", "selct"),
            ('fail-on = "warn"\n', ".concur.toml:1:", "fail-on"),
            ('select = "CC302"\n', ".concur.toml:1:", "select"),
            ('select = ["CC9"]\n', ".concur.toml:1:", "CC9"),
            ('a = 1\na = 2\n', ".concur.toml:2:1", "a"),
            ('[severity]\n[severity]\n', ".concur.toml:2:", "severity"),
            ('target-python = "3.x"\n', ".concur.toml:1:", "target-python"),
            ('x = "\\q"\n', ".concur.toml:1:", "escape"),
        ]
        for text, where, word in cases:
            self.write(".concur.toml", text)
            r = self.check(".")
            self.assertEqual(r.returncode, 2, f"{text!r}: {r.stdout}{r.stderr}")
            self.assertIn(where, r.stderr, text)
            self.assertIn(word, r.stderr, text)


if __name__ == "__main__":
    CONCUR = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=1)
