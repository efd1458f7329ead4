#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks, and nothing it already has: the Debian
# packages of the toolchain (plus Chromium with `browser`, and FastAPI and uvicorn for the
# demo server with `demo`), then the npm devDependencies.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake make g++ clang-14 libclang-rt-14-dev emscripten libboost1.81-dev googletest)
for group in "$@"; do
  case "$group" in
    browser) packages+=(chromium) ;;
    demo) packages+=(python3 python3-fastapi python3-uvicorn) ;;
    # Glyphs for the demo's Chinese and emoji in docs/demo.png.
    screenshot) packages+=(fonts-wqy-microhei fonts-noto-color-emoji) ;;
    *) echo "bootstrap.sh: unknown group '$group' (known: browser, demo, screenshot)" >&2; exit 2 ;;
  esac
done

missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "bootstrap: installing ${missing[*]}"
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
