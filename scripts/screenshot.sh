#!/usr/bin/env bash
# npm run screenshot: docs/demo.png, the demo page after each panel has run once.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh browser demo screenshot
node demo/screenshot.js docs/demo.png
