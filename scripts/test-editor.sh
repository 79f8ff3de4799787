#!/usr/bin/env bash
# The VS Code extension end to end: packages the extension if its sources changed, installs it in
# code-server and drives that in headless Chromium (tests/editor/e2e.test.mjs, node --test).
# Uses build/concur unless CONCUR_BIN names another binary. Screenshots, code-server's log and
# VS Code's logs (the language server's traffic included) land in build/editor-artifacts/.
# Run scripts/setup-editor.sh first (scripts/setup.sh does).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
node24=tests/editor/toolchain/node_modules/.bin/node
fail() {
    echo >&2
    echo "!!!!!!!! EDITOR TEST FAILED: $* !!!!!!!!" >&2
    echo "!!!!!!!! screenshots and logs: $here/build/editor-artifacts/ !!!!!!!!" >&2
    exit 1
}

echo "== editor: the VS Code extension in code-server and Chromium =="
[ -x "$node24" ] && [ -f tests/editor/code-server/node_modules/.concur-stamp ] &&
    [ -f tests/editor/node_modules/.concur-stamp ] ||
    fail "the editor test chain is not installed; run scripts/setup-editor.sh"
export CONCUR_BIN=${CONCUR_BIN:-$here/build/concur}
[ -x "$CONCUR_BIN" ] || fail "no concur binary at $CONCUR_BIN"
./scripts/setup-editor.sh --vsix || fail "the extension did not build"
"$node24" --test --test-reporter=spec tests/editor/e2e.test.mjs ||
    fail "see the failing steps above"
echo "editor test passed"
