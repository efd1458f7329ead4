#!/usr/bin/env bash
# npm run bench [-- --browser] [-- --only tiny,64k]: the parser benchmark in Node, or in headless
# Chromium, on every workload or the ones named.
# npm run bench -- --typed [--browser [--allow-eval]]: typed decoding against JSON.parse with checks or zod.
# npm run bench -- --e2e: whole streams over HTTP in Chromium, against the browser's EventSource.
# npm run bench -- --mcp: MCP tool calls through sse-wasm/mcp against the SDK's own transport.
# npm run bench -- --cold: cold start in Chromium, import to first decoded event, against zod.
# npm run bench -- --cpp: the C++ client against connect() in Chromium, and C++ programs' sizes.
# npm run bench -- --embind: payloads to objects through Embind (with and without eval) against the tape.
# npm run bench -- --soak: a million events, 1,000 idle streams, 10,000 cycles (Node); 200 streams of each kind over 40 origins (Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
groups=()
for arg in "$@"; do [ "$arg" = "--browser" ] || [ "$arg" = "--e2e" ] || [ "$arg" = "--cold" ] || [ "$arg" = "--cpp" ] || [ "$arg" = "--soak" ] && groups+=(browser); done
bash scripts/build.sh "${groups[@]}"
if [[ " $* " == *" --typed "* ]]; then
  node bench/typed.js "$@"
elif [[ " $* " == *" --e2e "* ]]; then
  node bench/e2e.js
elif [[ " $* " == *" --mcp "* ]]; then
  node bench/mcp.js
elif [[ " $* " == *" --soak "* ]]; then
  node --expose-gc bench/soak.js
elif [[ " $* " == *" --cold "* ]]; then
  node bench/cold.js
elif [[ " $* " == *" --embind "* ]]; then
  cmake --build --preset wasm -j "$(nproc)" --target embind_test embind_test_strict
  node bench/embind.js
elif [[ " $* " == *" --cpp "* ]]; then
  cmake --build --preset wasm -j "$(nproc)" --target bench-cpp minimal-plain minimal-typed minimal-embind minimal-typed-embind
  node bench/cpp-sizes.js
  node bench/cpp.js
else
  node --expose-gc bench/run.js "$@"
fi
