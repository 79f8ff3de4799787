"""End-to-end tests of the concur command line: exit codes, messages, bad input.

Usage: python3 tests/cli/test_cli.py PATH/TO/concur
"""
import os
import re
import subprocess
import sys
import tempfile
import unittest

CONCUR = None


def run(*args, cwd=None, env=None, timeout=120):
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    if env:
        e.update(env)
    return subprocess.run([CONCUR, *args], cwd=cwd, env=e, capture_output=True, text=True,
                          timeout=timeout)


def write(root, rel, text, mode="w"):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(text)
    return path


BAD = """from multiprocessing import Pool

def main():
    with Pool() as pool:
        return pool.map(lambda x: x * 2, range(10))

main()
"""

GOOD = """from multiprocessing import Pool

def double(x):
    return x * 2

def main():
    with Pool() as pool:
        return pool.map(double, range(10))

if __name__ == "__main__":
    main()
"""


class Cli(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    # ---- exit codes -----------------------------------------------------------------------
    def test_clean_code_exits_zero(self):
        write(self.root, "good.py", GOOD)
        r = run("check", self.root)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("All checks passed", r.stdout)

    def test_findings_exit_one(self):
        write(self.root, "bad.py", BAD)
        r = run("check", self.root)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("error[CC302]", r.stdout)
        self.assertIn("error[CC303]", r.stdout)
        # the summary names only the severities that occur (advice notes are not findings)
        self.assertIn("Found 2 errors in 1 file analysed.", r.stdout)
        write(self.root, "chunky.py", "from concurrent.futures import ProcessPoolExecutor\n"
              "import os\n\n\ndef size(p):\n    return os.path.getsize(p)\n\n\n"
              "def main(paths):\n    with ProcessPoolExecutor() as ex:\n"
              "        return list(ex.map(size, paths))\n")
        r = run("check", self.root)
        self.assertRegex(r.stdout, r"Found 2 errors and [0-9]+ warnings? in 2 files analysed\.")
        self.assertNotIn("0 notes", r.stdout)

    def test_fail_on_levels(self):
        write(self.root, "bad.py", BAD)
        self.assertEqual(run("check", "--fail-on", "never", self.root).returncode, 0)
        self.assertEqual(run("check", "--fail-on", "error", self.root).returncode, 1)
        self.assertEqual(run("check", "--fail-on=note", self.root).returncode, 1)
        # a CC000 warning fails at warning but not at error
        write(self.root, "syntax.py", "def f(:\n    pass\n")
        r = run("check", "--select", "CC000", "--fail-on", "error", self.root)
        self.assertEqual(r.returncode, 0, r.stdout)
        r = run("check", "--select", "CC000", self.root)
        self.assertEqual(r.returncode, 1, r.stdout)

    def test_missing_path_is_usage_error(self):
        r = run("check", os.path.join(self.root, "nope"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("nope", r.stderr)
        self.assertIn("No such file", r.stderr)

    def test_bad_usage(self):
        for args in (["check", "--bogus"], ["check", "--format", "xml", "."],
                     ["check", "--fail-on", "sometimes"], ["check", "--select", "CC999"],
                     ["check", "--jobs", "0"], ["check", "--target-python", "2.7"],
                     ["frobnicate"], ["explain"], ["explain", "CC999"], []):
            r = run(*args, cwd=self.root)
            self.assertEqual(r.returncode, 2, f"{args}: {r.stdout}{r.stderr}")
            self.assertTrue(r.stderr.strip(), f"{args}: no message")

    # ---- help, version, rules, explain ---------------------------------------------------
    def test_help_everywhere(self):
        for args in (["--help"], ["check", "--help"], ["rules", "--help"],
                     ["explain", "--help"], ["dump-ir", "--help"]):
            r = run(*args)
            self.assertEqual(r.returncode, 0, args)
            self.assertIn("Usage", r.stdout, args)

    def test_version(self):
        r = run("--version")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"^concur \d+\.\d+\.\d+\n$")

    def test_rules_and_explain(self):
        r = run("rules")
        self.assertEqual(r.returncode, 0)
        codes = re.findall(r"^(CC\d{3})", r.stdout, re.M)
        self.assertEqual(codes, sorted(codes))
        self.assertIn("CC302", codes)
        self.assertIn("CC303", codes)
        for code in ("CC302", "cc303", "unpicklable-task"):
            e = run("explain", code)
            self.assertEqual(e.returncode, 0, code)
            for section in ("## What it does", "## Why is this bad?", "## Example",
                            "## Use instead"):
                self.assertIn(section, e.stdout, code)

    # ---- selection and discovery ---------------------------------------------------------
    def test_select_and_ignore(self):
        write(self.root, "bad.py", BAD)
        r = run("check", "--format", "concise", "--select", "CC302", self.root)
        self.assertIn("CC302", r.stdout)
        self.assertNotIn("CC303", r.stdout)
        r = run("check", "--format", "concise", "--ignore", "CC3", self.root)
        self.assertEqual(r.returncode, 0, r.stdout)

    def test_discovery_skips_and_excludes(self):
        write(self.root, "pkg/a.py", BAD)
        write(self.root, ".venv/lib/b.py", BAD)
        write(self.root, "node_modules/x/c.py", BAD)
        write(self.root, "env2/pyvenv.cfg", "home = /usr\n")
        write(self.root, "env2/d.py", BAD)
        write(self.root, "stubs/e.pyi", BAD)
        write(self.root, "tool", "#!/usr/bin/env python3\n" + BAD)
        write(self.root, "notes.txt", BAD)
        write(self.root, "gen/f.py", BAD)
        r = run("check", "--show-files", "--exclude", "gen", ".", cwd=self.root)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.split(), ["pkg/a.py", "tool"])

    def test_output_is_deterministic_across_jobs(self):
        for i in range(30):
            write(self.root, f"m{i:02}.py", BAD if i % 3 == 0 else GOOD)
        a = run("check", "-j1", "--format", "concise", self.root).stdout
        b = run("check", "-j", "2", "--format", "concise", self.root).stdout
        c = run("check", "--jobs=4", "--format", "concise", self.root).stdout
        self.assertEqual(a, b)
        self.assertEqual(a, c)
        self.assertEqual(a.count("CC303"), 10)

    # ---- text output ---------------------------------------------------------------------
    def test_text_format_snippet_and_caret(self):
        p = write(self.root, "bad.py", BAD)
        r = run("check", p)
        self.assertIn(f"{p}:5:25: error[CC302]:", r.stdout)
        self.assertIn("5 |         return pool.map(lambda x: x * 2, range(10))", r.stdout)
        self.assertIn("|                         ^^^^^^^^^^^^^^^\n", r.stdout)
        self.assertIn("= help:", r.stdout)

    def test_color_only_when_asked(self):
        write(self.root, "bad.py", BAD)
        self.assertNotIn("\033[", run("check", self.root).stdout)  # not a TTY
        self.assertIn("\033[", run("check", "--color", "always", self.root).stdout)
        self.assertNotIn("\033[", run("check", self.root, env={"NO_COLOR": "1"}).stdout)

    def test_columns_count_code_points(self):
        src = 'from multiprocessing import Pool\n\ndef main():\n    with Pool() as pool:\n' \
              '        pool.map(lambda s: s, ["héllo😀"]); pool.map(lambda x: x, [1])\n' \
              'if __name__ == "__main__":\n    main()\n'
        p = write(self.root, "u.py", src)
        r = run("check", "--format", "concise", p)
        cols = [int(m) for m in re.findall(r":5:(\d+):", r.stdout)]
        line = src.split("\n")[4]
        expect = [line.index("lambda s") + 1, line.index("lambda x") + 1]
        self.assertEqual(cols, expect, r.stdout)

    # ---- bad input -----------------------------------------------------------------------
    def test_binary_file(self):
        p = write(self.root, "blob.py", b"\x00\x01\x02binary", mode="wb")
        r = run("check", "--format", "concise", p)
        self.assertEqual(r.returncode, 1)
        self.assertIn("CC000", r.stdout)
        self.assertIn("binary", r.stdout)

    def test_invalid_utf8_is_reported_and_rest_analysed(self):
        p = write(self.root, "bad8.py", b"# caf\xe9\n" + BAD.encode(), mode="wb")
        r = run("check", "--format", "concise", p)
        self.assertIn("CC000", r.stdout)
        self.assertIn("0xE9", r.stdout)
        self.assertIn("CC302", r.stdout)

    def test_coding_cookie_is_honoured(self):
        src = "# -*- coding: koi8-r -*-\ns = '\u043f\u0440\u0438\u0432\u0435\u0442'\n" + BAD
        p = write(self.root, "koi.py", src.encode("koi8-r"), mode="wb")
        r = run("check", "--format", "concise", p)
        self.assertNotIn("CC000", r.stdout)
        self.assertIn(f"{p}:7:25:", r.stdout)

    def test_syntax_error_rest_analysed(self):
        p = write(self.root, "syn.py", "def broken(:\n    pass\n\n" + BAD)
        r = run("check", "--format", "concise", p)
        self.assertRegex(r.stdout, r"syn.py:1:\d+: warning\[CC000\]: syntax error")
        self.assertIn("CC302", r.stdout)
        self.assertIn("CC303", r.stdout)

    def test_deep_nesting_does_not_crash(self):
        p = write(self.root, "deep.py", "x = " + "(" * 10000 + "1" + ")" * 10000 + "\n"
                  + "y = " + "[" * 10000 + "]" * 10000 + "\n" + BAD)
        r = run("check", "--format", "concise", p)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("nested more than", r.stdout)
        self.assertIn("CC302", r.stdout)

    def test_oversized_file(self):
        p = os.path.join(self.root, "huge.py")
        with open(p, "wb") as f:
            f.truncate(40 << 20)
        r = run("check", "--format", "concise", p)
        self.assertEqual(r.returncode, 1)
        self.assertIn("larger than", r.stdout)

    def test_fifo_does_not_hang(self):
        p = os.path.join(self.root, "pipe.py")
        os.mkfifo(p)
        r = run("check", "--format", "concise", p, timeout=20)
        self.assertIn("not a regular file", r.stdout)

    def test_no_user_file_is_changed(self):
        p = write(self.root, "bad.py", BAD)
        before = os.stat(p)
        run("check", self.root)
        after = os.stat(p)
        self.assertEqual(before.st_mtime_ns, after.st_mtime_ns)
        with open(p) as f:
            self.assertEqual(f.read(), BAD)

    def test_dump_ir(self):
        p = write(self.root, "bad.py", BAD)
        r = run("dump-ir", p)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("function #0 <module> [module]", r.stdout)
        self.assertIn("=> POOL_NEW process", r.stdout)
        self.assertIn("=> SUBMIT process", r.stdout)
        self.assertNotIn("=>", run("dump-ir", "--no-lower", p).stdout)


class Install(unittest.TestCase):
    def test_install_puts_binary_and_man_page(self):
        build = os.path.dirname(CONCUR)
        with tempfile.TemporaryDirectory() as prefix:
            r = subprocess.run(["cmake", "--install", build, "--prefix", prefix],
                               capture_output=True, text=True, timeout=120)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertTrue(os.access(os.path.join(prefix, "bin", "concur"), os.X_OK))
            with open(os.path.join(prefix, "share", "man", "man1", "concur.1")) as f:
                page = f.read()
            self.assertTrue(page.startswith(".TH CONCUR 1"))
            for option in ("--baseline", "--diff", "--fail-on", "--output"):
                self.assertIn(option.replace("-", "\\-"), page)


if __name__ == "__main__":
    CONCUR = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=1)
