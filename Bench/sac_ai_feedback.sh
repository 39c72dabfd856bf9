#!/usr/bin/env bash
# AI feedback on the arm with SAC (PEBBLE-style): a start reward model fit on scripted
# (SIMULATED, privileged progress) preferences over random-policy observations, then
# `pavlov train --algo sac` on that model with relabel=K: every K metrics intervals the
# teacher labels new pairs of the agent's newest observations, the Bradley-Terry model is
# refit on all labels and the whole replay buffer is relabelled. The policy never sees the
# environment's reward; success is MetaWorld's criterion, read from the run's metrics.
#
#   bash Bench/sac_ai_feedback.sh                       # TASK=sweep-into, 128k samples
#   TASK=drawer-open STEPS=256000 bash Bench/sac_ai_feedback.sh
#   OUT=/work/runs-arm bash Bench/sac_ai_feedback.sh    # runs live outside the repository
#   NUM_ENVS=4 UTD=0.25 bash Bench/sac_ai_feedback.sh   # a quarter of the updates per sample
#   TEACHER=scripted:staged bash Bench/sac_ai_feedback.sh  # the oracle on staged progress (docs/ai-feedback.md)
#
# Prints the success rate of the last 100 training episodes at every 16k samples, and writes
# an evaluation of the final policy (100 episodes, sampled and greedy).
set -euo pipefail
cd "$(dirname "$0")/.."
TASK=${TASK:-sweep-into}
STEPS=${STEPS:-128000}
SEED=${SEED:-1}
OUT=${OUT:-.bench/ai-feedback}
TEACHER=${TEACHER:-scripted:oracle}
START_STEPS=${START_STEPS:-5000}       # random-policy observations for the start model
START_PAIRS=${START_PAIRS:-300}
RELABEL=${RELABEL:-5}                  # refit every RELABEL metrics intervals
INTERVAL=${INTERVAL:-2000}             # metrics interval, samples
PAIRS=${PAIRS:-200}                    # new pairs per refit
WINDOW=${WINDOW:-8192}                 # newest observations kept for labelling
NUM_ENVS=${NUM_ENVS:-1}                # CleanRL's SAC: 1 env, UTD 1
UTD=${UTD:-1}                          # gradient updates per env sample
PAVLOV=${PAVLOV:-.build/release/pavlov}
[ -x "$PAVLOV" ] || swift build -c release --product pavlov >/dev/null

DIR="$OUT/$TASK-seed$SEED"
mkdir -p "$DIR"
STORE="$DIR/labels.sqlite"
if [ ! -f "$DIR/start.model" ]; then
  "$PAVLOV" collect --env "arm/$TASK" --policy random --steps "$START_STEPS" --store "$STORE" --seed "$SEED"
  "$PAVLOV" annotate --store "$STORE" --pairs "$START_PAIRS" --labeller "$TEACHER" --seed "$SEED"
  "$PAVLOV" reward fit --store "$STORE" --out "$DIR/start.model" --labeller "$TEACHER" --seed "$SEED"
fi
echo "{\"metrics_interval\": $INTERVAL, \"num_envs\": $NUM_ENVS, \"utd_ratio\": $UTD}" > "$DIR/sac.json"
start=$(date +%s)
"$PAVLOV" train --algo sac --env "arm/$TASK" --steps "$STEPS" --seed "$SEED" --config "$DIR/sac.json" \
  --out "$DIR/run" --plain \
  --reward "ai-feedback:$DIR/start.model,relabel=$RELABEL,store=$STORE,labeller=$TEACHER,pairs=$PAIRS,window=$WINDOW"
echo "wall time: $(( $(date +%s) - start )) s"
python3 - "$DIR/run/metrics.jsonl" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
for r in rows:
    if r["global_step"] % 16000 == 0 or r is rows[-1]:
        print(r["global_step"], {k: v for k, v in r.items() if "success" in k})
PY
"$PAVLOV" eval --run "$DIR/run" --episodes 100 | tail -3
"$PAVLOV" eval --run "$DIR/run" --episodes 100 --greedy | tail -3
