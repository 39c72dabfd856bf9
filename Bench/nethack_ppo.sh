#!/usr/bin/env bash
# PPO with the environment's reward on NetHackScore-v0 and NetHackStaircase-v0 (pavlov train
# with the family's defaults: the one-hot-parts view over the crop's glyph classes and the status
# bins, two env threads, reward scaling), seed 1, and Staircase again with a larger entropy bonus
# (ent_coef 0.05: with 0.01 its policy stops exploring, see docs/nethack.md), each with a 20M-step
# budget cut by a time limit (SIGTERM: the run stops after its iteration and saves its checkpoint
# and curve), as the evening's runs were; then an evaluation on fresh episodes (one per env), and
# a uniformly random policy counted the same way (Bench/nethack_random.py). Curves go to
# docs/figures/nethack-*-seed1.svg.
#
#   bash Bench/nethack_ppo.sh          MINUTES per run (default 25), EVAL episodes (default 32), RUNS
#   (needs: scripts/nle_setup.sh; .venv-python with pavlov_envs for the random baseline)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-.bench/runs}
MINUTES=${MINUTES:-25}
EVAL=${EVAL:-32}
mkdir -p "$RUNS" docs/figures
swift build -c release --product pavlov >/dev/null
P=.build/release/pavlov
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; commit $(git rev-parse --short HEAD); $(date -u +%FT%TZ); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo '{"ent_coef": 0.05}' > "$RUNS/nethack-ent05.json"

run() {  # name, task, extra train arguments...
  local name=$1 task=$2
  shift 2
  rm -rf "${RUNS:?}/$name"
  timeout -s TERM "${MINUTES}m" $P train --env "NetHack$task-v0" --steps 20000000 --seed 1 --out "$RUNS/$name" \
    --plain "$@" | tail -3 || true
  echo "$name eval: $($P eval --run "$RUNS/$name" --episodes "$EVAL" | tail -1)"
  cp "$RUNS/$name/curve.svg" "docs/figures/${name%-s1}-seed1.svg"
}

run nethack-score-s1 Score
run nethack-staircase-s1 Staircase
run nethack-staircase-ent05-s1 Staircase --config "$RUNS/nethack-ent05.json"
for task in Staircase Score; do .venv-python/bin/python Bench/nethack_random.py "NetHack$task-v0" "$EVAL"; done
