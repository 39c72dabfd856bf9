#!/usr/bin/env bash
# Checks Pavlov's native MiniWob tasks against the real ones in headless Chromium
# (pavlov_envs.miniwob_conformance): each instance is drawn by the real task, exported, loaded
# natively, compared page for page, and replayed with the native expert's actions and random
# ones; rewards, endings and pages must agree at every step. Prints one JSON report per task.
#
#   bash Bench/miniwob_conformance.sh                      # 200 instances per task
#   bash Bench/miniwob_conformance.sh --instances 20 --tasks click-checkboxes
set -euo pipefail
cd "$(dirname "$0")/.."
python=$(bash scripts/miniwob_setup.sh | tail -1)
# This checkout's pavlov-envs goes beside the shared reference venv, not into it, so two checkouts
# (or two sessions) running these scripts at once do not overwrite each other's package.
site="$PWD/.build-python/reference-site"
PAVLOV_BUILD_DIR="$PWD/.build-python" "$python" -m pip install -q --disable-pip-version-check --no-deps \
  --upgrade --target "$site" ./python
export PYTHONPATH="$site${PYTHONPATH:+:$PYTHONPATH}"
export MINIWOB_CHROME_BINARY=${MINIWOB_CHROME_BINARY:-$(command -v chromium)}
export MINIWOB_CHROMEDRIVER=${MINIWOB_CHROMEDRIVER:-$(command -v chromedriver)}
args=("$@")
[[ " $* " == *" --instances "* ]] || args+=(--instances 200)
PYTHONWARNINGS=ignore "$python" -m pavlov_envs.miniwob_conformance "${args[@]}" 2> >(grep -v "^WARNING:selenium" >&2)
