#!/usr/bin/env bash
# Command one of the README: install what is missing, build in release, run the main job.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
swift build -c release --product pavlov
.build/release/pavlov demo "$@"
