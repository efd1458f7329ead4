#!/usr/bin/env bash
# Builds the release core module to the path the package's exports map names.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh "$@"
cmake --preset wasm >/dev/null
cmake --build --preset wasm --target sse-core -j "$(nproc)"
mkdir -p dist
cp build/wasm/sse-core.wasm dist/sse-core.wasm
