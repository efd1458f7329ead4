#!/usr/bin/env bash
# clang-format and clang-tidy on the C++ (the native build's compile_commands.json), tsc on the types.
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run -Werror
cmake --preset native-debug >/dev/null
clang-tidy -p build/native-debug --quiet wasm/src/*.cpp wasm/client/src/client.cpp
node node_modules/typescript/bin/tsc -p tests/types
