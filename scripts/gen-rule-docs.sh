#!/usr/bin/env bash
# Writes docs/rules/<CODE>.md from `concur explain CODE` for every rule (the pages the language
# server's diagnostics link to). The rule files' header comments are the source; run this after
# changing one. tests/cli/test_rule_docs.py fails when a page is out of date.
#   scripts/gen-rule-docs.sh [build/concur]
set -euo pipefail
cd "$(dirname "$0")/.."
concur=${1:-build/concur}
mkdir -p docs/rules
for code in $("$concur" rules | awk '{print $1}'); do
    "$concur" explain "$code" > "docs/rules/$code.md"
done
echo "wrote docs/rules/*.md"
