#!/usr/bin/env bash
# npm run demo [-- --port N]: installs what is missing, builds, and serves the demo page and the
# seed servers on 127.0.0.1 (http://127.0.0.1:8000 by default) until interrupted.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh demo
# Debian's Python, which has the FastAPI and uvicorn that bootstrap.sh installed.
exec /usr/bin/python3 -m demo.server "$@"
