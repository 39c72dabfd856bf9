#!/usr/bin/env bash
# Native MiniWob steps/s against the real tasks in headless Chromium, in one sitting
# (Bench/miniwob_speed.py). Uses the reference's venv (scripts/miniwob_setup.sh) with this
# checkout's pavlov-envs on PYTHONPATH.
#
#   bash Bench/miniwob_speed.sh [--seconds 5] [--envs 256]
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
echo "commit $(git rev-parse --short HEAD), $(date -u +%F)"
PYTHONWARNINGS=ignore "$python" Bench/miniwob_speed.py "$@" 2> >(grep -v "^WARNING:selenium" >&2)
