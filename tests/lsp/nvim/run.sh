#!/usr/bin/env bash
# Headless Neovim test of `concur lsp`: run.sh CONCUR_BINARY. Needs Debian's neovim (0.7.2).
set -euo pipefail
bin=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v nvim >/dev/null 2>&1; then
    echo "FAIL: nvim not found: install Debian's neovim (scripts/setup.sh does)" >&2
    exit 1
fi
ws=$(mktemp -d)
trap 'rm -rf "$ws"' EXIT
cat >"$ws/race.py" <<'PY'
import threading

counter = 0
lock = threading.Lock()


def work():
    global counter
    for _ in range(1000):
        counter += 1


def main():
    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
PY
export CONCUR_BIN="$bin" WORKSPACE="$ws"
# --clean: no user configuration; XDG folders in the temporary workspace (no state kept).
export XDG_CONFIG_HOME="$ws/.config" XDG_DATA_HOME="$ws/.data" XDG_STATE_HOME="$ws/.state" \
    XDG_CACHE_HOME="$ws/.cache"
out=$(timeout 120 nvim --headless --clean -c "luafile $here/test.lua" 2>&1) || {
    echo "$out" >&2
    echo "FAIL: the Neovim test failed" >&2
    exit 1
}
echo "$out"
case "$out" in
    *ok*) ;;
    *) echo "FAIL: the Neovim test printed no result" >&2; exit 1 ;;
esac
