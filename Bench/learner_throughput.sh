#!/usr/bin/env bash
# End-to-end PPO training throughput (environment + learner) on DoorKey-8x8 with a 2×64 MLP,
# Pavlov against a CleanRL-style PyTorch PPO on Farama MiniGrid, in one sitting, same machine.
# Both use the same algorithm, hyperparameters and network (one-hot view → 64 → 64, separate
# actor and critic); the peer is examples/cleanrl_ppo_doorkey.py --backend minigrid.
# Nothing else should load the CPU meanwhile.
#
#   bash Bench/learner_throughput.sh          # creates .venv-torch (torch+cpu, minigrid) if missing
#
# Prints steps/s of both and the ratio; JSON lines go to $BENCH_OUT (default .bench/).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${BENCH_OUT:-.bench}
PAVLOV_STEPS=${PAVLOV_STEPS:-1000000}
PEER_STEPS=${PEER_STEPS:-61440}
mkdir -p "$OUT"

if [ ! -x .venv-torch/bin/python ] || ! .venv-torch/bin/python -c "import torch, minigrid" 2>/dev/null; then
  python3 -m venv .venv-torch
  # torch's CPU wheels resolve from the configured index (no extra index: it is unreachable here).
  .venv-torch/bin/pip install -q -r examples/requirements.txt minigrid==3.0.0
fi

swift build -c release --product pavlov >/dev/null
rm -rf "$OUT/ppo-pavlov" "$OUT/ppo-peer"
.build/release/pavlov train --env MiniGrid-DoorKey-8x8-v0 --steps "$PAVLOV_STEPS" --seed 1 \
  --out "$OUT/ppo-pavlov" --plain | tail -1
# The first iteration includes start-up; throughput is taken over the rest.
pavlov_sps=$(python3 - "$OUT/ppo-pavlov/metrics.jsonl" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])][1:]
steps = rows[-1]["global_step"] - rows[0]["global_step"]
print(round(steps / (rows[-1]["time/seconds"] - rows[0]["time/seconds"])))
PY
)
# The same settings as `pavlov train`'s defaults: 64 envs x 128 steps, 8 minibatches, 4 epochs.
.venv-torch/bin/python examples/cleanrl_ppo_doorkey.py --backend minigrid --env-id MiniGrid-DoorKey-8x8-v0 \
  --num-envs 64 --num-steps 128 --num-minibatches 8 --total-timesteps "$PEER_STEPS" --eval-episodes 0 \
  --log-every 1000 --runs-dir "$OUT/ppo-peer" | tail -1
peer_sps=$(python3 - "$OUT/ppo-peer" <<'PY'
import glob, json, sys
path = glob.glob(sys.argv[1] + "/*/metrics.jsonl")[0]
rows = [json.loads(line) for line in open(path)][1:]
steps = rows[-1]["global_step"] - rows[0]["global_step"]
print(round(steps / (rows[-1]["time_s"] - rows[0]["time_s"])))
PY
)
echo "{\"pavlov_sps\": $pavlov_sps, \"peer_sps\": $peer_sps, \"ratio\": $(python3 -c "print(round($pavlov_sps/$peer_sps, 1))")}" \
  | tee "$OUT/learner_throughput.json"
