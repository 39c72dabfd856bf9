#!/usr/bin/env bash
# SAC with the environment's own reward on arm tasks, one after the other (the issue's eight
# by default): `pavlov train --algo sac`, then `pavlov eval` of the final policy (100 episodes,
# sampled and greedy), a line per task in $OUT/results.tsv.
#
#   bash Bench/sac_env_reward.sh                                  # the eight tasks, 128k samples
#   TASKS="reach push" STEPS=256000 bash Bench/sac_env_reward.sh
#   OUT=/work/runs-arm2 NUM_ENVS=4 UTD=0.25 bash Bench/sac_env_reward.sh
#
# A task whose run directory already holds a finished checkpoint is continued with --resume
# to STEPS (the learner continues exactly; the envs start fresh episodes).
set -euo pipefail
cd "$(dirname "$0")/.."
TASKS=${TASKS:-"reach push pick-place door-open drawer-open sweep-into button-press-topdown window-open"}
STEPS=${STEPS:-128000}
SEED=${SEED:-1}
OUT=${OUT:-.bench/sac-env}
INTERVAL=${INTERVAL:-8192}   # metrics interval, samples
NUM_ENVS=${NUM_ENVS:-1}      # CleanRL's SAC: 1 env, UTD 1
UTD=${UTD:-1}
PAVLOV=${PAVLOV:-.build/release/pavlov}
[ -x "$PAVLOV" ] || swift build -c release --product pavlov >/dev/null

mkdir -p "$OUT"
echo "{\"metrics_interval\": $INTERVAL, \"num_envs\": $NUM_ENVS, \"utd_ratio\": $UTD}" > "$OUT/sac.json"
for task in $TASKS; do
  dir="$OUT/$task-seed$SEED"
  start=$(date +%s)
  if [ -f "$dir/checkpoint.bin" ]; then
    "$PAVLOV" train --out "$dir" --resume --steps "$STEPS" --plain > "$OUT/$task.log" 2>&1
  else
    "$PAVLOV" train --algo sac --env "arm/$task" --steps "$STEPS" --seed "$SEED" --config "$OUT/sac.json" \
      --out "$dir" --plain > "$OUT/$task.log" 2>&1
  fi
  seconds=$(( $(date +%s) - start ))
  sampled=$("$PAVLOV" eval --run "$dir" --episodes 100 | tail -1)
  greedy=$("$PAVLOV" eval --run "$dir" --episodes 100 --greedy | tail -1)
  training=$(tail -1 "$dir/metrics.jsonl" | python3 -c 'import json,sys; print(json.load(sys.stdin)["charts/success_rate"])')
  printf '%s\t%s\t%s s\ttraining %s\tsampled: %s\tgreedy: %s\n' "$task" "$STEPS" "$seconds" "$training" \
    "$sampled" "$greedy" | tee -a "$OUT/results.tsv"
done
