#!/usr/bin/env bash
# Pavlov's NetHack against NLE's own Python env, in one sitting, on this machine: NLE as a single
# env in a Python loop and as gymnasium's AsyncVectorEnv over one process per core
# (../shared/peers/bench_nle.py), Pavlov through pavlov_envs.make_vec on both cores, in turns
# (NLE, Pavlov, NLE, Pavlov ...). Both produce the same observations (NLE_KEYS below = Pavlov's
# parts). Prints every row and the ratio of Pavlov's best to NLE's best; then memory per env.
#
#   bash Bench/nethack_speed.sh [ROUNDS]     (needs: scripts/nle_setup.sh, .venv-python with pavlov_envs)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-2}
peers=${PEERS_DIR:-../shared/peers}
nle_python=${PAVLOV_NLE_VENV:-$HOME/.cache/pavlov/nle-venv}/bin/python
pavlov_python=.venv-python/bin/python
task=${TASK:-NetHackScore-v0}
configs=${CONFIGS:-1:1,2:2,8:2,32:2}
out=${BENCH_OUT:-.bench}
mkdir -p "$out"
export PEERS_RESULTS="$PWD/$out/nethack.jsonl" PYTHONWARNINGS=ignore
: > "$PEERS_RESULTS"
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; commit $(git rev-parse --short HEAD); $(date -u +%FT%TZ); load $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$rounds"); do
  (cd "$peers" && N_SINGLE=${N_SINGLE:-10000} N_VEC=${N_VEC:-10000} NLE_TASKS=$task \
     NLE_KEYS=glyphs,blstats,message,inv_glyphs,inv_strs,inv_letters,inv_oclasses "$nle_python" bench_nle.py)
  "$pavlov_python" Bench/nethack_pavlov.py "$peers" "$task" "$configs"
done
python3 - "$PEERS_RESULTS" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
best = {}
for r in rows:
    key = (r["library"], r["mode"])
    best.setdefault(key, []).append(r["sps_median"])
table = sorted(((statistics.median(v), k) for k, v in best.items()), reverse=True)
for sps, (lib, mode) in table:
    print(f"{lib:8s} {mode:75s} {sps:10,.0f} steps/s")
nle = max(s for s, (lib, _) in table if lib == "nle")
pav = max(s for s, (lib, _) in table if lib == "pavlov")
print(f"Pavlov's best / NLE's best: {pav / nle:.2f}x")
PY
"$pavlov_python" Bench/nethack_memory.py "$task" 16 128
