#!/usr/bin/env bash
# Builds the release modules (the core, one typed module per decoder, and the demo's own) to
# the paths the package's exports map and the demo name; with `demo`, the demo's bundled panel.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh "$@"
modules=(sse-core sse-openai-chat sse-openai-responses sse-anthropic sse-gemini sse-ai-ui demo-progress)
cmake --preset wasm >/dev/null
cmake --build --preset wasm --target "${modules[@]}" -j "$(nproc)"
mkdir -p dist
rm -f dist/*.wasm
for module in "${modules[@]}"; do cp "build/wasm/$module.wasm" dist/; done
if [[ " $* " == *" demo "* ]]; then
  # The demo's AI SDK panel, bundled as an app using the SDK would be.
  node scripts/build-demo.js
  # The demo's C++ program, served at /cpp.
  cmake --build --preset wasm --target demo-chat -j "$(nproc)"
  mkdir -p build/demo-cpp
  cp build/wasm/demo-chat.js build/wasm/demo-chat.wasm build/demo-cpp/
fi
