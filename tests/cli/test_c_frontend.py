"""End-to-end tests of the C front end: dump-ir and check on C (alone and with Python), worker
processes that crash or time out, compile_commands.json from a real CMake project.

Usage: python3 tests/cli/test_c_frontend.py PATH/TO/concur
Golden dump-ir outputs: tests/c/golden/*.c with *.ir beside them; CONCUR_UPDATE_GOLDEN=1 rewrites
them on purpose.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

CONCUR = None
HERE = os.path.dirname(os.path.abspath(__file__))
CDIR = os.path.join(os.path.dirname(HERE), "c")


def run(*args, cwd=None, env=None, timeout=300):
    e = dict(os.environ)
    e["NO_COLOR"] = "1"
    if env:
        e.update(env)
    return subprocess.run([CONCUR, *args], cwd=cwd, env=e, capture_output=True, text=True,
                          timeout=timeout)


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    return path


def supports_compile_commands():
    r = run("check", "--help")
    return "--compile-commands" in r.stdout


class DumpIr(unittest.TestCase):
    def test_golden(self):
        gdir = os.path.join(CDIR, "golden")
        names = sorted(n for n in os.listdir(gdir) if n.endswith(".c"))
        self.assertTrue(names)
        for n in names:
            with self.subTest(n):
                r = run("dump-ir", "--no-lower", n, cwd=gdir)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(r.stderr, "")
                golden = os.path.join(gdir, n[:-2] + ".ir")
                if os.environ.get("CONCUR_UPDATE_GOLDEN"):
                    with open(golden, "w") as f:
                        f.write(r.stdout)
                with open(golden) as f:
                    self.assertEqual(r.stdout, f.read())

    def test_c_and_python_in_one_run(self):
        with tempfile.TemporaryDirectory() as d:
            write(d, "w.c", "int n; void f(void) { n += 1; }\n")
            write(d, "t.py", "x = 1\nx += 2\n")
            r = run("dump-ir", "--no-lower", "w.c", "t.py", cwd=d)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("unit t.py (python", r.stdout)
            self.assertIn("unit w.c (c", r.stdout)
            self.assertIn("store.rmw", r.stdout)
            r = run("check", "--show-files", ".", cwd=d)
            self.assertEqual(r.stdout.split(), ["t.py", "w.c"])
            r = run("check", ".", cwd=d)
            self.assertIn(r.returncode, (0, 1), r.stderr)
            self.assertNotIn("CC000", r.stdout)


class Robustness(unittest.TestCase):
    """Each pathological input gives CC000 or a clean result, never a crash of concur."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        write(cls.tmp, "huge_expr.c", "int x = " + "+".join(["1"] * 100000) + ";\n")
        lines = ["#include <stdio.h>"]
        i = 0
        size = 0
        while size < 5_000_000:
            s = ("int f%d(int a) { int s = 0; for (int k = 0; k < 10; k++) { s += a * k; "
                 "if (s > 100) break; } return s; }" % i)
            lines.append(s)
            size += len(s) + 1
            i += 1
        write(cls.tmp, "big.c", "\n".join(lines) + "\n")
        write(cls.tmp, "missing.c", '#include "no_such_header.h"\nint g;\n'
                                    'void f(void) { g++; }\n')
        write(cls.tmp, "fine.c", "int g; void h(void) { g = 1; }\n")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def check(self, *names, env=None):
        r = run("check", "--format", "concise", *names, cwd=self.tmp, env=env)
        self.assertIn(r.returncode, (0, 1), r.stdout + r.stderr)
        return r

    def test_huge_expression_is_cc000_and_the_run_goes_on(self):
        r = self.check("huge_expr.c", "fine.c", "missing.c")
        # libclang crashes on it (CC000 at 1:1) or parses it, and then the lowering's depth
        # bound stops (CC000 at the expression): which one depends on the stack it gets
        self.assertRegex(r.stdout, r"huge_expr\.c:1:\d+: warning\[CC000\]: (the C parser crashed"
                                   r"|code nested more than)")
        # the next file still parses, in a fresh worker
        self.assertIn("missing.c:1:10: warning[CC000]: missing header", r.stdout)
        self.assertNotIn("fine.c", r.stdout)

    def test_five_megabytes(self):
        r = self.check("big.c")
        self.assertNotIn("CC000", r.stdout)
        r = run("dump-ir", "--no-lower", "big.c", cwd=self.tmp)
        self.assertEqual(r.returncode, 0)
        self.assertIn("function #", r.stdout)

    def test_time_limit(self):
        r = self.check("big.c", "fine.c", env={"CONCUR_C_TIMEOUT_MS": "50"})
        self.assertIn("big.c:1:1: warning[CC000]", r.stdout)
        self.assertIn("longer than", r.stdout)

    def test_gcc_only_flags_in_a_compile_database(self):
        with tempfile.TemporaryDirectory() as d:
            write(d, "inc/defs.h", "#define WIDTH 4\n")
            src = write(d, "m.c", '#include "defs.h"\nint v[WIDTH];\n'
                                  'int main(void) { return MODE + v[0]; }\n')
            cmd = ("gcc -Iinc -DMODE=2 -fno-tree-vectorize -fconserve-stack -Wlogical-op "
                   "-mno-red-zone -fstack-clash-protection -O2 -c m.c -o m.o")
            write(d, "compile_commands.json",
                  '[{"directory": "%s", "file": "%s", "command": "%s"}]\n' % (d, src, cmd))
            r = run("check", "--format", "concise", "m.c", cwd=d)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            # twin: without the database the header and the macro are missing
            os.unlink(os.path.join(d, "compile_commands.json"))
            r = run("check", "--format", "concise", "m.c", cwd=d)
            self.assertEqual(r.returncode, 1)
            self.assertIn("CC000", r.stdout)


CMAKE_PROJECT = {
    "CMakeLists.txt": """cmake_minimum_required(VERSION 3.20)
project(mt C)
add_executable(mt src/main.c src/worker.c)
target_include_directories(mt PRIVATE include)
target_compile_definitions(mt PRIVATE NWORKERS=4)
target_compile_options(mt PRIVATE -fno-tree-vectorize)
find_package(Threads REQUIRED)
target_link_libraries(mt PRIVATE Threads::Threads)
""",
    "include/mt/worker.h": """#ifndef MT_WORKER_H
#define MT_WORKER_H
#include <pthread.h>
extern long total;
extern pthread_mutex_t total_mu;
void *worker(void *arg);
#endif
""",
    "src/worker.c": """#include "mt/worker.h"
long total;
pthread_mutex_t total_mu = PTHREAD_MUTEX_INITIALIZER;
void *worker(void *arg)
{
    long *slot = arg;
    pthread_mutex_lock(&total_mu);
    total += *slot;
    pthread_mutex_unlock(&total_mu);
    return 0;
}
""",
    "src/main.c": """#include <stdio.h>
#include "mt/worker.h"
int main(void)
{
    pthread_t t[NWORKERS];
    long args[NWORKERS];
    for (int i = 0; i < NWORKERS; i++) {
        args[i] = i;
        pthread_create(&t[i], 0, worker, &args[i]);
    }
    for (int i = 0; i < NWORKERS; i++)
        pthread_join(t[i], 0);
    printf("%ld\\n", total);
    return 0;
}
""",
}


class CompileCommandsProject(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        for rel, text in CMAKE_PROJECT.items():
            write(cls.tmp, rel, text)
        r = subprocess.run(["cmake", "-S", cls.tmp, "-B", os.path.join(cls.tmp, "build"),
                            "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON", "-DCMAKE_C_COMPILER=gcc"],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def test_found_upward_in_build(self):
        # build/ is skipped by discovery but its compile_commands.json is found from src/
        r = run("check", "--show-files", ".", cwd=self.tmp)
        self.assertEqual(sorted(r.stdout.split()),
                         ["include/mt/worker.h", "src/main.c", "src/worker.c"])
        r = run("check", "--format", "concise", ".", cwd=self.tmp)
        self.assertNotIn("CC000", r.stdout, r.stdout)
        r = run("dump-ir", "--no-lower", "src/main.c", cwd=self.tmp)
        self.assertIn("trip=const(4) var=i", r.stdout)  # NWORKERS from the database
        self.assertIn("index.loop-var", r.stdout)
        self.assertNotIn("problem", r.stdout)

    def test_twin_without_database(self):
        with tempfile.TemporaryDirectory() as d:
            for rel, text in CMAKE_PROJECT.items():
                write(d, rel, text)
            r = run("check", "--format", "concise", "src/main.c", cwd=d)
            self.assertIn("CC000", r.stdout)  # NWORKERS undeclared; include/ is still found
            self.assertNotIn("missing header", r.stdout)

    def test_given_directory(self):
        self.assertTrue(supports_compile_commands(), "check --help lacks --compile-commands")
        other = tempfile.mkdtemp()
        try:
            shutil.copytree(os.path.join(self.tmp, "build"), os.path.join(other, "b"))
            shutil.rmtree(os.path.join(self.tmp, "build"))
            r = run("check", "--format", "concise", ".", cwd=self.tmp)
            self.assertIn("CC000", r.stdout)
            r = run("check", "--format", "concise", "--compile-commands",
                    os.path.join(other, "b"), ".", cwd=self.tmp)
            self.assertNotIn("CC000", r.stdout)
        finally:
            shutil.copytree(os.path.join(other, "b"), os.path.join(self.tmp, "build"))
            shutil.rmtree(other)


if __name__ == "__main__":
    CONCUR = os.path.abspath(sys.argv.pop(1))
    unittest.main()
