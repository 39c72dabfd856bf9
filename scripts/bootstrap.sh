#!/usr/bin/env bash
# Installs what Pavlov needs and is missing, idempotently: Debian's libode-dev,
# libeigen3-dev, pkg-config, libsqlite3-dev (label store, LLM cache) and liblua5.4-dev (the
# sandbox of llm-code reward programs); for the Python package
# (python/, tested by scripts/test.sh) python3 with venv and a C++ compiler. Safe to run again; does nothing when all is there.
set -euo pipefail

packages=(libode-dev libeigen3-dev pkg-config libsqlite3-dev liblua5.4-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Python: any python3 whose venv can bootstrap pip (pyenv's does; Debian's needs python3-venv).
if ! command -v python3 >/dev/null 2>&1; then
  missing+=(python3 python3-venv)
elif ! python3 -c "import venv, ensurepip" >/dev/null 2>&1; then
  missing+=(python3-venv)
fi
# pip builds the core with Python's compiler, or any C++ compiler on PATH (setup.py falls back).
if ! command -v g++ >/dev/null 2>&1 && ! command -v c++ >/dev/null 2>&1 && ! command -v clang++ >/dev/null 2>&1; then
  missing+=(g++)
fi

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "pavlov setup: missing ${missing[*]}, and apt-get is not available." >&2
    echo "Install them (ODE in double precision, Eigen 3, pkg-config, SQLite 3 headers, Lua 5.4 headers; python3 with venv, a C++ compiler) with your system's package manager." >&2
    exit 1
  fi
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo="sudo"
    else
      echo "pavlov setup: missing ${missing[*]}; installing them needs root (run as root, or install sudo)." >&2
      exit 1
    fi
  fi
  echo "pavlov setup: installing ${missing[*]} with apt-get"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
  echo "pavlov setup: the Swift toolchain (6.0 or newer) is not on PATH; install it from swift.org first." >&2
  exit 1
fi
