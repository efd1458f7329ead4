#!/usr/bin/env bash
# Builds the release modules (the core, one typed module per decoder, and the demo's own) to
# the paths the package's exports map and the demo name.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh "$@"
modules=(sse-core sse-openai-chat sse-openai-responses sse-anthropic sse-gemini sse-ai-ui demo-progress)
cmake --preset wasm >/dev/null
cmake --build --preset wasm --target "${modules[@]}" -j "$(nproc)"
mkdir -p dist
rm -f dist/*.wasm
for module in "${modules[@]}"; do cp "build/wasm/$module.wasm" dist/; done
