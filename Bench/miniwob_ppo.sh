#!/usr/bin/env bash
# PPO with the env reward on the native MiniWob tasks (docs/miniwob.md, "Learning"): for
# each task a run of $STEPS steps (default 200,000) with `pavlov train`'s defaults for the web
# tasks (the element-table encoder and the settings the tasks hint), seed $SEED (default 1),
# then `pavlov eval` of the trained policy (1,000 sampled episodes on fresh seeds), of a
# uniformly random policy and of the scripted expert. Runs go to $RUNS (default
# .bench/miniwob-ppo); the table is printed at the end (Bench/miniwob_ppo_table.py), and each
# run's curve is $RUNS/<task>/curve.svg.
#
#   STEPS=200000 SEED=1 bash Bench/miniwob_ppo.sh [task ...]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-.bench/miniwob-ppo}
STEPS=${STEPS:-200000}
SEED=${SEED:-1}
TASKS=("$@")
if [ ${#TASKS[@]} -eq 0 ]; then
  TASKS=(click-checkboxes use-spinner guess-number click-shades click-tab-2 enter-time
         choose-date-nodelay search-engine tic-tac-toe email-inbox social-media
         book-flight-nodelay)
fi
mkdir -p "$RUNS"
swift build -c release --product pavlov >/dev/null
P=.build/release/pavlov
echo "commit $(git rev-parse --short HEAD), $(date -u '+%F %H:%M'), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs),"\
  "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

for task in "${TASKS[@]}"; do
  env="MiniWob-$task-v0"
  rm -rf "$RUNS/$task"
  $P train --env "$env" --steps "$STEPS" --seed "$SEED" --out "$RUNS/$task" --plain > "$RUNS/$task.log"
  grep '^done' "$RUNS/$task.log"
  for policy in trained random expert; do
    if [ $policy = trained ]; then
      line=$($P eval --run "$RUNS/$task" --episodes 1000 | tail -1)
    else
      line=$($P eval --env "$env" --policy $policy --episodes 1000 --seed 100001 | tail -1)
    fi
    echo "$line" > "$RUNS/$task/eval-$policy.txt"
    echo "$task $policy: $line"
  done
done
python3 Bench/miniwob_ppo_table.py "$RUNS" "${TASKS[@]}"
