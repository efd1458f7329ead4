#!/usr/bin/env bash
# npm run bench [-- --browser]: the parser benchmark in Node, or in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
groups=()
for arg in "$@"; do [ "$arg" = "--browser" ] && groups+=(browser); done
bash scripts/build.sh "${groups[@]}"
node --expose-gc bench/run.js "$@"
