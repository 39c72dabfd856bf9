#!/usr/bin/env bash
# Checks Pavlov's grid worlds against Farama MiniGrid step for step (Bench/minigrid_parity.py).
# Makes a throwaway venv (.venv-parity, gitignored) with MiniGrid 3.2.0 and pavlov-envs.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-parity
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q "minigrid==3.2.0" "gymnasium==1.2.2" numpy
"$venv/bin/pip" install -q ./python
PYTHONWARNINGS=ignore "$venv/bin/python" Bench/minigrid_parity.py "$@"
