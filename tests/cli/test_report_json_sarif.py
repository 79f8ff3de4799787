"""The JSON and SARIF reports (--format json, --format sarif): golden files, schema validation,
the SARIF Multitool, escaping, determinism.

Usage: python3 tests/cli/test_report_json_sarif.py PATH/TO/concur

Inputs are the folders tests/reports/json/inputs/<case>/, shared by both formats. Each case is
copied to a fresh temporary folder and checked from there (`concur check --format F .`), so paths
are relative and stable and no configuration file around the repository applies. The temporary
root is replaced by <ROOT> before the output is compared, byte for byte, with
tests/reports/json/<case>.json and tests/reports/sarif/<case>.sarif. The `escaping` case is renamed
on the way (RENAMES below): file names with quotes, backslashes, control characters, bytes that are
not UTF-8 and URI delimiters are kept out of git.

CONCUR_UPDATE_GOLDEN=1 rewrites the golden files on purpose and names each one rewritten on
stderr; without it a missing or different golden file fails.

Validation (a failure, never a skip, when a tool is missing):
- JSON against docs/schema/concur-report-v1.schema.json, and SARIF against the SARIF 2.1.0 schema
  that the Multitool ships, with python3-jsonschema under Debian's /usr/bin/python3;
- SARIF with the SARIF Multitool (npm @microsoft/sarif-multitool, pinned in tests/tools), which
  must report no error and no warning. It silently skips a file it cannot load, so the run must
  also show the one note every concur log earns (SARIF2003: no versionControlProvenance). Its
  network check (SARIF2006, fetching the $schema URI) is disabled: the tests stay offline.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import urllib.parse

CONCUR = None
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
REPORTS = os.path.join(REPO, "tests", "reports")
INPUTS = os.path.join(REPORTS, "json", "inputs")
SCHEMA = os.path.join(REPO, "docs", "schema", "concur-report-v1.schema.json")
TOOLS = os.path.join(REPO, "tests", "tools")
DEBIAN_PYTHON = "/usr/bin/python3"
PLACEHOLDER = "<ROOT>"
UPDATE = os.environ.get("CONCUR_UPDATE_GOLDEN") == "1"

CASES = ("findings", "problems", "clean", "escaping")

# escaping/: committed name -> name used for the run (bytes where the name is not UTF-8).
RENAMES = {
    "quotes.py": "it's \"quoted\" \\ back\\slash.py",
    "controls.py": "tab\there\nnew\x01line\x7f.py",
    "unicode.py": "données/🧵 fil.py",
    "uri.py": "100% #1 ?a=b&c;d:e[f]@g.py",
    "not_utf8.py": b"latin-\xe9.py",
}

SETUP_HINT = (
    "install the test tools as scripts/setup.sh does: (cd tests/tools && npm ci "
    "--ignore-scripts && chmod u+x node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool)"
)

# Run under /usr/bin/python3: validates each document (argv[2:]) against a schema (argv[1]) and
# prints one JSON line per document: [path, [error, ...]].
VALIDATOR = r"""
import json, sys
try:
    import jsonschema
except ImportError as e:
    print("NO-JSONSCHEMA", e)
    sys.exit(3)
schema = json.load(open(sys.argv[1], encoding="utf-8"))
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
v = cls(schema)
for path in sys.argv[2:]:
    doc = json.load(open(path, encoding="utf-8"))
    errs = ["%s: %s" % ("/".join(map(str, e.absolute_path)) or "(root)", e.message)
            for e in v.iter_errors(doc)]
    print(json.dumps([path, errs]))
"""


def run_concur(*args, cwd):
    return subprocess.run([CONCUR, *args], cwd=cwd, capture_output=True, timeout=300)


def materialise(case, dest):
    """Copies an input case into dest (renaming the escaping case) and returns dest."""
    src = os.path.join(INPUTS, case)
    if case != "escaping":
        shutil.copytree(src, dest)
        return dest
    os.makedirs(dest)
    for name in sorted(os.listdir(src)):
        target = RENAMES.get(name)
        if target is None:
            raise AssertionError("escaping/%s has no entry in RENAMES" % name)
        target = target if isinstance(target, bytes) else os.fsencode(target)
        path = os.path.join(os.fsencode(dest), target)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        shutil.copyfile(os.path.join(src, name), path)
    return dest


def placeholder_forms(root):
    """The forms the root takes in each format: a JSON string, a percent-encoded URI path."""
    return {
        "json": json.dumps(root, ensure_ascii=False)[1:-1],
        "sarif": "file://" + urllib.parse.quote(os.fsencode(root), safe="/") + "/",
    }


def jsonschema_validate(schema, docs):
    """{path: [errors]} for each document; fails the test when jsonschema is missing."""
    if not os.access(DEBIAN_PYTHON, os.X_OK):
        raise AssertionError("%s not found: the schema tests need Debian's python3 with "
                             "python3-jsonschema (apt-get install python3-jsonschema)"
                             % DEBIAN_PYTHON)
    r = subprocess.run([DEBIAN_PYTHON, "-c", VALIDATOR, schema, *docs], capture_output=True,
                       text=True, timeout=300)
    if r.returncode == 3:
        raise AssertionError("%s cannot import jsonschema (%s): install Debian's "
                             "python3-jsonschema (scripts/setup.sh does)"
                             % (DEBIAN_PYTHON, r.stdout.strip()))
    if r.returncode != 0:
        raise AssertionError("schema validation crashed:\n" + r.stdout + r.stderr)
    out = {}
    for line in r.stdout.splitlines():
        path, errs = json.loads(line)
        out[path] = errs
    return out


def multitool():
    plat = {"linux": "linux", "darwin": "darwin", "win32": "win32"}.get(sys.platform, sys.platform)
    exe = os.path.join(TOOLS, "node_modules", "@microsoft", "sarif-multitool-" + plat,
                       "Sarif.Multitool" + (".exe" if plat == "win32" else ""))
    if not os.path.isfile(exe):
        raise AssertionError("SARIF Multitool not found at %s: %s" % (exe, SETUP_HINT))
    if not os.access(exe, os.X_OK):
        raise AssertionError("SARIF Multitool at %s is not executable (npm ran with "
                             "--ignore-scripts, so its postinstall chmod did not run): %s"
                             % (exe, SETUP_HINT))
    return exe


# SARIF2006 fetches every URI in the log (the $schema) over the network; tests stay offline. The
# Multitool then warns that a rule was disabled: that one warning, and only it, is expected.
MULTITOOL_CONFIG = """<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" Type="Driver.RuleEnabledState" />
  </Properties>
</Properties>
"""


def expected_tool_warning(text):
    return "RuleExplicitlyDisabled" in text and "'SARIF2006'" in text


def multitool_validate(sarif_path):
    """Runs `Sarif.Multitool validate` and returns (problems, notes): what it reports at level
    error or warning (in its log or on the console), and its notes, as "RULE: text" strings."""
    env = dict(os.environ, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT="1",
               DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1")
    with tempfile.TemporaryDirectory(prefix="concur-multitool-") as tmp:
        log = os.path.join(tmp, "validation.sarif")
        config = os.path.join(tmp, "config.xml")
        with open(config, "w", encoding="utf-8") as f:
            f.write(MULTITOOL_CONFIG)
        r = subprocess.run([multitool(), "validate", "--config", config,
                            "--level", "Error;Warning;Note", "--output", log, sarif_path],
                           capture_output=True, text=True, env=env, timeout=600)
        console = r.stdout + r.stderr
        if r.returncode != 0 or not os.path.exists(log):
            raise AssertionError("SARIF Multitool failed (exit %d):\n%s" % (r.returncode, console))
        with open(log, encoding="utf-8-sig") as f:
            vlog = json.load(f)
    problems, notes = [], []
    for run in vlog.get("runs", []):
        for res in run.get("results", []):
            msg = res.get("message", {})
            text = "%s: %s" % (res.get("ruleId"), msg.get("text") or msg.get("arguments"))
            (notes if res.get("level") == "note" else problems).append(text)
        for inv in run.get("invocations", []):
            for n in (inv.get("toolExecutionNotifications", []) +
                      inv.get("toolConfigurationNotifications", [])):
                text = "%s: %s" % (n.get("descriptor", {}).get("id"),
                                   n.get("message", {}).get("text"))
                if n.get("level", "warning") in ("error", "warning") and \
                        not expected_tool_warning(text):
                    problems.append("notification " + text)
    for line in console.splitlines():
        if re.search(r":\s+(error|warning)\s+[A-Z]+\d+", line) and not expected_tool_warning(line):
            problems.append("console: " + line)
    return problems, notes


class Reports(unittest.TestCase):
    """Runs every case in both formats once; the tests read the results."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="concur-reports-")
        base = os.path.realpath(cls.tmp.name)
        cls.out = {}    # (case, fmt) -> raw bytes
        cls.root = {}   # case -> absolute root
        cls.rc = {}     # (case, fmt) -> exit code
        for case in CASES:
            root = materialise(case, os.path.join(base, "run", case))
            cls.root[case] = root
            for fmt in ("json", "sarif"):
                r = run_concur("check", "--format", fmt, ".", cwd=root)
                if r.stderr:
                    raise AssertionError("concur wrote to stderr for %s/%s:\n%s"
                                         % (case, fmt, r.stderr.decode(errors="replace")))
                cls.out[case, fmt] = r.stdout
                cls.rc[case, fmt] = r.returncode
        cls.saved = os.path.join(base, "saved")
        os.makedirs(cls.saved)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def doc(self, case, fmt):
        return json.loads(self.out[case, fmt].decode("utf-8"))

    def save(self, case, fmt, data=None):
        path = os.path.join(self.saved, "%s.%s" % (case, fmt))
        with open(path, "wb") as f:
            f.write(self.out[case, fmt] if data is None else data)
        return path

    # ---- golden files -------------------------------------------------------------------------
    def normalised(self, case, fmt):
        text = self.out[case, fmt].decode("utf-8")
        form = placeholder_forms(self.root[case])[fmt]
        self.assertIn(form, text, "the root should appear in the %s report" % fmt)
        return text.replace(form, PLACEHOLDER if fmt == "json" else "file://%s/" % PLACEHOLDER)

    def check_golden(self, case, fmt):
        golden = os.path.join(REPORTS, fmt, "%s.%s" % (case, fmt))
        text = self.normalised(case, fmt).encode("utf-8")
        if UPDATE:
            with open(golden, "wb") as f:
                f.write(text)
            sys.stderr.write("CONCUR_UPDATE_GOLDEN=1: rewrote %s\n" % os.path.relpath(golden, REPO))
            return
        if not os.path.exists(golden):
            self.fail("golden file %s is missing (CONCUR_UPDATE_GOLDEN=1 writes it)" % golden)
        with open(golden, "rb") as f:
            want = f.read()
        if text != want:
            # assertEqual on str shows a readable diff.
            self.assertEqual(text.decode("utf-8"), want.decode("utf-8", errors="replace"),
                             "%s differs from the output (CONCUR_UPDATE_GOLDEN=1 rewrites it "
                             "on purpose)" % os.path.relpath(golden, REPO))

    def test_golden_json(self):
        for case in CASES:
            with self.subTest(case=case):
                self.check_golden(case, "json")

    def test_golden_sarif(self):
        for case in CASES:
            with self.subTest(case=case):
                self.check_golden(case, "sarif")

    # ---- validity ----------------------------------------------------------------------------
    def test_json_matches_schema(self):
        paths = [self.save(case, "json") for case in CASES]
        for path, errs in jsonschema_validate(SCHEMA, paths).items():
            self.assertEqual(errs, [], "%s does not match the schema" % path)
        self.assertEqual(len(jsonschema_validate(SCHEMA, paths)), len(paths))

    def test_json_schema_rejects_wrong_reports(self):
        doc = self.doc("findings", "json")
        wrong = []
        d = json.loads(json.dumps(doc))
        d["findings"][0]["colour"] = "red"              # unknown key
        wrong.append(d)
        d = json.loads(json.dumps(doc))
        d["findings"][0]["severity"] = "fatal"
        wrong.append(d)
        d = json.loads(json.dumps(doc))
        d["findings"][0]["column"] = 0                  # columns are 1-based
        wrong.append(d)
        d = json.loads(json.dumps(doc))
        del d["summary"]["baselined"]
        wrong.append(d)
        d = json.loads(json.dumps(doc))
        d["problems"].append(dict(d["findings"][0]))    # a CC302 is not a problem
        wrong.append(d)
        d = json.loads(json.dumps(doc))
        d["advice"].append({"path": "a.py", "line": 1, "column": 1, "end_line": 1,
                            "end_column": 2, "function": None, "current_model": "threads",
                            "recommended_model": "processes", "reasons": ["x"],
                            "confidence": 1.5, "verification": None})
        wrong.append(d)
        paths = []
        for i, d in enumerate(wrong):
            paths.append(self.save("wrong%d" % i, "json", json.dumps(d).encode()))
        for path, errs in jsonschema_validate(SCHEMA, paths).items():
            self.assertNotEqual(errs, [], "the schema accepts a wrong report: %s" % path)

    def test_json_schema_accepts_advice_and_related(self):
        # Records no rule emits yet, written as docs/formats.md describes them.
        d = self.doc("findings", "json")
        d["findings"][0]["related"] = [
            {"path": "jobs/scale.py", "line": 7, "column": 5, "end_line": 7, "end_column": 14,
             "message": "the other access"},
            {"path": None, "line": 1, "column": 1, "end_line": 1, "end_column": 1,
             "message": None}]
        d["findings"][0]["fingerprint"] = "v1:0123456789abcdef"
        d["advice"] = [
            {"path": "squares.py", "line": 9, "column": 19, "end_line": 9, "end_column": 52,
             "function": "squares.main", "current_model": "processes",
             "recommended_model": "serial", "reasons": ["each task is ~40 ns of work"],
             "confidence": 0.8, "verification": None},
            {"path": "squares.py", "line": 9, "column": 19, "end_line": 9, "end_column": 52,
             "function": None, "current_model": "threads", "recommended_model": "processes",
             "reasons": ["GIL-holding", "big"], "confidence": 0,
             "verification": {"status": "confirmed", "mode": "synthetic", "ratio": 3.1,
                              "interval": [2.8, 3.4], "repeats": 10,
                              "runs": [{"model": "serial", "workers": 1, "median_seconds": 1.0,
                                        "speedup": 1.0, "interval": [1.0, 1.0]},
                                       {"model": "processes", "workers": 4,
                                        "median_seconds": 0.3, "speedup": 3.3,
                                        "interval": [3.0, 3.6]}]}}]
        path = self.save("advice", "json", json.dumps(d).encode())
        self.assertEqual(jsonschema_validate(SCHEMA, [path])[path], [])

    def test_sarif_matches_sarif_schema(self):
        schema = os.path.join(os.path.dirname(multitool()), "sarif-2.1.0.json")
        paths = [self.save(case, "sarif") for case in CASES]
        res = jsonschema_validate(schema, paths)
        self.assertEqual(len(res), len(paths))
        for path, errs in res.items():
            self.assertEqual(errs, [], "%s does not match the SARIF 2.1.0 schema" % path)

    def test_sarif_multitool_validate(self):
        for case in CASES:
            with self.subTest(case=case):
                problems, notes = multitool_validate(self.save(case, "sarif"))
                self.assertEqual(problems, [], "SARIF Multitool: errors or warnings")
                self.assertTrue(any(n.startswith("SARIF2003") for n in notes),
                                "the Multitool did not analyse the log (no SARIF2003 note): %s"
                                % notes)

    def test_sarif_multitool_catches_errors(self):
        # The validation above means something only if the tool reports what is wrong.
        d = self.doc("findings", "sarif")
        region = d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
        region["startColumn"] = 0
        d["runs"][0]["artifacts"][0]["location"]["uri"] = "not a uri\\.py"
        problems, _ = multitool_validate(self.save("broken", "sarif", json.dumps(d).encode()))
        self.assertTrue(any("startColumn" in p for p in problems), problems)
        self.assertTrue(any("SARIF1002" in p for p in problems), problems)

    # ---- content -----------------------------------------------------------------------------
    def test_exit_code_follows_findings(self):
        for case in CASES:
            s = self.doc(case, "json")["summary"]
            want = 1 if s["errors"] + s["warnings"] else 0
            for fmt in ("json", "sarif"):
                self.assertEqual(self.rc[case, fmt], want, (case, fmt))

    def test_summary_counts(self):
        for case in CASES:
            d = self.doc(case, "json")
            entries = d["findings"] + d["problems"]
            s = d["summary"]
            for sev, key in (("error", "errors"), ("warning", "warnings"), ("note", "notes")):
                self.assertEqual(s[key], sum(e["severity"] == sev for e in entries), (case, key))
            self.assertEqual(s["files"], len(d["files"]))
            self.assertEqual(s["files_not_fully_analysed"], len({p["path"] for p in d["problems"]}))
            self.assertTrue(all(f["code"] != "CC000" for f in d["findings"]))
            self.assertTrue(all(p["code"] == "CC000" for p in d["problems"]))
        s = self.doc("problems", "json")["summary"]
        self.assertEqual(s["files_not_fully_analysed"], 3)

    def test_clean_input_gives_empty_valid_reports(self):
        d = self.doc("clean", "json")
        self.assertEqual((d["findings"], d["problems"]), ([], []))
        self.assertEqual(d["files"], ["compute.py"])
        # The pool gets advice (CA001), which is not a finding.
        self.assertEqual([(a["path"], a["line"], a["current_model"]) for a in d["advice"]],
                         [("compute.py", 11, "processes")])
        run = self.doc("clean", "sarif")["runs"][0]
        self.assertEqual([r for r in run["results"] if r["ruleId"] != "CA001"], [])
        self.assertEqual(len(run["results"]), 1)
        self.assertEqual([a["location"]["uri"] for a in run["artifacts"]], ["compute.py"])
        self.assertEqual(self.rc["clean", "json"], 0)

    def test_sarif_agrees_with_json(self):
        for case in CASES:
            j = self.doc(case, "json")
            run = self.doc(case, "sarif")["runs"][0]
            rules = run["tool"]["driver"]["rules"]
            self.assertEqual(run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
                             placeholder_forms(j["root"])["sarif"])
            self.assertEqual([urllib.parse.unquote(a["location"]["uri"], errors="replace")
                              for a in run["artifacts"]], j["files"])
            got = []
            advice = []
            for res in run["results"]:
                self.assertEqual(rules[res["ruleIndex"]]["id"], res["ruleId"])
                if res["ruleId"] == "CA001":
                    # Advice: a note when it recommends a change, else kind "pass".
                    reg = res["locations"][0]["physicalLocation"]["region"]
                    p = res["properties"]
                    differs = p["current_model"] != p["recommended_model"]
                    self.assertEqual((res["level"], res.get("kind", "fail")),
                                     ("note", "fail") if differs else ("none", "pass"))
                    advice.append((reg["startLine"], reg["startColumn"], p["current_model"],
                                   p["recommended_model"], p["reasons"]))
                    continue
                phys = res["locations"][0]["physicalLocation"]
                loc = phys["artifactLocation"]
                self.assertEqual(loc["uriBaseId"], "%SRCROOT%")
                self.assertEqual(run["artifacts"][loc["index"]]["location"]["uri"], loc["uri"])
                reg = phys["region"]
                related = [(urllib.parse.unquote(r["physicalLocation"]["artifactLocation"]["uri"],
                                                 errors="replace"),
                            r["physicalLocation"]["region"]["startLine"],
                            r.get("message", {}).get("text"), r["id"])
                           for r in res.get("relatedLocations", [])]
                got.append((res["ruleId"], res["level"],
                            urllib.parse.unquote(loc["uri"], errors="replace"),
                            reg["startLine"], reg["startColumn"], reg["endLine"],
                            reg["endColumn"], res["message"]["text"], related,
                            res.get("partialFingerprints", {}).get("concur/v1")))
            want = []
            for f in j["findings"] + j["problems"]:
                text = f["message"] + ("\nhelp: " + f["help"] if f["help"] else "")
                related = [(r["path"], r["line"], r["message"], i + 1)
                           for i, r in enumerate(f["related"])]
                want.append((f["code"], f["severity"], f["path"], f["line"], f["column"],
                             f["end_line"], f["end_column"], text, related, f["fingerprint"]))
            self.assertEqual(sorted(got, key=repr), sorted(want, key=repr), case)
            self.assertEqual(advice, [(a["line"], a["column"], a["current_model"],
                                       a["recommended_model"], a["reasons"])
                                      for a in j["advice"]], case)
            self.assertGreater(len(want) + (case == "clean"), 0, case)

    def test_sarif_rules_come_from_the_rule_table(self):
        listed = run_concur("rules", cwd=self.saved).stdout.decode().splitlines()
        table = [line.split()[:3] for line in listed if line.strip()]
        run = self.doc("findings", "sarif")["runs"][0]
        driver = run["tool"]["driver"]
        self.assertEqual((driver["name"], driver["version"], driver["semanticVersion"]),
                         ("concur", self.doc("findings", "json")["tool"]["version"],
                          self.doc("findings", "json")["tool"]["version"]))
        self.assertEqual(run["columnKind"], "unicodeCodePoints")
        self.assertEqual(run["invocations"], [{"executionSuccessful": True}])
        rules = driver["rules"]
        self.assertEqual([r["id"] for r in rules], [c for c, _, _ in table] + ["CA001"])
        for (code, name, sev), rule in zip(table, rules):
            self.assertEqual(rule["name"], "".join(p.capitalize() for p in name.split("-")))
            self.assertEqual(rule["defaultConfiguration"]["level"], sev)
            self.assertTrue(rule["shortDescription"]["text"].endswith("."))
            self.assertNotIn("##", rule["fullDescription"]["text"])
            self.assertNotIn("\n", rule["fullDescription"]["text"].replace("\n\n", ""))
            explained = run_concur("explain", code, cwd=self.saved).stdout.decode()
            body = explained.split("\n", 2)[2].strip()   # drops "# CODE name (severity)"
            self.assertEqual(rule["help"]["markdown"], body)
            self.assertTrue(body.startswith("## What it does\n"), code)
            self.assertIn(rule["fullDescription"]["markdown"], body)
        names = {r["id"]: r["name"] for r in rules}
        self.assertEqual(names.get("CC302"), "UnpicklableTask")
        self.assertEqual(rules[-1]["name"], "ConcurrencyAdvice")
        self.assertEqual(rules[-1]["defaultConfiguration"]["level"], "note")

    # ---- escaping ----------------------------------------------------------------------------
    def test_escaping_paths_round_trip(self):
        raw = self.out["escaping", "json"]
        text = raw.decode("utf-8")          # strict: the report is UTF-8
        self.assertFalse([c for c in text if ord(c) < 0x20 and c != "\n"],
                         "raw control characters in the JSON report")
        for needle in ('\\"quoted\\"', "\\\\ back\\\\slash", "tab\\there\\nnew\\u0001line",
                       "données/🧵 fil.py", "latin-\ufffd.py"):
            self.assertIn(needle, text)
        want = sorted(n.decode("utf-8", errors="replace") if isinstance(n, bytes) else n
                      for n in RENAMES.values())
        d = self.doc("escaping", "json")
        self.assertEqual(sorted(d["files"]), want)
        self.assertTrue({f["path"] for f in d["findings"]} <= set(want))
        self.assertEqual(len({f["path"] for f in d["findings"]}), len(want))
        # SARIF: the URIs decode to the exact bytes of the names, and need no escaping in JSON.
        run = self.doc("escaping", "sarif")["runs"][0]
        uris = [a["location"]["uri"] for a in run["artifacts"]]
        names = sorted(n if isinstance(n, bytes) else os.fsencode(n) for n in RENAMES.values())
        self.assertEqual(sorted(urllib.parse.unquote_to_bytes(u) for u in uris), names)
        for u in uris:
            self.assertRegex(u, r"^[A-Za-z0-9._~/%-]+$")

    def test_escaping_messages(self):
        d = self.doc("escaping", "json")
        messages = [f["message"] for f in d["findings"]]
        self.assertTrue(any('`if __name__ == "__main__":`' in m for m in messages), messages)
        self.assertTrue(any("`fabrique.<locals>.échelle`" in m for m in messages), messages)
        sarif = self.out["escaping", "sarif"].decode("utf-8")
        self.assertIn("fabrique.<locals>.échelle", sarif)
        self.assertIn('`if __name__ == \\"__main__\\":`', sarif)

    def test_columns_count_code_points(self):
        src = os.path.join(INPUTS, "escaping", "unicode.py")
        with open(src, encoding="utf-8") as f:
            lines = f.read().split("\n")
        want = set()
        for needle in ("fabrique(2.0)", "lambda x: x"):
            n = next(i for i, line in enumerate(lines) if needle in line)
            col = lines[n].index(needle) + 1
            want.add((n + 1, col, col + len(needle)))
            self.assertNotEqual(col, len(lines[n][:col - 1].encode("utf-8")) + 1)
        d = self.doc("escaping", "json")
        got = {(f["line"], f["column"], f["end_column"]) for f in d["findings"]
               if f["path"].endswith("fil.py")}
        self.assertEqual(got, want)
        run = self.doc("escaping", "sarif")["runs"][0]
        regions = {(r["locations"][0]["physicalLocation"]["region"]["startLine"],
                    r["locations"][0]["physicalLocation"]["region"]["startColumn"],
                    r["locations"][0]["physicalLocation"]["region"]["endColumn"])
                   for r in run["results"]
                   if r["ruleId"] != "CA001" and
                   r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                   .endswith("fil.py")}
        self.assertEqual(regions, want)

    # ---- determinism and paths ----------------------------------------------------------------
    def test_same_bytes_every_run(self):
        for case in ("findings", "escaping"):
            for fmt in ("json", "sarif"):
                for jobs in ("1", "4"):
                    r = run_concur("check", "--format", fmt, "--jobs", jobs, ".",
                                   cwd=self.root[case])
                    self.assertEqual(r.stdout, self.out[case, fmt], (case, fmt, jobs))

    def test_quiet_findings_are_counted(self):
        self.assertEqual(self.doc("findings", "json")["summary"]["suppressed"], 1)
        work = os.path.join(os.path.dirname(self.saved), "baselined")
        shutil.copytree(self.root["findings"], work)
        r = run_concur("check", "--write-baseline", "baseline.json", "--format", "json", ".",
                       cwd=work)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        n = len(json.loads(r.stdout)["findings"])
        self.assertGreater(n, 0)
        for fmt in ("json", "sarif"):
            r = run_concur("check", "--baseline", "baseline.json", "--format", fmt, ".",
                           cwd=work)
            self.assertEqual(r.returncode, 0, r.stderr)
            d = json.loads(r.stdout)
            if fmt == "json":
                self.assertEqual(d["findings"], [])
                self.assertEqual((d["summary"]["baselined"], d["summary"]["suppressed"]), (n, 1))
            else:
                self.assertEqual([r for r in d["runs"][0]["results"] if r["ruleId"] != "CA001"],
                                 [])

    def test_files_outside_the_root(self):
        # Checked from another folder: paths stay absolute, SARIF URIs become file: URIs.
        elsewhere = os.path.join(os.path.dirname(self.saved), "elsewhere")
        os.makedirs(elsewhere, exist_ok=True)
        target = os.path.join(self.root["findings"], "squares.py")
        j = json.loads(run_concur("check", "--format", "json", target, cwd=elsewhere).stdout)
        self.assertEqual(j["root"], elsewhere)
        self.assertEqual(j["files"], [target])
        self.assertEqual([f["path"] for f in j["findings"]], [target])
        raw = run_concur("check", "--format", "sarif", target, cwd=elsewhere).stdout
        run = json.loads(raw)["runs"][0]
        loc = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        self.assertEqual(loc["uri"], "file://" + urllib.parse.quote(target))
        self.assertNotIn("uriBaseId", loc)
        path = self.save("outside", "sarif", raw)
        problems, notes = multitool_validate(path)
        self.assertEqual(problems, [])
        self.assertTrue(notes)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: test_report_json_sarif.py PATH/TO/concur")
    CONCUR = os.path.abspath(sys.argv.pop(1))
    unittest.main()
