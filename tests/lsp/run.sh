#!/usr/bin/env bash
# Protocol tests of `concur lsp` under node --test: run.sh CONCUR_BINARY. vscode-jsonrpc comes
# from tests/lsp/package-lock.json (scripts/setup.sh installs it); without it this fails loudly
# rather than skipping.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export CONCUR_BIN=$(realpath "$1")
if ! command -v node >/dev/null 2>&1; then
    echo "FAIL: node not found: run scripts/setup.sh" >&2
    exit 1
fi
if [ ! -f "$here/node_modules/vscode-jsonrpc/package.json" ]; then
    echo "FAIL: $here/node_modules is missing: run scripts/setup.sh" \
         "(or: cd tests/lsp && npm ci --ignore-scripts)" >&2
    exit 1
fi
cd "$here"
exec node --test --test-reporter=spec lsp.test.js
