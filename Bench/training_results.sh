#!/usr/bin/env bash
# Reproduces the README's training results: PPO with `pavlov train`'s defaults on DoorKey-5x5
# (1M steps), DoorKey-8x8 (until 95% success, at most 10M), arm/reach (500k) and
# Wordle-Answers-v0 (3M), seeds 1-3, each followed by an evaluation on fresh episodes
# (Wordle: 10,000 sampled and 10,000 greedy); PUSH=1 adds arm/push, 10M steps, seed 1
# (about half an hour on 2 cores). Runs go to $RUNS (default
# .bench/runs); the summary lines (Bench/training_results.py) are printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-.bench/runs}
mkdir -p "$RUNS"
swift build -c release --product pavlov >/dev/null
P=.build/release/pavlov

run() {  # name, eval episodes, train arguments...
  local name=$1 episodes=$2
  shift 2
  rm -rf "$RUNS/$name"
  $P train --out "$RUNS/$name" --plain "$@" | grep '^done'
  echo "$name eval: $($P eval --run "$RUNS/$name" --episodes "$episodes" | tail -1)"
}

for s in 1 2 3; do run dk5-s$s 1000 --env MiniGrid-DoorKey-5x5-v0 --steps 1000000 --seed $s; done
for s in 1 2 3; do run dk8-s$s 1000 --env MiniGrid-DoorKey-8x8-v0 --steps 10000000 --seed $s --stop-success 0.95; done
# arm/reach: 500k steps. Longer runs peak early and then lose precision (success 0.85-0.93 at 2M):
# the reward saturates within a few cm of the goal, success needs 5 cm.
for s in 1 2 3; do run reach-s$s 200 --env arm/reach --steps 500000 --seed $s; done
for s in 1 2 3; do
  run wordle-s$s 10000 --env Wordle-Answers-v0 --steps 3000000 --seed $s
  echo "wordle-s$s greedy eval: $($P eval --run "$RUNS/wordle-s$s" --episodes 10000 --greedy | tail -1)"
done
if [ "${PUSH:-0}" = 1 ]; then run push-s1 100 --env arm/push --steps 10000000 --seed 1; fi

python3 Bench/training_results.py "$RUNS"/dk5-s* --threshold 0.95
python3 Bench/training_results.py "$RUNS"/dk8-s* "$RUNS"/reach-s* "$RUNS"/wordle-s* --threshold 0.9
