#!/usr/bin/env bash
# Regenerates js/schemas.d.ts from the schemas' Boost.Describe descriptions.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
cmake --preset native-debug >/dev/null
cmake --build --preset native-debug --target schema_dts -j "$(nproc)"
build/native-debug/schema_dts --write js/schemas.d.ts
echo "js/schemas.d.ts written"
