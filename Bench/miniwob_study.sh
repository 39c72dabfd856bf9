#!/usr/bin/env bash
# The paper's ways of using a language model on the native MiniWob tasks (docs/miniwob.md, "The
# LLM ways on the web tasks"). Per task:
#   1. `pavlov study` with the SIMULATED stand-ins (policy: the scripted expert; ai-feedback:
#      the scripted oracle teacher on privileged progress; scalar: llm-scalar:scripted; code:
#      the web family's reference Lua program), $STEPS PPO steps (default 100,000), seed $SEED;
#   2. PPO with the env reward at the same budget (`pavlov train`), evaluated as the study
#      evaluates (sampled actions, $EVAL fresh episodes: seed 1,000,000 + seed), for the
#      comparison; and PPO on the reference program paid as potential differences
#      (`llm-code:scripted,potential`, part "code-potential"), evaluated the same way;
#   3. with LLM_URL set (an OpenAI-compatible server, e.g. `pavlov llm serve --port 8093`):
#      the embedding method (llm-embedding with that server's /v1/embeddings), and the model
#      itself as the policy (`pavlov act`, $ACT_EPISODES episodes of at most $ACT_STEPS steps).
# $PARTS picks the parts (default "stand-ins env code-potential llm"; the llm part needs LLM_URL), so the
# LLM part can run beside the others in a second call. Runs go to $RUNS (default
# .bench/miniwob-study); the table is printed at the end (Bench/miniwob_study_table.py).
#
#   STEPS=50000 RUNS=/work/runs-webllm PARTS="stand-ins env" bash Bench/miniwob_study.sh [task ...]
#   RUNS=/work/runs-webllm PARTS=llm LLM_URL=http://127.0.0.1:8093/v1 bash Bench/miniwob_study.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-.bench/miniwob-study}
STEPS=${STEPS:-50000}
SEED=${SEED:-1}
EVAL=${EVAL:-200}
PAIRS=${PAIRS:-1000}
OBSERVATIONS=${OBSERVATIONS:-10000}
PARTS=${PARTS:-stand-ins env code-potential llm}
EMBED_STEPS=${EMBED_STEPS:-$STEPS}
ACT_EPISODES=${ACT_EPISODES:-4}
ACT_STEPS=${ACT_STEPS:-6}
LLM_URL=${LLM_URL:-}
LLM_MODEL=${LLM_MODEL:-smollm2-135m-instruct}
LLM_PARAMETERS=${LLM_PARAMETERS:-1.35e8}
TASKS=("$@")
if [ ${#TASKS[@]} -eq 0 ]; then
  TASKS=(click-checkboxes use-spinner guess-number click-shades click-tab-2 enter-time
         choose-date-nodelay search-engine tic-tac-toe email-inbox social-media book-flight-nodelay)
fi
mkdir -p "$RUNS"
swift build -c release --product pavlov >/dev/null
P=.build/release/pavlov
echo "commit $(git rev-parse --short HEAD), $(date -u '+%F %H:%M'), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs),"\
  "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RUNS/machine.txt"
LLM=()
[ -n "$LLM_URL" ] && LLM=(--llm-url "$LLM_URL" --llm-model "$LLM_MODEL" --llm-parameters "$LLM_PARAMETERS")

for task in "${TASKS[@]}"; do
  env="MiniWob-$task-v0"
  echo "== $task $(date -u +%H:%M:%S)"
  mkdir -p "$RUNS/$task"
  # A finished study is skipped run by run, so a rerun only adds what is missing.
  [[ " $PARTS " == *" stand-ins "* ]] && { $P study --env "$env" --methods policy,ai-feedback,scalar,code --seeds 1 --steps "$STEPS" \
    --eval-episodes "$EVAL" --feedback-observations "$OBSERVATIONS" --feedback-pairs "$PAIRS" \
    --out "$RUNS/$task/study" > "$RUNS/$task/study.log" 2>&1 || echo "$task: the study ended with an error (see study.log)"; }
  if [[ " $PARTS " == *" env "* ]] && [ ! -f "$RUNS/$task/env/eval.txt" ]; then
    rm -rf "$RUNS/$task/env"
    $P train --env "$env" --steps "$STEPS" --seed "$SEED" --out "$RUNS/$task/env" --plain > "$RUNS/$task/env.log" \
      || { echo "$task: env-reward PPO failed (see env.log)"; continue; }
    $P eval --run "$RUNS/$task/env" --episodes "$EVAL" --seed $((1000000 + SEED)) | tail -1 > "$RUNS/$task/env/eval.txt"
  fi
  if [[ " $PARTS " == *" code-potential "* ]] && [ ! -f "$RUNS/$task/code-potential/eval.txt" ]; then
    rm -rf "$RUNS/$task/code-potential"
    $P train --env "$env" --steps "$STEPS" --seed "$SEED" --reward llm-code:scripted,potential \
      --out "$RUNS/$task/code-potential" --plain > "$RUNS/$task/code-potential.log" 2>&1 \
      || { echo "$task: code-potential failed (see code-potential.log)"; continue; }
    $P eval --run "$RUNS/$task/code-potential" --episodes "$EVAL" --seed $((1000000 + SEED)) | tail -1 \
      > "$RUNS/$task/code-potential/eval.txt"
  fi
  if [[ " $PARTS " == *" llm "* ]] && [ -n "$LLM_URL" ]; then
    # EMBED_STEPS=0 skips the embedding run (on a CPU the local model embeds a few captions a second).
    if [ "$EMBED_STEPS" != 0 ]; then
      $P study --env "$env" --methods embedding --seeds 1 --steps "$EMBED_STEPS" --eval-episodes "$EVAL" "${LLM[@]}" \
        --out "$RUNS/$task/embedding" > "$RUNS/$task/embedding.log" 2>&1 || echo "$task: embedding ended with an error"
    fi
    $P act --env "$env" --episodes "$ACT_EPISODES" --max-steps "$ACT_STEPS" --seed 1000001 "${LLM[@]}" \
      --llm-cache none --report "$RUNS/$task/act.json" > "$RUNS/$task/act.log" 2>&1 || echo "$task: act ended with an error"
  fi
  [ -f "$RUNS/$task/study/table.md" ] && grep -h "^| [a-z]" "$RUNS/$task/study/table.md" | cut -d'|' -f2,4 || true
done
python3 Bench/miniwob_study_table.py "$RUNS" "${TASKS[@]}"
