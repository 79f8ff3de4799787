"""GitHub workflow annotations (`--format github`) and the HTML report (`--format html`).

Usage: python3 tests/cli/test_report_github_html.py PATH/TO/concur

- Golden outputs, compared byte for byte: tests/reports/{github,html}/expected.*, made by running
  `concur check --format FMT --fail-on never .` inside tests/reports/FMT/project. The absolute
  root and concur's version are replaced by {ROOT} and {VERSION}. CONCUR_UPDATE_GOLDEN=1 rewrites
  them (and says so); nothing else does.
- Escaping with hostile inputs: file names and source lines holding markup, quotes, `%`, `,`, `:`,
  newlines, control characters and emoji. GitHub commands are decoded the way the runner decodes
  them and must give back the exact path and message.
- The HTML page rendered in headless Chromium (Debian `chromium`; the test fails when it is
  missing): the DOM must hold the findings' messages and file names, no element that came from
  the input, and no script element at all (the page has none). A screenshot is kept at
  BUILD/test-artifacts/report-html/*.png for a person to look at.
"""
import html
import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

CONCUR = None
HERE = os.path.dirname(os.path.abspath(__file__))
REPORTS = os.path.join(os.path.dirname(HERE), "reports")
CHROMIUM_TIMEOUT = 180  # seconds; a cold start in a container can take a while

CONCISE = re.compile(r"^(.*):(\d+):(\d+): (error|warning|note)\[(CC\d{3})\]: (.*)$")


def run(args, cwd, env=None, timeout=120):
    e = dict(os.environ)
    for k in ("NO_COLOR", "SOURCE_DATE_EPOCH"):
        e.pop(k, None)
    if env:
        e.update(env)
    return subprocess.run([CONCUR, *args], cwd=cwd, env=e, capture_output=True, timeout=timeout)


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    return path


def version():
    out = subprocess.run([CONCUR, "--version"], capture_output=True, text=True).stdout
    m = re.search(r"\d+\.\d+\.\d+\S*", out)
    assert m, out
    return m.group(0)


def concise(cwd):
    """The findings as (path, line, col, severity, code, message), from --format concise."""
    r = run(["check", "--format", "concise", "--fail-on", "never", "."], cwd)
    out = []
    for line in r.stdout.decode().splitlines():
        m = CONCISE.match(line)
        if m:
            out.append((m[1], int(m[2]), int(m[3]), m[4], m[5], m[6]))
    return out


def artifacts_dir():
    d = os.path.join(os.path.dirname(CONCUR), "test-artifacts", "report-html")
    os.makedirs(d, exist_ok=True)
    return d


# ---- hostile inputs ---------------------------------------------------------------------------

HOSTILE_SOURCE = '''import multiprocessing

NOTE = "<script>alert('pwned')</script> & \\"q\\" 100%, a:b 🧵"


def main():
    def traiter_données(x):  # its qualname, main.<locals>.traiter_données, is in the message
        return x

    with multiprocessing.Pool() as pool:
        pool.map(lambda s="<script>alert(1)</script>": s + "&amp;%0A,:'", ["</td>"])  # 💥
        pool.map(traiter_données, ["<b>", "'", '"'])


if __name__ == "__main__":
    main()
'''

UNGUARDED = '''from multiprocessing import Pool

POOL = Pool(2)  # "<b>bold</b>" & 'single'
'''

# File names the runner must get back exactly; one of each troublesome character.
HOSTILE_NAMES = [
    "a,b:c%d.py",
    "new\nline.py",
    "carriage\rreturn.py",
    "<script>alert(1)<script>.py",
    "q\"uo'te & amp;.py",
    "pct%0A%25.py",
    "emoji 🧵💥.py",
]


# The runner (actions/runner, ActionCommand.cs) unescapes with one Replace per mapping, %25 last.
def unescape_data(s):
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(s):
    return (s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
            .replace("%25", "%"))


def parse_command(line):
    """Splits a workflow command the way the Actions runner does: `::name k=v,k=v::data`."""
    assert line.startswith("::"), line
    end = line.index("::", 2)
    head, data = line[2:end], line[end + 2:]
    name, _, props = head.partition(" ")
    out = {}
    for p in props.split(",") if props else []:
        k, _, v = p.partition("=")
        out[k] = unescape_property(v)
    return name, out, unescape_data(data)


class TextAndTags(html.parser.HTMLParser):
    """Collects the text of a document's body and the start tags it contains."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = []
        self.tags = []
        self.attrs = []
        self.in_body = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)
        self.in_body = self.in_body or tag == "body"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self.in_body:
            self.text.append(data)

    def joined(self):
        return " ".join("".join(self.text).split())


def parse_html(doc):
    p = TextAndTags()
    p.feed(doc)
    p.close()
    return p


def flat(s):
    """A message as the page shows it: backquotes become <code>, whitespace collapses."""
    return " ".join(s.replace("`", "").split())


def visible(name):
    """A path as the page shows it: control characters as their Unicode control pictures."""
    return "".join(chr(0x2400 + ord(c)) if ord(c) < 0x20 and c != "\t" else c for c in name)


# ---- golden files -----------------------------------------------------------------------------

class Golden(unittest.TestCase):
    def check_golden(self, fmt, expected_name):
        folder = os.path.join(REPORTS, fmt, "project")
        r = run(["check", "--format", fmt, "--fail-on", "never", "."], folder)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertEqual(r.stderr, b"")
        out = r.stdout
        root = os.path.realpath(folder).encode()
        if fmt == "html":
            root = html.escape(root.decode(), quote=True).replace("&#x27;", "&#39;").encode()
        out = out.replace(root, b"{ROOT}").replace(version().encode(), b"{VERSION}")
        path = os.path.join(REPORTS, fmt, expected_name)
        if os.environ.get("CONCUR_UPDATE_GOLDEN") == "1":
            with open(path, "wb") as f:
                f.write(out)
            sys.stderr.write(f"\nrewrote {path}\n")
            return
        with open(path, "rb") as f:
            expected = f.read()
        if out != expected:
            import difflib
            diff = "".join(difflib.unified_diff(
                expected.decode(errors="replace").splitlines(True),
                out.decode(errors="replace").splitlines(True), "expected", "actual", n=2))
            self.fail(f"{fmt} output differs from {path} (CONCUR_UPDATE_GOLDEN=1 rewrites it "
                      f"on purpose):\n{diff[:6000]}")

    def test_github_golden(self):
        self.check_golden("github", "expected.txt")

    def test_html_golden(self):
        self.check_golden("html", "expected.html")

    def test_goldens_cover_the_cases(self):
        # The golden inputs must keep exercising what they are there for.
        if os.environ.get("CONCUR_UPDATE_GOLDEN") == "1":   # check the files about to be kept
            self.check_golden("github", "expected.txt")
            self.check_golden("html", "expected.html")
        with open(os.path.join(REPORTS, "github", "expected.txt"), encoding="utf-8") as f:
            gh = f.read()
        for part in ("::error file=pool_tasks.py", "title=CC302 unpicklable-task",
                     "title=CC303 missing-main-guard", "::warning file=broken.py",
                     "title=CC000 file-not-analysed", "file=odd name%2C 100%25 & 'q' 🧵.py",
                     "%0Ahelp: "):
            self.assertIn(part, gh)
        # clean.py has no finding; advice (CA001 notices) may point at it.
        self.assertNotIn("::error file=clean.py", gh)
        self.assertNotIn("::warning file=clean.py", gh)
        self.assertIn("title=CA001 concurrency advice::", gh)
        with open(os.path.join(REPORTS, "html", "expected.html"), encoding="utf-8") as f:
            page = f.read()
        for part in ("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;", "{ROOT}",
                     "traiter_données", "&lt;locals&gt;", "pkg/crlf.py", "␁␛[31m␡",
                     "<span class=\"cut\">…</span>", "odd name, 100% &amp; &#39;q&#39; 🧵.py",
                     "<td class=\"ln\">⋮</td>", "            <mark>)</mark>,",
                     "<th>Fits</th>", "<span class=\"note badge\">serial</span>"):
            self.assertIn(part, page)


# ---- GitHub annotations -----------------------------------------------------------------------

class GitHub(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def annotations(self, *extra):
        r = run(["check", "--format", "github", "--fail-on", "never", *extra, "."], self.root)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        text = r.stdout.decode("utf-8")
        self.assertTrue(text.endswith("\n") or text == "")
        return [parse_command(line) for line in text.split("\n")[:-1]]

    def test_one_command_per_finding_matching_the_text_format(self):
        for rel in ("hostile.py", "sub/unguarded.py"):
            write(self.root, rel, HOSTILE_SOURCE if rel == "hostile.py" else UNGUARDED)
        write(self.root, "syntax.py", "def f(:\n    pass\n")
        expected = concise(self.root)
        # Advice notices (CA001) are not findings: concise output leaves them out by default.
        got = [a for a in self.annotations() if not a[1].get("title", "").startswith("CA001")]
        self.assertEqual(len(got), len(expected))
        self.assertGreaterEqual(len(got), 4)
        for (path, line, col, sev, code, msg), (name, props, data) in zip(expected, got):
            self.assertEqual(name, {"error": "error", "warning": "warning", "note": "notice"}[sev])
            self.assertEqual(props["file"], path)
            self.assertEqual(int(props["line"]), line)
            self.assertEqual(int(props["col"]), col)
            self.assertGreaterEqual(int(props["endLine"]), line)
            if int(props["endLine"]) == line:
                self.assertGreaterEqual(int(props["endColumn"]), col)
            self.assertTrue(props["title"].startswith(code + " "), props["title"])
            self.assertEqual(data.split("\n")[0], msg)
        codes = [p["title"].split()[0] for _, p, _ in got]
        self.assertIn("CC000", codes)
        self.assertIn("CC302", codes)
        self.assertIn("CC303", codes)
        cc000 = [n for n, p, _ in got if p["title"].startswith("CC000")]
        self.assertEqual(cc000, ["warning"])
        # The qualname of the local function carries `<locals>` and a non-ASCII name.
        self.assertTrue(any("main.<locals>.traiter_données" in d for _, _, d in got))

    def test_help_follows_the_message_on_an_escaped_line(self):
        write(self.root, "unguarded.py", UNGUARDED)
        r = run(["check", "--format", "github", "--fail-on", "never", "."], self.root)
        raw = r.stdout.decode()
        self.assertEqual(raw.count("\n"), 1, raw)
        self.assertIn("%0Ahelp: move this call under `if __name__ == \"__main__\":`", raw)
        # Data keeps `:` and `,` as they are; only properties escape them.
        self.assertIn("outside `if __name__ == \"__main__\":`; it fails", raw)
        name, props, data = parse_command(raw.rstrip("\n"))
        self.assertEqual(name, "error")
        self.assertEqual(props["title"], "CC303 missing-main-guard")
        self.assertEqual(list(props), ["file", "line", "col", "endLine", "endColumn", "title"])
        self.assertEqual(data.count("\n"), 1)

    def test_hostile_file_names_come_back_exactly(self):
        made = []
        for name in HOSTILE_NAMES:
            try:
                write(self.root, name, UNGUARDED)
                made.append(name)
            except OSError:
                pass
        self.assertGreaterEqual(len(made), 6)
        raw = run(["check", "--format", "github", "--fail-on", "never", "."],
                  self.root).stdout.decode("utf-8")
        lines = raw.split("\n")[:-1]
        self.assertEqual(len(lines), len(made), raw)   # no name broke a command in two
        for line in lines:
            head = line[:line.index("::", 2)]
            self.assertNotRegex(head, r"[\r\n]")
            file_prop = head.split(" ", 1)[1].split(",")[0]
            self.assertTrue(file_prop.startswith("file="), head)
            self.assertNotIn(":", file_prop)   # a raw `:` would end the properties early
        files = sorted(parse_command(line)[1]["file"] for line in lines)
        self.assertEqual(files, sorted(made))
        # Spot-check the escapes themselves.
        self.assertIn("file=a%2Cb%3Ac%25d.py,", raw)
        self.assertIn("file=new%0Aline.py,", raw)
        self.assertIn("file=carriage%0Dreturn.py,", raw)
        self.assertIn("file=pct%250A%2525.py,", raw)

    def test_no_findings_no_output(self):
        write(self.root, "fine.py", "x = 1\n")
        r = run(["check", "--format", "github", "."], self.root)
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stdout, b"")

    def test_file_outside_the_root_keeps_its_path(self):
        with tempfile.TemporaryDirectory() as other:
            write(other, "far.py", UNGUARDED)
            r = run(["check", "--format", "github", "--fail-on", "never",
                     os.path.join(other, "far.py")], self.root)
            _, props, _ = parse_command(r.stdout.decode().rstrip("\n"))
            self.assertEqual(os.path.realpath(props["file"]),
                             os.path.realpath(os.path.join(other, "far.py")))


# ---- HTML -------------------------------------------------------------------------------------

def chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def chromium_run(page, extra, tmp):
    exe = chromium()
    if not exe:
        raise AssertionError("chromium is missing: install Debian's `chromium` package "
                             "(the HTML report must be looked at in a real browser)")
    args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--hide-scrollbars", f"--user-data-dir={tmp}", *extra,
            "file://" + page]
    return subprocess.run(args, capture_output=True, timeout=CHROMIUM_TIMEOUT)


class Html(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = os.path.join(self.tmp.name, "proj <&> \"q\" 'a'")
        os.makedirs(self.root)

    def tearDown(self):
        self.tmp.cleanup()

    def hostile_project(self):
        write(self.root, "hostile.py", HOSTILE_SOURCE)
        write(self.root, "<img src=x onerror=alert(1)>.py", UNGUARDED)
        write(self.root, "a<script>b & \"c\" 'd' 🧵.py", UNGUARDED)
        write(self.root, "line\nbreak.py", UNGUARDED)
        write(self.root, "syntax.py", "def f(:\n    return '<b>'\n")

    def report(self, env=None):
        r = run(["check", "--format", "html", "--fail-on", "never", "."], self.root, env=env)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        return r.stdout.decode("utf-8")

    def test_nothing_from_the_input_becomes_markup(self):
        self.hostile_project()
        page = self.report()
        parsed = parse_html(page)
        self.assertNotIn("script", parsed.tags)
        self.assertNotIn("img", parsed.tags)
        self.assertNotIn("<script", page.lower())
        self.assertNotIn("<img", page.lower())
        self.assertFalse([a for a in parsed.attrs if a[0].startswith("on")], parsed.attrs)
        allowed = {"html", "head", "meta", "title", "style", "body", "div", "nav", "p", "small",
                   "h1", "h2", "h3", "ol", "ul", "li", "a", "span", "main", "header", "section",
                   "table", "thead", "tbody", "tr", "th", "td", "details", "summary", "article",
                   "code", "mark", "footer"}
        self.assertLessEqual(set(parsed.tags), allowed)
        text = parsed.joined()
        self.assertIn("lambda s=\"<script>alert(1)</script>\": s + \"&amp;%0A,:'\"", text)
        self.assertIn("<img src=x onerror=alert(1)>.py", text)
        self.assertIn("a<script>b & \"c\" 'd' 🧵.py", text)
        self.assertIn("line\u240abreak.py", text)   # the newline shows as ␊
        self.assertIn("main.<locals>.traiter_données", text)
        # The root is shown once, escaped; nothing else is absolute.
        self.assertEqual(page.count(html.escape(os.path.realpath(self.root), quote=True)
                                    .replace("&#x27;", "&#39;")), 1)
        self.assertNotIn(self.tmp.name, page.replace(
            html.escape(os.path.realpath(self.root), quote=True).replace("&#x27;", "&#39;"), ""))

    def test_every_finding_is_on_the_page(self):
        self.hostile_project()
        found = concise(self.root)
        self.assertGreaterEqual(len(found), 5)
        text = parse_html(self.report()).joined()
        for path, line, col, sev, code, msg in found:
            self.assertIn(flat(msg), text)
            self.assertIn(visible(path), text)
            self.assertIn(f"{visible(path)}:{line}:{col}", text)
        n = {s: sum(1 for f in found if f[3] == s) for s in ("error", "warning", "note")}
        self.assertIn(f"{n['error']} error", text)
        self.assertIn(f"{n['warning']} warning", text)

    def test_self_contained_and_deterministic(self):
        self.hostile_project()
        page = self.report()
        for bad in ("http://", "https://", "src=\"", "<link", "@import", "url(", "<script"):
            self.assertNotIn(bad, page)
        self.assertEqual(page, self.report())
        self.assertNotIn("generated", page)
        stamped = self.report({"SOURCE_DATE_EPOCH": "1234567890"})
        self.assertIn("generated 2009-02-13 23:31 UTC", stamped)

    def test_no_findings(self):
        write(self.root, "fine.py", "x = '<b>'\n")
        text = parse_html(self.report()).joined()
        self.assertIn("All checks passed: no findings in 1 file.", text)
        self.assertIn("No findings.", text)
        self.assertIn("No advice records are available in this run.", text)

    def test_rendered_in_chromium(self):
        self.hostile_project()
        # The golden project too, so the screenshot shows every kind of excerpt.
        for dirpath, _, names in os.walk(os.path.join(REPORTS, "html", "project")):
            for n in names:
                src = os.path.join(dirpath, n)
                rel = os.path.relpath(src, os.path.join(REPORTS, "html", "project"))
                dst = os.path.join(self.root, "golden", rel)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copyfile(src, dst)
        found = concise(self.root)
        page_path = os.path.join(artifacts_dir(), "report.html")
        with open(page_path, "w", encoding="utf-8") as f:
            f.write(self.report())
        profile = os.path.join(self.tmp.name, "chromium-profile")
        r = chromium_run(page_path, ["--dump-dom"], profile)
        self.assertEqual(r.returncode, 0, r.stderr.decode(errors="replace")[-2000:])
        dom = r.stdout.decode("utf-8")
        parsed = parse_html(dom)
        text = parsed.joined()
        self.assertGreater(len(text), 2000, "the page rendered (nearly) empty")
        # No script element anywhere: the report has none, and the input must not add one.
        self.assertEqual(parsed.tags.count("script"), 0)
        self.assertEqual(parsed.tags.count("img"), 0)
        self.assertGreaterEqual(parsed.tags.count("article"), len(found))
        self.assertEqual(parsed.tags.count("article"), len(found))
        for path, line, col, sev, code, msg in found:
            self.assertIn(flat(msg), text)
            self.assertIn(f"{visible(path)}:{line}:{col}", text)
        self.assertIn("lambda s=\"<script>alert(1)</script>\"", text)
        self.assertIn("lambda s=\"<img src=x onerror=alert(1)>\"", text)

        shot = os.path.join(artifacts_dir(), "report.png")
        if os.path.exists(shot):
            os.remove(shot)
        r = chromium_run(page_path, [f"--screenshot={shot}", "--window-size=1280,2000"],
                         profile)
        self.assertEqual(r.returncode, 0, r.stderr.decode(errors="replace")[-2000:])
        with open(shot, "rb") as f:
            png = f.read()
        self.assertTrue(png.startswith(b"\x89PNG\r\n\x1a\n"))
        self.assertGreater(len(png), 20000, "the screenshot is (nearly) blank")
        sys.stderr.write(f"\nscreenshot: {shot}\n")


if __name__ == "__main__":
    CONCUR = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=1)
