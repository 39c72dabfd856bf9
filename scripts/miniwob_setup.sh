#!/usr/bin/env bash
# Installs the real MiniWob++ benchmark as Pavlov's reference for its native web tasks,
# idempotently: Debian's `chromium` and `chromium-driver` (apt), and a venv in
# ~/.cache/pavlov/miniwob-venv holding PyPI's `miniwob` (the tasks' HTML/JS), `selenium` and
# `gymnasium` (>= 1.2.3, which miniwob 1.1.0 requires) from the default index. The native family never needs any of this; the
# conformance tests and benches do, and skip with the reason when it is missing.
#
#   bash scripts/miniwob_setup.sh
#   ~/.cache/pavlov/miniwob-venv/bin/python afterwards (prints its path on the last line)
#
# Environment: PAVLOV_MINIWOB_VENV (default ~/.cache/pavlov/miniwob-venv).
set -euo pipefail
cd "$(dirname "$0")/.."

miniwob_version=1.1.0
venv=${PAVLOV_MINIWOB_VENV:-$HOME/.cache/pavlov/miniwob-venv}
say() { echo "miniwob setup: $*"; }

packages=(chromium chromium-driver)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    say "missing ${missing[*]} and apt-get is not available; install Chromium and its chromedriver" >&2
    exit 1
  fi
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      say "missing ${missing[*]}; installing them needs root (run as root, or install sudo)" >&2
      exit 1
    fi
  fi
  say "installing ${missing[*]} with apt-get"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

mkdir -p "$(dirname "$venv")"
# A lock keeps two setups (two clones, two CI runs) from filling the same venv at once.
exec 9>"$(dirname "$venv")/.miniwob-setup.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import miniwob, selenium, gymnasium, numpy; assert miniwob.__version__ == '$miniwob_version'" \
    >/dev/null 2>&1; then
  say "installing miniwob==$miniwob_version, selenium, gymnasium into $venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "miniwob==$miniwob_version" selenium \
    "gymnasium>=1.2.3" numpy
fi
command -v chromedriver >/dev/null 2>&1 || { say "chromedriver is not on PATH after installing" >&2; exit 1; }
echo "$venv/bin/python"
