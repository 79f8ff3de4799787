#!/usr/bin/env bash
# Builds concur twice and runs the whole test suite on each build:
#   1. with -Werror (-Wall -Wextra -Wshadow -Wpedantic),
#   2. with AddressSanitizer + UndefinedBehaviorSanitizer;
# then runs the VS Code extension end to end in code-server (scripts/test-editor.sh).
# Run scripts/setup.sh first (the README's test command does both).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

echo "== build (warnings are errors) =="
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCONCUR_WERROR=ON >/dev/null
cmake --build build -j"$jobs"
echo "== tests =="
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== build (AddressSanitizer + UndefinedBehaviorSanitizer) =="
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCONCUR_WERROR=ON -DCONCUR_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs"
echo "== tests under sanitizers =="
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs"
echo "all tests passed in both builds"

# The extension in a real VS Code, against build/concur; its own stage, which fails loudly.
./scripts/test-editor.sh
