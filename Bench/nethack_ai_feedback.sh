#!/usr/bin/env bash
# The AI-feedback pipeline on NetHack (issue 14): observations with Motif-style captions from a
# random walk and from the scripted staircase expert, pairs labelled by a SIMULATED teacher
# (scripted:oracle on the privileged progress: explored share, stairs seen, true distance to the
# stairs; docs/nethack.md), a Bradley-Terry reward model, then PPO on the learned reward alone
# with Motif's count modulation (r = 1[r̂ > ε] r̂ / N_ep(message)^3, ε the median; the env's
# count_key_part hint makes the count key the game's message, as Motif's). The env reward is
# only logged. The run has a 10M-step budget cut by a time limit (SIGTERM: it stops after its
# iteration and saves its checkpoint), then an evaluation on fresh episodes.
#
#   bash Bench/nethack_ai_feedback.sh     TASK (Staircase), MINUTES of PPO (60), SHAPE (count),
#                                         INPUT (the reward model's input, observation or learner-view;
#                                         default: the env's reward_model_input hint, NetHack's learner-view),
#                                         RANDOM_STEPS/EXPERT_STEPS (12000 each), PAIRS (10000), EVAL (32), RUNS,
#                                         EVENT_SHARE (annotate --event-share: pairs with an event on one side; 0),
#                                         PAVLOV (a built pavlov binary; default: build .build/release/pavlov)
# (needs: scripts/nle_setup.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-.bench/runs}
TASK=${TASK:-Staircase}
MINUTES=${MINUTES:-60}
SHAPE=${SHAPE:-count}
RANDOM_STEPS=${RANDOM_STEPS:-12000}
EXPERT_STEPS=${EXPERT_STEPS:-12000}
PAIRS=${PAIRS:-10000}
EVAL=${EVAL:-32}
INPUT=${INPUT:-}
EVENT_SHARE=${EVENT_SHARE:-0}
ENV="NetHack$TASK-v0"
D="$RUNS/nethack-af-$(echo "$TASK" | tr 'A-Z' 'a-z')"
# One labelled store per task; one model (and run) per input, named after it when chosen.
MODEL="$D/reward${INPUT:+-$INPUT}.model"
RUN="ppo-$SHAPE${INPUT:+-$INPUT}"
mkdir -p "$D"
if [ -z "${PAVLOV:-}" ]; then swift build -c release --product pavlov >/dev/null; fi
P=${PAVLOV:-.build/release/pavlov}
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; commit $(git rev-parse --short HEAD); $(date -u +%FT%TZ); load $(cut -d' ' -f1-3 /proc/loadavg)"

if [ ! -f "$D/labels.sqlite" ]; then
  $P collect --env "$ENV" --policy random --steps "$RANDOM_STEPS" --num-envs 32 --seed 1 --store "$D/labels.sqlite" | tail -2
  $P collect --env "$ENV" --policy expert --steps "$EXPERT_STEPS" --num-envs 32 --seed 2 --store "$D/labels.sqlite" | tail -2
  $P annotate --store "$D/labels.sqlite" --pairs "$PAIRS" --labeller scripted:oracle --event-share "$EVENT_SHARE" | tail -3
fi
if [ ! -f "$MODEL" ]; then
  $P reward fit --store "$D/labels.sqlite" --out "$MODEL" ${INPUT:+--input "$INPUT"} | tail -5
fi
rm -rf "${D:?}/$RUN"
timeout -s TERM "${MINUTES}m" $P train --env "$ENV" --steps 10000000 --seed 1 --out "$D/$RUN" \
  --reward "ai-feedback:$MODEL,$SHAPE" --plain | tail -3 || true
echo "$RUN eval: $($P eval --run "$D/$RUN" --episodes "$EVAL" | tail -1)"
mkdir -p docs/figures && cp "$D/$RUN/curve.svg" "docs/figures/nethack-$(echo "$TASK" | tr 'A-Z' 'a-z')-af-$SHAPE${INPUT:+-$INPUT}-seed1.svg"
echo "expert eval: $($P eval --env "$ENV" --policy expert --episodes "$EVAL" | tail -1)"
