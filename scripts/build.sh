#!/usr/bin/env bash
# Builds the release modules (core, and typed) to the paths the package's exports map names.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh "$@"
cmake --preset wasm >/dev/null
cmake --build --preset wasm --target sse-core sse-typed -j "$(nproc)"
mkdir -p dist
cp build/wasm/sse-core.wasm build/wasm/sse-typed.wasm dist/
