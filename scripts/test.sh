#!/usr/bin/env bash
# Every test: the C++ suites natively under ASan+UBSan and compiled to WebAssembly (ctest),
# then the package's own tests (node --test). Each stage prints how long it took.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

stage_start=$SECONDS
stage() {
  echo
  echo "=== $1"
  stage_start=$SECONDS
}
stage_done() {
  echo "=== $1 took $((SECONDS - stage_start)) s"
}

stage "build (bootstrap with Chromium and the demo server's packages, npm ci, release wasm)"
bash scripts/build.sh browser demo
stage_done "build"

stage "native asan+ubsan: build and ctest"
cmake --preset native-asan >/dev/null
cmake --build --preset native-asan -j "$jobs"
ctest --preset native-asan -j "$jobs"
stage_done "native asan+ubsan"

stage "wasm: build and ctest under node"
cmake --build --preset wasm -j "$jobs"
ctest --preset wasm -j "$jobs"
stage_done "wasm"

stage "node --test (the package as users import it)"
node --test tests/js/ tests/browser/ tests/demo/
