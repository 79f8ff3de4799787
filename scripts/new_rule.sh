#!/usr/bin/env bash
# Scaffolds a new rule: its file (with the documentation sections), its line in rules/rules.def
# and its test folder with a positive case and its twin.
#   scripts/new_rule.sh CC101 cpu-bound-in-threads workload warning "One-line summary"
set -euo pipefail
[ $# -eq 5 ] || { echo "usage: $0 CODE slug family severity summary" >&2; exit 2; }
code=$1 slug=$2 family=$3 sev=$4 summary=$5
[[ $code =~ ^CC[0-9]{3}$ ]] || { echo "code must look like CC123" >&2; exit 2; }
cd "$(dirname "$0")/.."
num=${code#CC}
file=rules/$family/cc${num}_${slug//-/_}.c
fn=cc${num}_run
[ -e "$file" ] && { echo "$file exists" >&2; exit 2; }
grep -q "^CC_RULE($code," rules/rules.def && { echo "$code is already in rules.def" >&2; exit 2; }
mkdir -p "rules/$family" "tests/cases/$code"
cat > "$file" <<C
/* $code $slug
 *
 * ## What it does
 * TODO
 *
 * ## Why is this bad?
 * TODO
 *
 * ## Example
 * \`\`\`python
 * TODO
 * \`\`\`
 *
 * ## Use instead
 * \`\`\`python
 * TODO
 * \`\`\`
 */
#include "concur/program.h"

void $fn(cc_program *prog);
void $fn(cc_program *prog)
{
    (void)prog;
}
C
upper=$(echo "$sev" | tr a-z A-Z)
line="CC_RULE($code, \"$slug\", $upper, $fn, \"$summary\")"
# keep rules.def sorted by code
{ grep -v '^CC_RULE' rules/rules.def; { grep '^CC_RULE' rules/rules.def; echo "$line"; } | sort; } > rules/rules.def.new
mv rules/rules.def.new rules/rules.def
printf '# expect: %s\n' "$code" > "tests/cases/$code/first_case.py"
printf '# the same code, one semantic fact changed: no finding\n' > "tests/cases/$code/first_case_twin.py"
echo "created $file, tests/cases/$code/ and a rules.def line; write the rule, its doc and its cases"
