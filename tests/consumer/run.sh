#!/usr/bin/env bash
# Builds tests/consumer with emcmake as a program would take sse-wasm, then runs the client's
# Node scenarios with it: run.sh subdirectory OUT, or run.sh package OUT PROJECT_BUILD (the
# configured tree that `cmake --install` installs from).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
mode=$1
out=$2
rm -rf "$out"
options=(-DSSE_CONSUME="$mode" -DCMAKE_BUILD_TYPE=Release)
if [[ $mode == package ]]; then
  cmake --install "$3" --prefix "$out/prefix" >/dev/null
  options+=(-Dsse_wasm_DIR="$out/prefix/lib/cmake/sse_wasm")
else
  options+=(-DSSE_SOURCE_DIR="$source_dir")
fi
emcmake cmake -S "$here" -B "$out/build" "${options[@]}" >/dev/null
cmake --build "$out/build" -j "$(nproc)"
SSE_CLIENT_E2E="$out/build/consumer.js" node --test "$source_dir/tests/client/e2e.test.js"
