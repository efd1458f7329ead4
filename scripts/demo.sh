#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
echo
echo "The demo arrives with its own issue; the client (EventSource, connect()) is in js/."
echo "Until then, the parser is ready: see the README's Node and browser examples."
