#!/usr/bin/env bash
# Two builds of Pavlov side by side in one sitting, in turns (A, B, A, B, ...), so that a
# refactor can show that speed did not change: env steps/s (`pavlov bench`, DoorKey-8x8 and
# Wordle-v0), PPO training steps/s (`pavlov train`, DoorKey-8x8) and Python's `make_vec` steps/s.
#
#   bash Bench/ab_speed.sh OLD_TREE NEW_TREE [ROUNDS]
#
# Each tree must hold a release build (`swift build -c release`) and a venv .venv-python with
# pavlov_envs installed from that tree (`pip install ./python`). Prints one line per measurement
# and the medians per build. Run it on a quiet machine; name the CPU with the figures.
set -euo pipefail
old=$(cd "$1" && pwd); new=$(cd "$2" && pwd); rounds=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; old $(git -C "$old" rev-parse --short HEAD), new $(git -C "$new" rev-parse --short HEAD)"

measure() {  # tree label
  local tree=$1 label=$2 p=$1/.build/release/pavlov
  local dk wd tr py
  dk=$("$p" bench --env MiniGrid-DoorKey-8x8-v0 --num-envs 4096 --steps 2000 --repeats 5 --json | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["perSecond"]))')
  wd=$("$p" bench --env Wordle-v0 --num-envs 4096 --steps 2000 --repeats 5 --json | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["perSecond"]))')
  rm -rf "$out/run"
  tr=$("$p" train --env MiniGrid-DoorKey-8x8-v0 --steps 300000 --seed 1 --out "$out/run" --plain 2>&1 \
        | sed -n 's/.*(\([0-9]*\) steps\/s this session).*/\1/p' | tail -1)
  py=$("$tree/.venv-python/bin/python" "$here/python_bench.py" MiniGrid-DoorKey-8x8-v0 4096 2000 2 \
        | python3 -c 'import json,sys; print(round(json.loads(sys.stdin.readlines()[-1])["perSecond"]))')
  echo "$label bench-doorkey $dk bench-wordle $wd train-doorkey $tr python-make_vec $py" | tee -a "$out/all"
}
for _ in $(seq "$rounds"); do measure "$old" old; measure "$new" new; done
python3 - "$out/all" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
for label in ("old", "new"):
    cols = {}
    for r in rows:
        if r[0] != label: continue
        for k, v in zip(r[1::2], r[2::2]): cols.setdefault(k, []).append(float(v))
    print(label, "medians:", "  ".join(f"{k} {statistics.median(v):,.0f}" for k, v in cols.items()))
PY
