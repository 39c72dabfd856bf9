#!/usr/bin/env bash
# End-to-end SAC training throughput at UTD 1 (environment + replay + updates), Pavlov's
# `pavlov train --algo sac` on arm/<task> against a CleanRL-semantics PyTorch SAC on Farama
# Meta-World (<task>-v3), in one sitting on one machine. Both: one env, 256x256 ReLU networks,
# batch 256, learning_starts 5000, one gradient update per env step, policy_frequency 2.
# Throughput is taken over the steps after learning starts (the update phase), from each
# run's own log. Nothing else should load the CPU meanwhile.
#
#   bash Bench/sac_throughput.sh                 # TASK=reach, 3000 update steps each
#   TASK=push UPDATE_STEPS=5000 bash Bench/sac_throughput.sh
#   PAVLOV=/tmp/pavlov-before bash Bench/sac_throughput.sh   # another build (before/after), not built here
#
# The peer runs in the peers' venv ($PEERS_ROOT/venv, Meta-World 3.1.1 + MuJoCo: made by
# shared/peers/setup_venvs.sh); torch's CPU wheel is added to it from the configured index.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${BENCH_OUT:-.bench}
TASK=${TASK:-reach}
UPDATE_STEPS=${UPDATE_STEPS:-1000}
LEARNING_STARTS=${LEARNING_STARTS:-5000}
PEER_THREADS=${PEER_THREADS:-2}
LOG_EVERY=${LOG_EVERY:-250}
PEERS_ROOT=${PEERS_ROOT:-$HOME/.cache/pavlov-peers}
PY="$PEERS_ROOT/venv/bin/python"
[ -x "$PY" ] || { echo "no peer venv in $PEERS_ROOT: run shared/peers/setup_venvs.sh" >&2; exit 1; }
if ! "$PY" -c "import torch" 2>/dev/null; then
  # The "+cpu" build avoids GBs of CUDA wheels; it resolves from the configured index.
  "$PEERS_ROOT/venv/bin/pip" install -q torch==2.13.0+cpu
fi
mkdir -p "$OUT"
TOTAL=$((LEARNING_STARTS + UPDATE_STEPS))

PAVLOV=${PAVLOV:-}
if [ -z "$PAVLOV" ]; then
  swift build -c release --product pavlov >/dev/null
  PAVLOV=.build/release/pavlov
fi
rm -rf "$OUT/sac-pavlov"
echo "{\"metrics_interval\": $LOG_EVERY, \"num_envs\": 1, \"learning_starts\": $LEARNING_STARTS}" > "$OUT/sac-bench.json"
"$PAVLOV" train --algo sac --env "arm/$TASK" --steps "$TOTAL" --seed 1 --config "$OUT/sac-bench.json" \
  --out "$OUT/sac-pavlov" --plain | tail -1
pavlov_sps=$(python3 - "$OUT/sac-pavlov/metrics.jsonl" "$LEARNING_STARTS" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
rows = [r for r in rows if r["global_step"] >= int(sys.argv[2])]
print(round((rows[-1]["global_step"] - rows[0]["global_step"]) / (rows[-1]["time/seconds"] - rows[0]["time/seconds"]), 1))
PY
)
"$PY" Bench/sac_peer_metaworld.py --task "$TASK-v3" --total-timesteps "$TOTAL" --learning-starts "$LEARNING_STARTS" \
  --threads "$PEER_THREADS" --log-every "$LOG_EVERY" > "$OUT/sac-peer.jsonl" 2>/dev/null
peer_sps=$(python3 - "$OUT/sac-peer.jsonl" "$LEARNING_STARTS" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
rows = [r for r in rows if r["global_step"] >= int(sys.argv[2])]
print(round((rows[-1]["global_step"] - rows[0]["global_step"]) / (rows[-1]["time_s"] - rows[0]["time_s"]), 1))
PY
)
echo "{\"task\": \"$TASK\", \"peer_threads\": $PEER_THREADS, \"pavlov_sps\": $pavlov_sps, \"peer_sps\": $peer_sps, \"ratio\": $(python3 -c "print(round($pavlov_sps/$peer_sps, 1))")}" \
  | tee "$OUT/sac_throughput.json"
