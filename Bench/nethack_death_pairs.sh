#!/usr/bin/env bash
# A check of docs/nethack.md ("What the reward model reads, and what stops it"): a copy of a
# NetHack Staircase label store in which the oracle's progress of a death is 0 (it was the
# staircase measure of the step before) and pairs of the death observation with 1,400 others are
# added, labelled by scripted:oracle; then a learner-view reward model is fit on it. The collected
# data hold 7 deaths among 24,000 observations, so pairs sampled uniformly almost never include
# one, and the models scored the death screen like the goal's. An experiment on a copy of the
# data, not a change of the oracle: the env's progress on death is unchanged.
#
#   bash Bench/nethack_death_pairs.sh STORE OUT_STORE OUT_MODEL   (PAVLOV: a built pavlov binary)
set -euo pipefail
STORE=$1 OUT=$2 MODEL=$3
P=${PAVLOV:-.build/release/pavlov}
[ ! -e "$OUT" ] || { echo "$OUT exists; choose another OUT_STORE" >&2; exit 1; }
cp "$STORE" "$OUT"
sqlite3 "$OUT" "
UPDATE observations SET progress = 0 WHERE event = 1;
INSERT OR IGNORE INTO pairs(first_observation, second_observation, low_caption, high_caption)
SELECT d.id, o.id, min(d.caption_id, o.caption_id), max(d.caption_id, o.caption_id)
FROM observations d JOIN (SELECT id, caption_id FROM observations WHERE event = 0 ORDER BY random() LIMIT 1400) o
WHERE d.event = 1 AND d.caption_id != o.caption_id;"
PAIRS=$(sqlite3 "$OUT" "SELECT count(*) FROM pairs")
$P annotate --store "$OUT" --pairs "$PAIRS" --labeller scripted:oracle | tail -1
$P reward fit --store "$OUT" --out "$MODEL" --input learner-view | tail -4
