#!/usr/bin/env bash
# NetHack for the NetHack family (CSim/src/nethack): the real game, from the `nle` package on
# the default PyPI index. Idempotent; everything lives under ~/.cache/pavlov/ (PAVLOV_CACHE):
#   nle-1.3.0/              libnethack.so and nethackdir/ from nle's manylinux wheel. CSim dlopens
#                           a private copy of the library per env at run time (PAVLOV_NLE_DIR
#                           overrides where it looks); nothing links against it.
#   nle-venv/               nle==1.3.0 with its own gymnasium env, for the conformance test
#                           (python/tests/test_nethack_conformance.py) and the speed comparison.
# `--engine-only` skips the venv. No NetHack source enters the repository.
set -euo pipefail
version=1.3.0
cache=${PAVLOV_CACHE:-$HOME/.cache/pavlov}
dest="$cache/nle-$version"
venv="$cache/nle-venv"
python=${PYTHON:-python3}

if [ -f "$dest/libnethack.so" ] && [ -f "$dest/nethackdir/nhdat" ]; then
  echo "nle_setup: engine already in $dest"
else
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  pip=("$python" -m pip)
  if ! "$python" -m pip --version >/dev/null 2>&1; then
    # A python3 without pip (Debian's): a throwaway venv has one.
    "$python" -m venv "$tmp/venv"
    pip=("$tmp/venv/bin/python" -m pip)
  fi
  # The wheel is cp311-only by tag, but its libnethack.so is plain C with no Python in it:
  # ask for the wheel by name of the platform so any python3 can fetch it.
  "${pip[@]}" download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    --python-version 3.11 --platform manylinux2014_x86_64 "nle==$version" -d "$tmp"
  wheel=$(ls "$tmp"/nle-"$version"-*.whl)
  "$python" - "$wheel" "$tmp/unpacked" <<'PY'
import sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n == "nle/libnethack.so" or n.startswith("nle/nethackdir/")]
    z.extractall(out, names)
PY
  mkdir -p "$cache"
  rm -rf "$dest.partial"
  mv "$tmp/unpacked/nle" "$dest.partial"
  chmod -R u+rwX,go+rX "$dest.partial"
  rm -rf "$dest"
  mv "$dest.partial" "$dest"   # last, so a half-done install never looks finished
  echo "nle_setup: engine installed in $dest"
fi

if [ "${1:-}" = "--engine-only" ]; then exit 0; fi
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import nle, gymnasium" 2>/dev/null; then
  echo "nle_setup: reference venv already in $venv"
else
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "nle==$version"
  echo "nle_setup: reference venv made in $venv"
fi
