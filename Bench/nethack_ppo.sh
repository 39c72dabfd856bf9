#!/usr/bin/env bash
# PPO with the environment's reward on NetHackScore-v0 and NetHackStaircase-v0 (pavlov train
# with the family's defaults: the one-hot-parts view over the crop's glyph classes and the status
# bins, two env threads, reward scaling), seed 1, then an evaluation on fresh episodes, beside a
# uniformly random policy on the same tasks (Bench/nethack_random.py). Curves go to
# docs/figures/nethack-{score,staircase}-seed1.svg.
#
#   bash Bench/nethack_ppo.sh          STEPS (default 3000000), EVAL (episodes, default 100), RUNS
#   (needs: scripts/nle_setup.sh; .venv-python with pavlov_envs for the random baseline)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-.bench/runs}
STEPS=${STEPS:-3000000}
EVAL=${EVAL:-100}
mkdir -p "$RUNS" docs/figures
swift build -c release --product pavlov >/dev/null
P=.build/release/pavlov
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; commit $(git rev-parse --short HEAD); $(date -u +%FT%TZ); load $(cut -d' ' -f1-3 /proc/loadavg)"
for task in Score Staircase; do
  name=nethack-$(echo "$task" | tr '[:upper:]' '[:lower:]')-s1
  rm -rf "${RUNS:?}/$name"
  start=$(date +%s)
  $P train --env "NetHack$task-v0" --steps "$STEPS" --seed 1 --out "$RUNS/$name" --plain | tail -2
  echo "$name: $(( $(date +%s) - start )) s of training"
  echo "$name eval: $($P eval --run "$RUNS/$name" --episodes "$EVAL" | tail -1)"
  cp "$RUNS/$name/curve.svg" "docs/figures/${name%-s1}-seed1.svg"
  .venv-python/bin/python Bench/nethack_random.py "NetHack$task-v0" "$EVAL"
done
