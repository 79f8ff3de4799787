#!/usr/bin/env python3
"""docs/rules/<CODE>.md (the pages diagnostics link to) match `concur explain CODE` for every rule,
and no page is left for a rule that no longer exists. Usage: test_rule_docs.py CONCUR"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "..", "..", "docs", "rules")


def main() -> int:
    concur = sys.argv[1]
    codes = [line.split()[0] for line in
             subprocess.run([concur, "rules"], capture_output=True, text=True,
                            check=True).stdout.splitlines() if line.strip()]
    bad = []
    for code in codes:
        want = subprocess.run([concur, "explain", code], capture_output=True, text=True,
                              check=True).stdout
        path = os.path.join(DOCS, code + ".md")
        if not os.path.exists(path):
            bad.append(f"{path} is missing")
        elif open(path, encoding="utf-8").read() != want:
            bad.append(f"{path} differs from `concur explain {code}`")
    for name in sorted(os.listdir(DOCS)):
        if name.endswith(".md") and name[:-3] not in codes:
            bad.append(f"docs/rules/{name} documents no rule")
    for b in bad:
        print("FAIL", b)
    if bad:
        print("run scripts/gen-rule-docs.sh to regenerate docs/rules/")
        return 1
    print(f"ok: {len(codes)} rule pages match `concur explain`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
