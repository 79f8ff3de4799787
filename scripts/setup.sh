#!/usr/bin/env bash
# Installs everything concur needs on Debian 12 and builds it into build/.
# Idempotent: re-running only rebuilds what changed. Needs root (or sudo) for apt-get.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages: the compiler and build tools; tree-sitter's runtime (0.20.7); libclang 19 for the
# C front end; cmocka for unit tests; xxhash for the interner's hash; jansson for JSON; python3 for
# the case runner and the standard-library runs, with jsonschema to validate the JSON report;
# chromium to render the HTML report in tests; neovim (0.7.2) as a real client of `concur lsp` in
# tests; node/npm only where the machine has none.
pkgs=(build-essential cmake pkg-config git ca-certificates libtree-sitter-dev libclang-19-dev
      libcmocka-dev libxxhash-dev libjansson-dev python3 python3-jsonschema chromium neovim)
command -v npm >/dev/null 2>&1 || pkgs+=(nodejs npm)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
fi

# npm from Debian ships its own CA list; trust the system's (which includes any local proxy's CA
# that update-ca-certificates installed).
cafile=()
[ -f /etc/ssl/certs/ca-certificates.crt ] && cafile=(--cafile=/etc/ssl/certs/ca-certificates.crt)

# The Python and TOML grammars, pinned in package.json and package-lock.json; scripts disabled so
# nothing from the registry runs here.
if [ ! -f third_party/node_modules/tree-sitter-python/src/parser.c ] ||
   [ ! -f third_party/node_modules/@tree-sitter-grammars/tree-sitter-toml/src/parser.c ] ||
   [ third_party/package-lock.json -nt third_party/node_modules/.package-lock.json ]; then
    (cd third_party && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error "${cafile[@]}")
fi

# Test tools: the SARIF Multitool (a self-contained .NET binary; its only install script makes it
# executable, which is done here instead).
mt=tests/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ ! -f "$mt" ] || [ tests/tools/package-lock.json -nt tests/tools/node_modules/.package-lock.json ]; then
    (cd tests/tools && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error "${cafile[@]}")
fi
chmod u+x "$mt"

# The language server's protocol tests drive it through vscode-jsonrpc (pinned in tests/lsp).
if [ ! -f tests/lsp/node_modules/vscode-jsonrpc/package.json ] ||
   [ tests/lsp/package-lock.json -nt tests/lsp/node_modules/.package-lock.json ]; then
    (cd tests/lsp && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error "${cafile[@]}")
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
echo "concur built: $here/build/concur"

# The VS Code extension, and code-server + Chromium for its end-to-end test (several minutes cold).
./scripts/setup-editor.sh
