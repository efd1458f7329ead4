#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
echo
echo "The demo arrives with the client (the EventSource and connect() issue)."
echo "Until then, the parser is ready: see the README's Node and browser examples."
