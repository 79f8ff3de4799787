#!/usr/bin/env python3
"""Golden case runner for concur (Python 3.11+, standard library only).

    python3 tests/run_cases.py --concur build/concur [--no-rename] [-k SUBSTR] tests/cases
    python3 tests/run_cases.py --self-test

Layout: CASES_DIR/<CODE>/<case>, where a case is one file (`name.py`, `name.c`) or a folder
(`name/`, several modules checked together). CASES_DIR may also be one <CODE> folder itself.
Each case is checked with

    concur check --format concise --fail-on never --report-unused-suppressions
                 --select <CODE>,CC000 <case>

run from the case's parent folder, so it only sees its own rule and per-file problems.

Annotations live in the inputs (tests/cases/README.md):
    x = f(y)  # expect: CC302                 the finding is on this line
    # expect: CC303 "spawn"                   on a line of its own: the next code line; the
                                              quoted text must occur in the message
    x = g()  # expect: CC302 # expect: CC302  two findings on this line
The world is closed: a finding no annotation names fails, and so does an annotation no finding
matches (file + line + code, + substring).

Every case with an expectation needs a twin `<name>_twin.py` (or `<name>_twin/`) beside it that
differs in one semantic fact and expects no finding of the folder's code.

Advice (tests/cases/README.md, "Advice annotations"):
    pool.map(score, xs)  # expect-advice: processes     the advice for the spawn site on this line
                                                        recommends processes
A case that holds an `expect-advice:` annotation, and every case under CASES_DIR/CA001/, is
closed for advice too: concur is run once more with --format json, and every advice record must
match an annotation (file, line, recommended model, and the quoted text in its reasons) and the
other way round. Cases without advice annotations outside CA001 do not check advice.

Unless --no-rename is given, every Python case is run a second time from a temporary copy with the
identifiers it binds and its import aliases renamed (`x` -> `x_rn`); the findings must stay on the
same lines with the same codes.

Exit status: 0 when every case passes, 1 when one fails, 2 for bad usage.
"""

from __future__ import annotations

import argparse
import ast
import builtins
import io
import keyword
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tokenize
from collections import Counter
from dataclasses import dataclass, field

CODE_DIR_RE = re.compile(r"^C[CA]\d{3}$")
ADVICE_CODE = "CA001"       # the folder of advice-only cases
ADVICE_RE = re.compile(r'(?<![\w-])expect-advice:\s*(?P<model>[a-z][a-z-]*)(?:\s+"(?P<sub>[^"]*)")?')
ADVICE_WORD_RE = re.compile(r"(?<![\w-])expect-advice:")
# path:line:col: severity[CODE]: message
FINDING_RE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>\w+)\[(?P<code>[A-Z]+\d+)\]: (?P<msg>.*)$")
# `expect:` but not `expect-advice:` nor `myexpect:`
EXPECT_WORD_RE = re.compile(r"(?<![\w-])expect:")
EXPECT_RE = re.compile(r'(?<![\w-])expect:\s*(?P<code>CC\d{3})\b(?:\s+"(?P<sub>[^"]*)")?')
CASE_FILE_EXTS = (".py", ".c", ".h")
RENAME_SUFFIX = "_rn"
CONCUR_TIMEOUT = 120


# ---------------------------------------------------------------------------------------------
# Annotations


@dataclass(frozen=True)
class Expect:
    file: str           # path relative to the case's parent folder, '/'-separated
    line: int
    code: str
    sub: str | None     # substring the message must contain
    at: int             # line the annotation is written on (for messages)


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    col: int
    sev: str
    code: str
    msg: str


@dataclass(frozen=True)
class AdviceExpect:
    file: str
    line: int
    model: str          # the recommended model
    sub: str | None     # substring of the reasons
    at: int


@dataclass(frozen=True)
class Advice:
    file: str
    line: int
    current: str
    model: str          # recommended
    reasons: str        # joined with " | "


def _comments_py(text: str) -> tuple[list[tuple[int, int, str, bool]], list[int]]:
    """Comments of Python source as (line, col, text, alone_on_line) and the lines holding code.

    Uses tokenize so that a `#` inside a string is not a comment. Falls back to a line scan when
    the file does not tokenize (cases for CC000 hold broken files on purpose)."""
    comments: list[tuple[int, int, str, bool]] = []
    code_lines: set[int] = set()
    lines = io.StringIO(text).readlines()
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
            tokenize.ENCODING, tokenize.ENDMARKER}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                row, col = tok.start
                alone = lines[row - 1][:col].strip() == ""
                comments.append((row, col, tok.string, alone))
            elif tok.type not in skip:
                for row in range(tok.start[0], tok.end[0] + 1):
                    code_lines.add(row)
    except (tokenize.TokenError, SyntaxError, IndentationError):
        comments, code_lines = [], set()
        for i, raw in enumerate(lines, 1):
            stripped = raw.strip()
            if not stripped:
                continue
            if stripped.startswith("#"):
                comments.append((i, raw.index("#"), stripped, True))
                continue
            code_lines.add(i)
            pos = raw.find("#")
            if pos >= 0:
                comments.append((i, pos, raw[pos:].rstrip("\n"), False))
    return comments, sorted(code_lines)


def _comments_c(text: str) -> tuple[list[tuple[int, int, str, bool]], list[int]]:
    """`//` comments of C source (line based; annotations are written as `// expect: ...`)."""
    comments: list[tuple[int, int, str, bool]] = []
    code_lines: list[int] = []
    in_block = False  # inside a /* ... */ comment spanning lines
    for i, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not stripped:
            continue
        pos = raw.find("//")
        comment_line = stripped.startswith("//") or stripped.startswith("/*") or in_block
        if stripped.startswith("/*") or (in_block and "*/" not in stripped):
            in_block = "*/" not in stripped[2 if stripped.startswith("/*") else 0:]
        elif in_block:
            in_block = False
        if comment_line:
            if pos >= 0:
                comments.append((i, pos, raw[pos:], True))
            continue
        code_lines.append(i)
        if pos >= 0:
            comments.append((i, pos, raw[pos:], False))
    return comments, code_lines


def parse_expects(rel: str, text: str) -> tuple[list[Expect], list[str]]:
    """Annotations of one file. Returns (expectations, errors); errors name malformed ones."""
    is_py = rel.endswith(".py")
    comments, code_lines = _comments_py(text) if is_py else _comments_c(text)
    expects: list[Expect] = []
    errors: list[str] = []
    for row, _col, comment, alone in comments:
        words = EXPECT_WORD_RE.findall(comment)
        if not words:
            continue
        found = list(EXPECT_RE.finditer(comment))
        if len(found) != len(words):
            errors.append(f"{rel}:{row}: malformed annotation {comment.strip()!r} "
                          f'(write `expect: CC123` or `expect: CC123 "substring"`)')
            continue
        target = row
        if alone:
            later = [n for n in code_lines if n > row]
            if not later:
                errors.append(f"{rel}:{row}: annotation on its own line is followed by no code")
                continue
            target = later[0]
        for m in found:
            expects.append(Expect(rel, target, m.group("code"), m.group("sub"), row))
    return expects, errors


def parse_advice_expects(rel: str, text: str) -> tuple[list[AdviceExpect], list[str]]:
    """`expect-advice:` annotations of one file, placed like `expect:` ones."""
    is_py = rel.endswith(".py")
    comments, code_lines = _comments_py(text) if is_py else _comments_c(text)
    out: list[AdviceExpect] = []
    errors: list[str] = []
    for row, _col, comment, alone in comments:
        words = ADVICE_WORD_RE.findall(comment)
        if not words:
            continue
        found = list(ADVICE_RE.finditer(comment))
        if len(found) != len(words):
            errors.append(f"{rel}:{row}: malformed advice annotation {comment.strip()!r} "
                          f'(write `expect-advice: processes` or `expect-advice: threads "text"`)')
            continue
        target = row
        if alone:
            later = [n for n in code_lines if n > row]
            if not later:
                errors.append(f"{rel}:{row}: annotation on its own line is followed by no code")
                continue
            target = later[0]
        for m in found:
            out.append(AdviceExpect(rel, target, m.group("model"), m.group("sub"), row))
    return out, errors


def parse_concise(stdout: str) -> list[tuple[str, int, int, str, str, str]]:
    """Finding lines of `--format concise` output; other lines (summary, notes) are ignored."""
    out = []
    for line in stdout.splitlines():
        m = FINDING_RE.match(line.rstrip("\r"))
        if m:
            out.append((m["path"], int(m["line"]), int(m["col"]), m["sev"], m["code"], m["msg"]))
    return out


def match(expects: list[Expect], findings: list[Finding]
          ) -> tuple[list[Expect], list[Finding]]:
    """Pairs expectations with findings (same file, line and code; message contains the substring)
    by maximum bipartite matching. Returns (unmatched expectations, unmatched findings)."""
    def ok(e: Expect, f: Finding) -> bool:
        return (e.file == f.file and e.line == f.line and e.code == f.code
                and (e.sub is None or e.sub in f.msg))

    owner: dict[int, int] = {}      # finding index -> expectation index

    def augment(ei: int, seen: set[int]) -> bool:
        for fi, f in enumerate(findings):
            if fi in seen or not ok(expects[ei], f):
                continue
            seen.add(fi)
            if fi not in owner or augment(owner[fi], seen):
                owner[fi] = ei
                return True
        return False

    matched = set()
    for ei in range(len(expects)):
        if augment(ei, set()):
            matched = set(owner.values())
    return ([e for i, e in enumerate(expects) if i not in matched],
            [f for i, f in enumerate(findings) if i not in owner])


# ---------------------------------------------------------------------------------------------
# Renaming
#
# A name is renamed at its binding and at every use that resolves to that binding, following
# Python's scopes: a function's locals, enclosing functions, `global`/`nonlocal`, module globals,
# and the other modules of a case through imports (`from worker import crunch`, `worker.crunch`).
# Left alone: parameters, class members (they are reached as attributes), dunders, builtins,
# `self`/`cls`, module names of the case's own files, roots of dotted imports, match captures, and
# any binding that is also used where tokenize sees no NAME (inside an f-string), so the renamed
# program means the same as the original.

_BUILTINS = set(dir(builtins))
_KEYWORDS = set(keyword.kwlist) | set(keyword.softkwlist)
_RENAMEABLE_KINDS = {"assign", "def", "class", "import", "except"}


def _is_dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


def _rn(name: str) -> str:
    return name + RENAME_SUFFIX


class _Scope:
    def __init__(self, kind: str, parent: "_Scope | None", file: str, sid: int):
        self.kind = kind            # module, function, class, comprehension
        self.parent = parent
        self.file = file
        self.sid = sid
        self.binds: dict[str, set[str]] = {}
        self.globals_: set[str] = set()
        self.nonlocals_: set[str] = set()

    def module(self) -> "_Scope":
        s = self
        while s.parent is not None:
            s = s.parent
        return s


@dataclass
class _Site:
    """One place whose text may change: `how` says how, `keys` which bindings decide it."""
    file: str
    how: str                    # name, import_bare, from_name, from_asname, attr
    tok: int | None             # token index of the NAME, None when there is none (f-string)
    name: str
    scope: _Scope | None = None         # for how == name: resolve `name` from here
    keys: tuple = ()                    # resolved binding keys


class _File:
    def __init__(self, rel: str, src: str):
        self.rel = rel
        self.src = src
        self.tree = ast.parse(src)
        self.lines = io.StringIO(src).readlines()
        self.tokens = list(tokenize.generate_tokens(io.StringIO(src).readline))
        self.by_start = {t.start: i for i, t in enumerate(self.tokens)}
        self.by_end = {t.end: i for i, t in enumerate(self.tokens) if t.type == tokenize.NAME}

    def char_col(self, row: int, byte_col: int) -> int:
        """ast counts columns in UTF-8 bytes, tokenize in characters."""
        line = self.lines[row - 1] if row - 1 < len(self.lines) else ""
        return len(line.encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))

    def name_tok(self, i: int | None, name: str) -> int | None:
        """i when token i is the NAME `name` (not an attribute); else None."""
        if i is None or i >= len(self.tokens):
            return None
        t = self.tokens[i]
        return i if t.type == tokenize.NAME and t.string == name else None

    def at_start(self, node_or_row, byte_col: int | None = None) -> int | None:
        if byte_col is None:
            row, byte_col = node_or_row.lineno, node_or_row.col_offset
        else:
            row = node_or_row
        return self.by_start.get((row, self.char_col(row, byte_col)))

    def at_end(self, node) -> int | None:
        return self.by_end.get((node.end_lineno, self.char_col(node.end_lineno,
                                                              node.end_col_offset)))

    def after_word(self, i: int | None, word: str) -> int | None:
        """Index of the token after the first `word` at or after token i."""
        if i is None:
            return None
        while i < len(self.tokens) and self.tokens[i].string != word:
            i += 1
        return i + 1 if i + 1 < len(self.tokens) else None


class _Renamer:
    """Renames the Python files of one case together."""

    def __init__(self, sources: dict[str, str]):
        self.files: dict[str, _File] = {}
        for rel, src in sources.items():
            try:
                self.files[rel] = _File(rel, src)
            except (SyntaxError, ValueError, tokenize.TokenError, IndentationError):
                pass    # left as it is (a CC000 case holds broken files on purpose)
        self.scopes: list[_Scope] = []
        self.mod_scope: dict[str, _Scope] = {}
        self.sites: list[_Site] = []
        self.module_of: dict[tuple, str] = {}   # binding key -> case file it names (a module)
        self.frozen: set[tuple] = set()
        self.fstring = 0

    # -- modules of the case
    def resolve_module(self, importer: str, level: int, dotted: str | None) -> str | None:
        parts = [p for p in (dotted or "").split(".") if p]
        if level > 0:
            base = os.path.dirname(importer)
            for _ in range(level - 1):
                base = os.path.dirname(base)
            bases = [base]
        else:
            bases, d = [], os.path.dirname(importer)
            while True:
                bases.append(d)
                if not d:
                    break
                d = os.path.dirname(d)
        for base in bases:
            stem = "/".join([base] + parts if base else parts)
            for cand in ([stem + ".py"] if parts else []) + [
                    (stem + "/" if stem else "") + "__init__.py"]:
                if cand in self.files:
                    return cand
        return None

    def submodule(self, package_file: str, name: str) -> str | None:
        if not package_file.endswith("__init__.py"):
            return None
        d = os.path.dirname(package_file)
        for cand in (f"{d}/{name}.py" if d else f"{name}.py",
                     f"{d}/{name}/__init__.py" if d else f"{name}/__init__.py"):
            if cand in self.files:
                return cand
        return None

    # -- pass 1: scopes, bindings, sites
    def new_scope(self, kind: str, parent: _Scope | None, file: str) -> _Scope:
        s = _Scope(kind, parent, file, len(self.scopes))
        self.scopes.append(s)
        return s

    def bind(self, scope: _Scope, name: str, kind: str) -> None:
        if scope.kind != "module" and name in scope.globals_:
            scope = scope.module()
        elif name in scope.nonlocals_:
            return
        scope.binds.setdefault(name, set()).add(kind)

    def key(self, scope: _Scope, name: str) -> tuple:
        return (scope.file, scope.sid, name)

    def name_site(self, f: _File, scope: _Scope, name: str, tok: int | None) -> None:
        tok = None if self.fstring else f.name_tok(tok, name)
        self.sites.append(_Site(f.rel, "name", tok, name, scope))

    def walk_file(self, f: _File) -> None:
        scope = self.new_scope("module", None, f.rel)
        self.mod_scope[f.rel] = scope
        self.visit(f, f.tree, scope)

    def visit_all(self, f: _File, nodes, scope: _Scope) -> None:
        for n in nodes:
            if n is not None:
                self.visit(f, n, scope)

    def visit_args(self, f: _File, args: ast.arguments, outer: _Scope, inner: _Scope) -> None:
        self.visit_all(f, args.defaults + args.kw_defaults, outer)
        for a in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]:
            if a is not None:
                self.bind(inner, a.arg, "param")
                self.visit_all(f, [a.annotation], outer)

    def visit_comprehension(self, f: _File, node, scope: _Scope) -> None:
        gens = node.generators
        self.visit(f, gens[0].iter, scope)
        inner = self.new_scope("comprehension", scope, f.rel)
        for i, g in enumerate(gens):
            if i:
                self.visit(f, g.iter, inner)
            self.visit(f, g.target, inner)
            self.visit_all(f, g.ifs, inner)
        elts = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
        self.visit_all(f, elts, inner)

    def visit(self, f: _File, node, scope: _Scope) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.visit_all(f, node.decorator_list, scope)
            self.visit_all(f, [node.returns], scope)
            self.bind(scope, node.name, "def")
            self.name_site(f, scope, node.name, f.after_word(f.at_start(node), "def"))
            inner = self.new_scope("function", scope, f.rel)
            self.visit_args(f, node.args, scope, inner)
            self.visit_all(f, node.body, inner)
        elif isinstance(node, ast.Lambda):
            inner = self.new_scope("function", scope, f.rel)
            self.visit_args(f, node.args, scope, inner)
            self.visit(f, node.body, inner)
        elif isinstance(node, ast.ClassDef):
            self.visit_all(f, node.decorator_list + node.bases + node.keywords, scope)
            self.bind(scope, node.name, "class")
            self.name_site(f, scope, node.name, f.after_word(f.at_start(node), "class"))
            inner = self.new_scope("class", scope, f.rel)
            self.visit_all(f, node.body, inner)
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            self.visit_comprehension(f, node, scope)
        elif isinstance(node, ast.Name):
            if isinstance(node.ctx, (ast.Store, ast.Del)):
                self.bind(scope, node.id, "assign")
            self.name_site(f, scope, node.id, f.at_start(node))
        elif isinstance(node, ast.NamedExpr):
            target = scope
            while target.kind == "comprehension":
                target = target.parent
            self.bind(target, node.target.id, "assign")
            self.name_site(f, target, node.target.id, f.at_start(node.target))
            self.visit(f, node.value, scope)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            names = scope.globals_ if isinstance(node, ast.Global) else scope.nonlocals_
            names.update(node.names)
            i = f.at_start(node)
            end = (node.end_lineno, f.char_col(node.end_lineno, node.end_col_offset))
            for j in range(i + 1 if i is not None else len(f.tokens), len(f.tokens)):
                t = f.tokens[j]
                if t.start >= end:
                    break
                if t.type == tokenize.NAME:
                    self.name_site(f, scope, t.string, j)
        elif isinstance(node, ast.Import):
            self.visit_import(f, node, scope)
        elif isinstance(node, ast.ImportFrom):
            self.visit_import_from(f, node, scope)
        elif isinstance(node, ast.ExceptHandler):
            self.visit_all(f, [node.type], scope)
            if node.name:
                self.bind(scope, node.name, "except")
                self.name_site(f, scope, node.name, f.after_word(f.at_start(node), "as"))
            self.visit_all(f, node.body, scope)
        elif isinstance(node, ast.JoinedStr):
            self.fstring += 1
            for child in ast.iter_child_nodes(node):
                self.visit(f, child, scope)
            self.fstring -= 1
        elif isinstance(node, ast.Attribute):
            self.visit(f, node.value, scope)
            self.sites.append(_Site(f.rel, "attr", None if self.fstring else
                                    f.name_tok(f.at_end(node), node.attr), node.attr, scope,
                                    keys=(node.value,)))
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)):
            if node.name:
                self.bind(scope, node.name, "match")
            for child in ast.iter_child_nodes(node):
                self.visit(f, child, scope)
        elif isinstance(node, ast.MatchMapping):
            if node.rest:
                self.bind(scope, node.rest, "match")
            for child in ast.iter_child_nodes(node):
                self.visit(f, child, scope)
        else:
            for child in ast.iter_child_nodes(node):
                self.visit(f, child, scope)

    def visit_import(self, f: _File, node: ast.Import, scope: _Scope) -> None:
        for a in node.names:
            tok = f.at_end(a)
            if a.asname:
                self.bind(scope, a.asname, "import")
                self.name_site(f, scope, a.asname, tok)
                target = self.resolve_module(f.rel, 0, a.name)
                if target:
                    self.module_of[self.key(scope, a.asname)] = target
                continue
            root = a.name.split(".")[0]
            target = self.resolve_module(f.rel, 0, root)
            if "." in a.name:
                self.bind(scope, root, "dotted")
            elif target:
                self.bind(scope, root, "localmod")
            else:
                self.bind(scope, root, "import")
                self.sites.append(_Site(f.rel, "import_bare", f.name_tok(tok, root), root, scope))
                continue
            if target:
                self.module_of[self.key(scope, root)] = target

    def visit_import_from(self, f: _File, node: ast.ImportFrom, scope: _Scope) -> None:
        source = self.resolve_module(f.rel, node.level, node.module)
        for a in node.names:
            if a.name == "*":
                continue
            local = a.asname or a.name
            sub = self.resolve_module(f.rel, node.level,
                                      f"{node.module}.{a.name}" if node.module else a.name)
            if sub and not a.asname:
                self.bind(scope, local, "localmod")
                self.module_of[self.key(scope, local)] = sub
                continue
            self.bind(scope, local, "import")
            if sub:
                self.module_of[self.key(scope, local)] = sub
            src_key = None
            if source and not sub and a.name in self.mod_scope_binds(source):
                src_key = (source, None, a.name)    # module scope of `source`, resolved later
            name_tok = f.name_tok(f.at_start(a), a.name)
            if a.asname:
                self.sites.append(_Site(f.rel, "from_name", name_tok, a.name, scope,
                                        keys=(src_key,)))
                self.name_site(f, scope, a.asname, f.at_end(a))
            else:
                self.sites.append(_Site(f.rel, "from_bare", name_tok, a.name, scope,
                                        keys=(src_key,)))

    def mod_scope_binds(self, rel: str) -> set[str]:
        """Names a module binds at its top level (from its tree: it may not be walked yet)."""
        names: set[str] = set()
        tree = self.files[rel].tree
        for stmt in ast.walk(tree):
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(stmt.name)
            elif isinstance(stmt, ast.Name) and isinstance(stmt.ctx, ast.Store):
                names.add(stmt.id)
            elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
                for a in stmt.names:
                    names.add(a.asname or a.name.split(".")[0])
        return names

    # -- pass 2: resolution
    def lookup(self, scope: _Scope | None, name: str) -> tuple | None:
        while scope is not None:
            if scope.kind == "module":
                return self.key(scope, name) if name in scope.binds else None
            if name in scope.globals_:
                return self.lookup(scope.module(), name)
            if name in scope.nonlocals_:
                scope = scope.parent
                while scope is not None and scope.kind == "class":
                    scope = scope.parent
                continue
            if name in scope.binds:
                return self.key(scope, name)
            nxt = scope.parent
            if scope.kind != "class":
                while nxt is not None and nxt.kind == "class":
                    nxt = nxt.parent
            scope = nxt
        return None

    def module_of_expr(self, expr, scope: _Scope) -> str | None:
        if isinstance(expr, ast.Name):
            k = self.lookup(scope, expr.id)
            return self.module_of.get(k) if k else None
        if isinstance(expr, ast.Attribute):
            base = self.module_of_expr(expr.value, scope)
            return self.submodule(base, expr.attr) if base else None
        return None

    def renameable(self, k: tuple | None) -> bool:
        if k is None or k in self.frozen:
            return False
        file, sid, name = k
        scope = self.scopes[sid]
        kinds = scope.binds.get(name, set())
        return (scope.kind != "class" and bool(kinds) and kinds <= _RENAMEABLE_KINDS
                and not _is_dunder(name) and name not in _BUILTINS and name not in _KEYWORDS
                and name not in ("self", "cls"))

    def run(self) -> dict[str, str]:
        for f in self.files.values():
            self.walk_file(f)
        for s in self.sites:
            if s.how in ("name", "import_bare"):
                s.keys = (self.lookup(s.scope, s.name),)
            elif s.how == "attr":
                mod = self.module_of_expr(s.keys[0], s.scope)
                ms = self.mod_scope.get(mod) if mod else None
                s.keys = ((self.key(ms, s.name) if ms and s.name in ms.binds else None),)
            elif s.how in ("from_name", "from_bare"):
                src = s.keys[0]
                if src is not None:
                    ms = self.mod_scope[src[0]]
                    src = self.key(ms, src[2]) if src[2] in ms.binds else None
                local = self.lookup(s.scope, s.name) if s.how == "from_bare" else None
                s.keys = (src, local)
        # Module names at the top of a module are reachable from `__all__` strings: keep them.
        for rel, f in self.files.items():
            for stmt in f.tree.body:
                if (isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name)
                                                         and t.id == "__all__"
                                                         for t in stmt.targets)):
                    for c in ast.walk(stmt.value):
                        if isinstance(c, ast.Constant) and isinstance(c.value, str):
                            self.frozen.add(self.key(self.mod_scope[rel], c.value))
        # A binding used where there is no NAME token to edit is not renamed anywhere.
        for s in self.sites:
            if s.tok is None:
                self.frozen.update(k for k in s.keys if k is not None)
        edits: dict[str, dict[int, str]] = {rel: {} for rel in self.files}
        for s in self.sites:
            if s.tok is None:
                continue
            new = None
            if s.how in ("name", "attr"):
                if self.renameable(s.keys[0]):
                    new = _rn(s.name)
            elif s.how == "import_bare":
                if self.renameable(s.keys[0]):
                    new = f"{s.name} as {_rn(s.name)}"
            elif s.how == "from_name":
                if self.renameable(s.keys[0]):
                    new = _rn(s.name)
            elif s.how == "from_bare":
                src_new = _rn(s.name) if self.renameable(s.keys[0]) else s.name
                local_new = _rn(s.name) if self.renameable(s.keys[1]) else s.name
                if src_new == local_new:
                    new = src_new if src_new != s.name else None
                else:
                    new = f"{src_new} as {local_new}"
            if new is not None:
                edits[s.file][s.tok] = new
        return {rel: self.apply(f, edits[rel]) for rel, f in self.files.items()}

    @staticmethod
    def apply(f: _File, edits: dict[int, str]) -> str:
        lines = list(f.lines)
        for i in sorted(edits, key=lambda i: f.tokens[i].start, reverse=True):
            t = f.tokens[i]
            row, col = t.start
            s = lines[row - 1]
            lines[row - 1] = s[:col] + edits[i] + s[t.end[1]:]
        return "".join(lines)


def read_source(path: str) -> tuple[str, str]:
    """Text and encoding of a Python file (PEP 263 cookie or BOM honoured)."""
    with open(path, "rb") as fh:
        data = fh.read()
    enc, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(enc), enc


def rename_case(files: dict[str, str]) -> dict[str, str]:
    """Renamed copies of a case's Python files {relpath: source}, other files left out. Files
    that do not parse come back unchanged. Every line stays on its line."""
    py = {rel: src for rel, src in files.items() if rel.endswith(".py")}
    out = _Renamer(py).run()
    return {rel: out.get(rel, src) for rel, src in py.items()}


# ---------------------------------------------------------------------------------------------
# Cases


@dataclass
class Case:
    code: str           # CC302
    name: str           # stem: `lambda_map` for lambda_map.py or lambda_map/
    entry: str          # file or folder name inside the code folder
    parent: str         # the code folder (absolute)
    files: list[str] = field(default_factory=list)  # relpaths from parent, '/'-separated

    @property
    def label(self) -> str:
        return f"{self.code}/{self.entry}"

    @property
    def is_twin(self) -> bool:
        return self.name.endswith("_twin")


def discover(cases_dir: str) -> list[Case]:
    cases_dir = os.path.abspath(cases_dir)
    if CODE_DIR_RE.match(os.path.basename(cases_dir)):
        code_dirs = [cases_dir]
    else:
        code_dirs = [os.path.join(cases_dir, d) for d in sorted(os.listdir(cases_dir))
                     if CODE_DIR_RE.match(d) and os.path.isdir(os.path.join(cases_dir, d))]
    cases = []
    for cdir in code_dirs:
        code = os.path.basename(cdir)
        for entry in sorted(os.listdir(cdir)):
            full = os.path.join(cdir, entry)
            if entry.startswith((".", "__pycache__")):
                continue
            if os.path.isdir(full):
                case = Case(code, entry, entry, cdir)
                for root, dirs, fnames in os.walk(full):
                    dirs[:] = sorted(d for d in dirs
                                     if d != "__pycache__" and not d.startswith("."))
                    for f in sorted(fnames):
                        if f.endswith(CASE_FILE_EXTS):
                            case.files.append(os.path.relpath(os.path.join(root, f), cdir)
                                              .replace(os.sep, "/"))
                cases.append(case)
            elif entry.endswith(CASE_FILE_EXTS):
                cases.append(Case(code, os.path.splitext(entry)[0], entry, cdir, [entry]))
    return cases


def concur_env() -> dict[str, str]:
    # The advice's estimates use the shipped constants and two cores, whatever the machine.
    env = dict(os.environ, NO_COLOR="1")
    env.setdefault("CONCUR_COSTS", "defaults")
    env.setdefault("CONCUR_CORES", "2")
    return env


def run_advice(concur: str, code: str, cwd: str, entry: str
               ) -> tuple[list[Advice] | None, str]:
    """The advice records of one case, from --format json."""
    select = "CC000" if code == ADVICE_CODE else f"{code},CC000"
    cmd = [concur, "check", "--format", "json", "--fail-on", "never", "--select", select, entry]
    try:
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=concur_env(),
                              timeout=CONCUR_TIMEOUT, errors="replace")
    except (FileNotFoundError, subprocess.TimeoutExpired) as e:
        return None, f"cannot run {' '.join(cmd)}: {e}"
    if proc.returncode != 0:
        return None, f"concur exited {proc.returncode}: {' '.join(cmd)}\n{proc.stderr[-2000:]}"
    import json
    doc = json.loads(proc.stdout)
    out = []
    for a in doc.get("advice", []):
        rel = os.path.relpath(os.path.normpath(os.path.join(cwd, a["path"])), cwd)
        out.append(Advice(rel.replace(os.sep, "/"), a["line"], a["current_model"],
                          a["recommended_model"], " | ".join(a["reasons"])))
    return out, ""


def match_advice(expects: list[AdviceExpect], got: list[Advice]
                 ) -> tuple[list[AdviceExpect], list[Advice]]:
    left = list(got)
    missing = []
    for e in expects:
        for i, a in enumerate(left):
            if (a.file == e.file and a.line == e.line and a.model == e.model
                    and (e.sub is None or e.sub in a.reasons)):
                del left[i]
                break
        else:
            missing.append(e)
    return missing, left


def run_concur(concur: str, code: str, cwd: str, entry: str
               ) -> tuple[list[Finding] | None, str]:
    """Runs concur on one case. Returns (findings, "") or (None, what went wrong)."""
    select = "CC000" if code == ADVICE_CODE else f"{code},CC000"
    cmd = [concur, "check", "--format", "concise", "--fail-on", "never",
           "--report-unused-suppressions", "--select", select, entry]
    env = concur_env()
    try:
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env,
                              timeout=CONCUR_TIMEOUT, errors="replace")
    except FileNotFoundError:
        return None, f"cannot run {concur}"
    except subprocess.TimeoutExpired:
        return None, f"concur took more than {CONCUR_TIMEOUT}s"
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-15:])
        return None, (f"concur exited {proc.returncode} (expected 0 with --fail-on never): "
                      f"{' '.join(cmd)}\n{tail}")
    findings = []
    for path, line, col, sev, fcode, msg in parse_concise(proc.stdout):
        rel = os.path.relpath(os.path.normpath(os.path.join(cwd, path)), cwd)
        findings.append(Finding(rel.replace(os.sep, "/"), line, col, sev, fcode, msg))
    return findings, ""


def fmt_expect(e: Expect) -> str:
    sub = f' "{e.sub}"' if e.sub is not None else ""
    where = "" if e.at == e.line else f" (annotation on line {e.at})"
    return f"{e.file}:{e.line}: expected {e.code}{sub}, got no matching finding{where}"


def fmt_finding(f: Finding, prefix: str = "unexpected") -> str:
    return f"{f.file}:{f.line}:{f.col}: {prefix} {f.sev}[{f.code}]: {f.msg}"


def numbered(text: str) -> str:
    return "".join(f"{i:4} | {line}" for i, line in enumerate(io.StringIO(text).readlines(), 1))


def check_case(case: Case, args, all_names: dict[str, set[str]]) -> list[str]:
    """Failure messages of one case (empty when it passes)."""
    problems: list[str] = []
    sources: dict[str, str] = {}
    expects: list[Expect] = []
    advice_expects: list[AdviceExpect] = []
    for rel in case.files:
        path = os.path.join(case.parent, rel)
        try:
            text = read_source(path)[0] if rel.endswith(".py") else \
                open(path, encoding="utf-8", errors="replace").read()
        except (OSError, SyntaxError, UnicodeDecodeError):
            text = open(path, encoding="utf-8", errors="replace").read()
        sources[rel] = text
        ex, errs = parse_expects(rel, text)
        expects += ex
        problems += errs
        aex, errs = parse_advice_expects(rel, text)
        advice_expects += aex
        problems += errs
    if not case.files:
        problems.append("the case folder holds no source file")

    # Twins: a positive case needs one; a twin expects no finding of the folder's code.
    names = all_names[case.code]
    if case.code == ADVICE_CODE:
        # Advice cases: every one is positive (it expects advice) and has a twin that changes
        # one fact and, with it, the advice at one site at least.
        if expects:
            problems.append(f"{ADVICE_CODE} cases expect advice, not findings")
        if not advice_expects:
            problems.append(f"an {ADVICE_CODE} case needs `expect-advice:` annotations")
        if case.is_twin:
            base = case.name[: -len("_twin")]
            if base not in names:
                problems.append(f"twin without a case: no {base}(.py|/) beside it")
            else:
                theirs = advice_annotations(case, base)
                mine = {(e.file.split("/", 1)[-1] if "/" in e.file else "", e.line, e.model)
                        for e in advice_expects}
                if theirs is not None and theirs == mine:
                    problems.append(f"the twin expects the same advice as {base}: it must "
                                    f"change the advice at one site at least")
        elif f"{case.name}_twin" not in names:
            problems.append(f"advice case without a twin: add {case.name}_twin.py (or "
                            f"{case.name}_twin/) that changes one fact and the advice")
    elif case.is_twin:
        if case.name[: -len("_twin")] not in names:
            problems.append(f"twin without a case: no {case.name[:-len('_twin')]}(.py|/) beside it")
        own = [e for e in expects if e.code == case.code]
        problems += [f"{e.file}:{e.line}: a twin must expect no {case.code} finding" for e in own]
    elif expects and f"{case.name}_twin" not in names:
        problems.append(f"positive case without a twin: add {case.name}_twin.py "
                        f"(or {case.name}_twin/) that differs in one fact and expects no "
                        f"{case.code}")

    findings, err = run_concur(args.concur, case.code, case.parent, case.entry)
    if findings is None:
        return problems + [err]
    missing, extra = match(expects, findings)
    problems += [fmt_expect(e) for e in missing]
    problems += [fmt_finding(f) for f in extra]

    check_advice = bool(advice_expects) or case.code == ADVICE_CODE
    advice: list[Advice] = []
    if check_advice:
        got, err = run_advice(args.concur, case.code, case.parent, case.entry)
        if got is None:
            return problems + [err]
        advice = got
        amiss, aextra = match_advice(advice_expects, got)
        for e in amiss:
            sub = f' "{e.sub}"' if e.sub is not None else ""
            near = [a for a in got if a.file == e.file and a.line == e.line]
            what = (f"; got {near[0].current} -> {near[0].model}: {near[0].reasons}"
                    if near else "; no advice on that line")
            problems.append(f"{e.file}:{e.line}: expected advice {e.model}{sub}{what}")
        for a in aextra:
            problems.append(f"{a.file}:{a.line}: unexpected advice {a.current} -> {a.model}: "
                            f"{a.reasons}")

    if args.rename and any(rel.endswith(".py") for rel in case.files):
        problems += check_renamed(case, args, sources, findings,
                                  advice if check_advice else None)
    return problems


def advice_annotations(case: Case, other: str) -> set[tuple[str, int, str]] | None:
    """The (file inside the case, line, model) advice annotations of the sibling case `other`."""
    for entry in (other + ".py", other + ".c", other):
        full = os.path.join(case.parent, entry)
        if not os.path.exists(full):
            continue
        files = ([full] if os.path.isfile(full) else
                 [os.path.join(r, f) for r, _, fs in os.walk(full) for f in fs
                  if f.endswith(CASE_FILE_EXTS)])
        out = set()
        for path in files:
            rel = os.path.relpath(path, case.parent).replace(os.sep, "/")
            text = open(path, encoding="utf-8", errors="replace").read()
            for e in parse_advice_expects(rel, text)[0]:
                out.add((rel.split("/", 1)[-1] if "/" in rel else "", e.line, e.model))
        return out
    return None


def check_renamed(case: Case, args, sources: dict[str, str], base: list[Finding],
                  base_advice: list[Advice] | None = None) -> list[str]:
    renamed = rename_case(sources)
    for rel, new in renamed.items():
        if new.count("\n") != sources[rel].count("\n"):
            return [f"runner bug: renaming {rel} moved lines\n{numbered(new)}"]
    with tempfile.TemporaryDirectory(prefix="concur-rn-") as tmp:
        src = os.path.join(case.parent, case.entry)
        dst = os.path.join(tmp, case.entry)
        if os.path.isdir(src):
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dst)
        for rel, new in renamed.items():
            enc = read_source(os.path.join(case.parent, rel))[1]
            with open(os.path.join(tmp, rel), "w", encoding=enc, newline="") as fh:
                fh.write(new)
        findings, err = run_concur(args.concur, case.code, tmp, case.entry)
        advice: list[Advice] = []
        if findings is not None and base_advice is not None:
            got, err = run_advice(args.concur, case.code, tmp, case.entry)
            if got is None:
                findings = None
            else:
                advice = got
    if findings is None:
        return [f"rename rerun: {err}"]
    if base_advice is not None:
        akey = lambda a: (a.file, a.line, a.model)   # noqa: E731
        if Counter(map(akey, base_advice)) != Counter(map(akey, advice)):
            lost = Counter(map(akey, base_advice)) - Counter(map(akey, advice))
            new = Counter(map(akey, advice)) - Counter(map(akey, base_advice))
            return ["rename rerun changed the advice: lost "
                    + ", ".join(f"{f}:{l} {m}" for f, l, m in lost)
                    + "; new " + ", ".join(f"{f}:{l} {m}" for f, l, m in new)]
    key = lambda f: (f.file, f.line, f.code)   # noqa: E731
    before, after = Counter(map(key, base)), Counter(map(key, findings))
    if before == after:
        return []
    out = ["rename rerun changed the findings (identifiers renamed x -> x_rn, same lines):"]
    for (file, line, code), n in sorted((before - after).items()):
        out.append(f"  {file}:{line}: {code} lost after renaming" + (f" (x{n})" if n > 1 else ""))
    for f in findings:
        if (after - before)[key(f)] > 0:
            out.append("  " + fmt_finding(f, "new after renaming:"))
    for rel, new in renamed.items():
        if new != sources[rel]:
            out.append(f"  renamed {rel}:\n{numbered(new).rstrip()}")
    return out


def run(args) -> int:
    if not os.path.isdir(args.cases_dir):
        print(f"run_cases: no such folder: {args.cases_dir}", file=sys.stderr)
        return 2
    concur = args.concur if os.sep in args.concur else shutil.which(args.concur) or args.concur
    args.concur = os.path.abspath(concur)
    if not os.access(args.concur, os.X_OK):
        print(f"run_cases: concur not found or not executable: {args.concur}", file=sys.stderr)
        return 2
    cases = discover(args.cases_dir)
    all_names: dict[str, set[str]] = {}
    for c in cases:
        all_names.setdefault(c.code, set()).add(c.name)
    selected = [c for c in cases if not args.k or args.k in c.label]
    if not selected:
        print("run_cases: no case selected", file=sys.stderr)
        return 2
    failed = known = 0
    tally: dict[str, list[int]] = {}
    for case in selected:
        problems = check_case(case, args, all_names)
        if args.scores:
            score_case(case, problems, tally)
        reason = known_miss(case)
        if reason is not None and problems:
            known += 1
            print(f"KNOWN-MISS {case.label}: {reason}")
            if args.verbose:
                for p in problems:
                    print("  " + p.replace("\n", "\n  "))
        elif reason is not None:
            failed += 1
            print(f"FAIL {case.label}")
            print("  marked `concur-case: known-miss` but passes now: remove the marker")
        elif problems:
            failed += 1
            print(f"FAIL {case.label}")
            for p in problems:
                print("  " + p.replace("\n", "\n  "))
        elif args.verbose:
            print(f"ok   {case.label}")
    if args.scores:
        print("rule   expected  matched  missed  unexpected  precision  recall")
        for code in sorted(tally):
            e, fn, fp = tally[code]
            tp = e - fn
            prec = tp / (tp + fp) if tp + fp else 1.0
            rec = tp / e if e else 1.0
            print(f"{code}  {e:8}  {tp:7}  {fn:6}  {fp:10}  {prec:9.3f}  {rec:6.3f}")
    print(f"{len(selected)} cases, {len(selected) - failed - known} passed, {failed} failed, "
          f"{known} known misses" + ("" if args.rename else " (rename rerun off)"))
    return 1 if failed else 0


UNEXPECTED_RE = re.compile(r"unexpected \w+\[(CC\d{3})\]")
MISSED_RE = re.compile(r"expected (CC\d{3}).*got no matching finding")


def score_case(case: Case, problems: list[str], tally: dict[str, list[int]]) -> None:
    """Adds the case's expected, missed and unexpected findings to tally[code]."""
    for rel in case.files:
        with open(os.path.join(case.parent, rel), encoding="utf-8", errors="replace") as fh:
            for m in EXPECT_RE.finditer(fh.read()):
                tally.setdefault(m.group("code"), [0, 0, 0])[0] += 1
    for p in problems:
        first = p.split("\n", 1)[0]
        m = MISSED_RE.search(first)
        if m:
            tally.setdefault(m.group(1), [0, 0, 0])[1] += 1
        m = UNEXPECTED_RE.search(first)
        if m:
            tally.setdefault(m.group(1), [0, 0, 0])[2] += 1


KNOWN_MISS_RE = re.compile(r"concur-case:\s*known-miss\s*(.*)")


def known_miss(case: Case) -> str | None:
    """The reason given by a `concur-case: known-miss <reason>` line in one of the case's files:
    a case concur does not get right yet, kept to measure recall and precision honestly. It
    must still fail; once it passes, the runner says to remove the marker."""
    for rel in case.files:
        with open(os.path.join(case.parent, rel), encoding="utf-8", errors="replace") as fh:
            for line in fh.read().splitlines()[:60]:
                m = KNOWN_MISS_RE.search(line)
                if m:
                    return m.group(1).strip().rstrip("*/").strip() or "no reason given"
    return None


# ---------------------------------------------------------------------------------------------
# Self-test


def self_test() -> int:
    # Annotations: end of line, own line (skips blanks and comments), several, substring.
    src = (
        "import os\n"                                     # 1
        "x = 1  # expect: CC302\n"                        # 2
        "# expect: CC303 \"under spawn\"\n"               # 3
        "\n"                                              # 4
        "# an ordinary comment\n"                         # 5
        "y = 2\n"                                         # 6
        "z = 3  # expect: CC302 # expect: CC302\n"        # 7
        "s = '# expect: CC999'  # expect-advice: threads\n"  # 8
        "def f():\n"                                      # 9
        "    # expect: CC302 \"lambda\"\n"                # 10
        "    return g(lambda: 1)\n"                       # 11
    )
    ex, errs = parse_expects("a.py", src)
    aex, aerrs = parse_advice_expects("a.py", src)
    assert [(e.line, e.model) for e in aex] == [(8, "threads")] and not aerrs, aex
    aex, aerrs = parse_advice_expects(
        "b.py", "# expect-advice: processes \"GIL\"\n\nf()\nx = 1  # expect-advice: Threads\n")
    assert [(e.line, e.model, e.sub) for e in aex] == [(3, "processes", "GIL")], aex
    assert len(aerrs) == 1 and "malformed" in aerrs[0], aerrs
    miss, extra = match_advice(
        [AdviceExpect("a.py", 3, "processes", "GIL", 3)],
        [Advice("a.py", 3, "threads", "processes", "x GIL y"),
         Advice("a.py", 9, "threads", "threads", "")])
    assert miss == [] and [a.line for a in extra] == [9], (miss, extra)
    got = [(e.line, e.code, e.sub) for e in ex]
    want = [(2, "CC302", None), (6, "CC303", "under spawn"), (7, "CC302", None),
            (7, "CC302", None), (11, "CC302", "lambda")]
    assert errs == [], errs
    assert got == want, got
    _, errs = parse_expects("a.py", "x = 1  # expect: cc302\n")
    assert len(errs) == 1 and "malformed" in errs[0], errs
    _, errs = parse_expects("a.py", "x = 1\n# expect: CC302\n")
    assert len(errs) == 1 and "no code" in errs[0], errs
    ex, errs = parse_expects("a.c", "int x;\n// expect: CC204\nrand();\nf(); // expect: CC201\n")
    assert [(e.line, e.code) for e in ex] == [(3, "CC204"), (4, "CC201")] and not errs, ex
    # A file that does not tokenize still has its annotations read.
    ex, errs = parse_expects("b.py", "def f(:\n    x = '''  # expect: CC000\n")
    assert [(e.line, e.code) for e in ex] == [(2, "CC000")], ex

    # Concise output.
    out = ("pkg/a.py:12:9: error[CC302]: lambda sent to a process: x\n"
           "C:/odd:path.py:3:1: warning[CC000]: cannot parse\n"
           "Found 2 findings.\n")
    p = parse_concise(out)
    assert p[0] == ("pkg/a.py", 12, 9, "error", "CC302", "lambda sent to a process: x"), p
    assert p[1][:2] == ("C:/odd:path.py", 3) and len(p) == 2, p

    # Matching is a maximum matching, not first come first served.
    e1 = Expect("a.py", 3, "CC302", "x", 3)
    e2 = Expect("a.py", 3, "CC302", "y", 3)
    f1 = Finding("a.py", 3, 1, "error", "CC302", "x and y")
    f2 = Finding("a.py", 3, 5, "error", "CC302", "only x")
    f3 = Finding("a.py", 4, 5, "error", "CC302", "other line")
    miss, extra = match([e1, e2], [f1, f2, f3])
    assert miss == [] and extra == [f3], (miss, extra)
    miss, extra = match([e1, e1], [f1])
    assert miss == [e1] and extra == [], (miss, extra)

    # Renaming a module.
    src = '''\
import multiprocessing
import os.path
import concurrent.futures as cf
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import Pool as P

square = lambda x: x * x  # expect: CC302 "square"
COUNT = 0


def work(data, scale=2):
    global COUNT
    total = 0
    for item in data:
        total += item * scale
    COUNT += 1
    return total


class Runner(multiprocessing.Process):
    workers = 4

    def run(self, items=None):
        with P(self.workers) as pool:
            return pool.map(work, items or [])


def main():
    label = "square"
    data = [1, 2]
    try:
        with multiprocessing.Pool() as pool:
            print(pool.map(square, data), work(data=data, scale=3), f"{label}")
    except OSError as err:
        print(err)
    with ProcessPoolExecutor(max_workers=2) as ex:
        ex.submit(work, [1]).result()
    print(os.path.join("a", "b"), cf.ThreadPoolExecutor, Runner().name)


if __name__ == "__main__":
    main()
'''
    want = '''\
import multiprocessing as multiprocessing_rn
import os.path
import concurrent.futures as cf_rn
from concurrent.futures import ProcessPoolExecutor as ProcessPoolExecutor_rn
from multiprocessing import Pool as P_rn

square_rn = lambda x: x * x  # expect: CC302 "square"
COUNT_rn = 0


def work_rn(data, scale=2):
    global COUNT_rn
    total_rn = 0
    for item_rn in data:
        total_rn += item_rn * scale
    COUNT_rn += 1
    return total_rn


class Runner_rn(multiprocessing_rn.Process):
    workers = 4

    def run(self, items=None):
        with P_rn(self.workers) as pool_rn:
            return pool_rn.map(work_rn, items or [])


def main_rn():
    label = "square"
    data_rn = [1, 2]
    try:
        with multiprocessing_rn.Pool() as pool_rn:
            print(pool_rn.map(square_rn, data_rn), work_rn(data=data_rn, scale=3), f"{label}")
    except OSError as err_rn:
        print(err_rn)
    with ProcessPoolExecutor_rn(max_workers=2) as ex_rn:
        ex_rn.submit(work_rn, [1]).result()
    print(os.path.join("a", "b"), cf_rn.ThreadPoolExecutor, Runner_rn().name)


if __name__ == "__main__":
    main_rn()
'''
    got = rename_case({"m.py": src})["m.py"]
    if got != want:
        import difflib
        print("".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                           "want", "got")))
        raise AssertionError("rename of a module")
    ast.parse(got)

    # Renaming across the modules of a folder case: module names stay, imported names follow.
    files = {
        "app/worker.py": "def crunch(n):\n    return n * n\n\nhelper = crunch\n",
        "app/main.py": ("import worker\nimport worker as w\nfrom worker import crunch\n"
                        "from . import worker as rel\nfrom .worker import helper as h\n"
                        "jobs = [crunch(1), worker.crunch(2), w.helper(3), rel.crunch(4), h(5)]\n"),
    }
    got = rename_case(files)
    assert got["app/worker.py"] == ("def crunch_rn(n):\n    return n * n\n\n"
                                    "helper_rn = crunch_rn\n"), got["app/worker.py"]
    assert got["app/main.py"] == (
        "import worker\nimport worker as w_rn\nfrom worker import crunch_rn\n"
        "from . import worker as rel_rn\nfrom .worker import helper_rn as h_rn\n"
        "jobs_rn = [crunch_rn(1), worker.crunch_rn(2), w_rn.helper_rn(3), rel_rn.crunch_rn(4), "
        "h_rn(5)]\n"), got["app/main.py"]

    # Scopes: a parameter shadows a global of the same name; nonlocal and closures follow the
    # binding; class members stay; a local lambda's parameter stays.
    src = (
        "lock = make()\n"
        "def use(lock):\n"
        "    return lock\n"
        "def outer():\n"
        "    count = 0\n"
        "    def bump(step):\n"
        "        nonlocal count\n"
        "        count += step\n"
        "    fn = lambda lock: lock + count\n"
        "    return bump, fn, lock\n"
        "class K:\n"
        "    mutex = lock\n"
        "    def run(self):\n"
        "        return [lock for lock in range(3)], self.mutex\n"
    )
    want = (
        "lock_rn = make()\n"
        "def use_rn(lock):\n"
        "    return lock\n"
        "def outer_rn():\n"
        "    count_rn = 0\n"
        "    def bump_rn(step):\n"
        "        nonlocal count_rn\n"
        "        count_rn += step\n"
        "    fn_rn = lambda lock: lock + count_rn\n"
        "    return bump_rn, fn_rn, lock_rn\n"
        "class K_rn:\n"
        "    mutex = lock_rn\n"
        "    def run(self):\n"
        "        return [lock_rn for lock_rn in range(3)], self.mutex\n"
    )
    got = rename_case({"s.py": src})["s.py"]
    assert got == want, got

    # Non-ASCII text before a name: ast's byte columns are mapped to tokenize's characters.
    got = rename_case({"u.py": "s = 'é'; t = s\n"})["u.py"]
    assert got == "s_rn = 'é'; t_rn = s_rn\n", got
    # A file that does not parse is left as it is.
    assert rename_case({"bad.py": "def f(:\n"})["bad.py"] == "def f(:\n"
    print("self-test passed")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--concur", default=os.environ.get("CONCUR", "concur"),
                    help="the concur binary (default: $CONCUR or concur on PATH)")
    ap.add_argument("--no-rename", dest="rename", action="store_false",
                    help="skip the rerun with identifiers renamed")
    ap.add_argument("-k", metavar="SUBSTR", help="only cases whose CODE/name contains SUBSTR")
    ap.add_argument("-v", "--verbose", action="store_true", help="list passing cases too")
    ap.add_argument("--scores", action="store_true",
                    help="print per rule the expected findings matched (true positives), missed "
                         "(false negatives) and unexpected (false positives), with precision and "
                         "recall; known misses count")
    ap.add_argument("--self-test", action="store_true", help="check the runner's own logic")
    ap.add_argument("cases_dir", nargs="?", help="tests/cases, or one tests/cases/<CODE>")
    args = ap.parse_args(argv)
    if args.self_test:
        return self_test()
    if not args.cases_dir:
        ap.error("CASES_DIR is required")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
