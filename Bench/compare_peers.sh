#!/usr/bin/env bash
# Measures Pavlov and its peers side by side, in one sitting, on this machine, and prints
# the README's speed table with ratios. Nothing else should load the CPU meanwhile.
#
#   bash Bench/compare_peers.sh            # peers venvs must exist: ../shared/peers/setup_venvs.sh
#   SKIP_PEERS=1 bash Bench/compare_peers.sh   # Pavlov only (ratios use the last peer results)
#
# Results (JSON lines) go to $BENCH_OUT (default .bench/): peers.jsonl and pavlov.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
PEERS_DIR=${PEERS_DIR:-../shared/peers}
PEERS_ROOT=${PEERS_ROOT:-$HOME/.cache/pavlov-peers}
OUT=${BENCH_OUT:-.bench}
mkdir -p "$OUT"
export PEERS_RESULTS="$PWD/$OUT/peers.jsonl"
export PYTHONWARNINGS=ignore

if [ -z "${SKIP_PEERS:-}" ]; then
  [ -x "$PEERS_ROOT/venv/bin/python" ] || { echo "no peer venvs in $PEERS_ROOT: run $PEERS_DIR/setup_venvs.sh" >&2; exit 1; }
  : > "$PEERS_RESULTS"
  # Farama MiniGrid, single env (the loop most MiniGrid code runs).
  (cd "$PEERS_DIR" && "$PEERS_ROOT/venv/bin/python" -c \
    "import bench_minigrid as b; b.single('MiniGrid-DoorKey-8x8-v0')")
  # EnvPool's C++ MiniGrid in the configurations where it is fastest on 2 cores.
  EP_TASKS=MiniGrid-DoorKey-8x8-v0 EP_CONFIGS=sync:64:2,sync:256:2,async:64:2,async:128:2 \
    "$PEERS_ROOT/venv/bin/python" "$PEERS_DIR/bench_envpool.py"
  # NAVIX (JAX on CPU) with MiniGrid's first-person observation, where its venv was made.
  if [ -x "$PEERS_ROOT/venv-jax/bin/python" ]; then
    JAX_LIBS=navix JAX_BATCHES=4096 "$PEERS_ROOT/venv-jax/bin/python" "$PEERS_DIR/bench_jax_grid.py"
  else
    echo "no $PEERS_ROOT/venv-jax: NAVIX is left out" >&2
  fi
  # alt-gym-wordle, single env.
  "$PEERS_ROOT/venv-wordle/bin/python" "$PEERS_DIR/bench_wordle.py"
  # Meta-World push and pick-place: EnvPool's C++/MuJoCo port on 2 threads, and Farama
  # Meta-World 3.1's single env (gym.make MT1, the loop most Meta-World code runs).
  EP_TASKS=MetaWorld/Push-v3,MetaWorld/PickPlace-v3 EP_CONFIGS=sync:64:2,sync:256:2,async:64:2 \
    "$PEERS_ROOT/venv/bin/python" "$PEERS_DIR/bench_envpool.py"
  for task in push-v3 pick-place-v3; do
    (cd "$PEERS_DIR" && "$PEERS_ROOT/venv/bin/python" -c "import bench_metaworld as b; b.single('$task')")
  done
fi

swift build -c release --product pavlov >/dev/null
PAVLOV=.build/release/pavlov
: > "$OUT/pavlov.jsonl"
for spec in \
  "MiniGrid-DoorKey-8x8-v0 4096 2000 2 core" \
  "MiniGrid-DoorKey-8x8-v0 4096 2000 2 swift" \
  "MiniGrid-DoorKey-8x8-v0 4096 2000 1 core" \
  "MiniGrid-DoorKey-8x8-v0 256 20000 2 core" \
  "MiniGrid-DoorKey-8x8-v0 16384 500 2 core" \
  "Wordle-v0 4096 4000 2 core" \
  "Wordle-v0 4096 4000 2 swift" \
  "Wordle-v0 4096 4000 1 core" \
  "arm/push 4096 100 2 core" \
  "arm/push 4096 100 1 core" \
  "arm/pick-place 4096 100 2 core" \
  "arm/pick-place 4096 100 1 core"; do
  set -- $spec
  "$PAVLOV" bench --env "$1" --num-envs "$2" --steps "$3" --threads "$4" --scheduler "$5" --json >> "$OUT/pavlov.jsonl"
done
# From Python (pavlov_envs, issue 6), in the venv scripts/test.sh makes.
PY=.venv-python/bin/python
if [ -x "$PY" ]; then
  "$PY" Bench/python_bench.py MiniGrid-DoorKey-8x8-v0 4096 2000 2 make_vec >> "$OUT/pavlov.jsonl"
  "$PY" Bench/python_bench.py MiniGrid-DoorKey-8x8-v0 4096 2000 2 envpool_make >> "$OUT/pavlov.jsonl"
  "$PY" Bench/python_bench.py MiniGrid-DoorKey-8x8-v0 256 20000 2 make_vec >> "$OUT/pavlov.jsonl"
else
  echo "no .venv-python: run scripts/test.sh once to measure from Python" >&2
fi
"$PAVLOV" bench --env MiniGrid-DoorKey-8x8-v0 --num-envs 64 --captions --json >> "$OUT/pavlov.jsonl"
"$PAVLOV" bench --env Wordle-v0 --num-envs 64 --captions --json >> "$OUT/pavlov.jsonl"

python3 Bench/speed_table.py "$OUT/peers.jsonl" "$OUT/pavlov.jsonl"
