#!/usr/bin/env python3
"""What Motif's count modulation keyed by NetHack's message pays, read from a label store.

    python3 Bench/nethack_count_keys.py STORE [SPLIT_ID]

For the episodes of a store written by `pavlov collect` (observations in order, per episode),
counts the steps whose message is empty and the steps whose message is the first of its kind in
its episode. With r = 1[r̂ > ε] r̂ / N_ep(message)^3 only those first occurrences pay in full; every
later step with a message already seen pays at most 1/8 of it, so all of an episode's
empty-message steps together pay about 1.2 times one (the sum of 1/n^3). Observations with ids up
to SPLIT_ID are reported apart from the rest (Bench/nethack_ai_feedback.sh collects 12,000
observations of the random policy, then 12,000 of the scripted expert). The same counts are
given for the learner's view as the key (crop_classes + status_bins, `key=crop_classes+status_bins`
of `--reward ai-feedback:MODEL,count`). Stdlib only.
"""
import sqlite3
import struct
import sys

MESSAGE_OFFSET, MESSAGE_SIZE = 1686, 256   # the `message` part of NetHack's spec (int32 elements)
VIEW_OFFSET, VIEW_SIZE = 6588, 81 + 13      # `crop_classes` then `status_bins`


def message(blob):
    codes = struct.unpack_from(f"<{MESSAGE_SIZE}i", blob, 4 * MESSAGE_OFFSET)
    out = bytearray()
    for c in codes:
        if c == 0:
            break
        out.append(c)
    return bytes(out)


def view(blob):
    return blob[4 * VIEW_OFFSET:4 * (VIEW_OFFSET + VIEW_SIZE)]


def summarise(name, rows):
    steps = empty = first = first_nonempty = first_view = 0
    near_stairs = near_stairs_paid = near_stairs_paid_view = 0
    seen, seen_view = {}, {}
    for episode, _step, blob, progress in rows:
        key = message(blob)
        counts = seen.setdefault(episode, {})
        counts[key] = counts.get(key, 0) + 1
        views = seen_view.setdefault(episode, {})
        view_key = view(blob)
        views[view_key] = views.get(view_key, 0) + 1
        first_view += views[view_key] == 1
        steps += 1
        empty += key == b""
        if counts[key] == 1:
            first += 1
            first_nonempty += key != b""
        # Staircase progress over 0.6 means the stairs are seen and near: steps a learned reward
        # should pay for if it is to lead there.
        if progress > 0.6:
            near_stairs += 1
            near_stairs_paid += counts[key] == 1
            near_stairs_paid_view += views[view_key] == 1
    episodes = len(seen)
    distinct = sum(len(c) for c in seen.values())
    print(f"{name}: {steps} steps in {episodes} episodes; empty message {empty / steps:.3f} of steps; "
          f"first occurrence of its message in the episode (paid in full) {first / steps:.3f} "
          f"({first_nonempty / steps:.3f} non-empty); {distinct / episodes:.1f} distinct messages per episode; "
          f"steps with progress > 0.6: {near_stairs}, of which paid in full {near_stairs_paid}; "
          f"keyed by the learner view instead: first occurrences {first_view / steps:.3f} of steps, "
          f"{near_stairs_paid_view} of the steps with progress > 0.6")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    split = int(sys.argv[2]) if len(sys.argv) > 2 else None
    db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
    env = db.execute("SELECT value FROM meta WHERE key = 'env_id'").fetchone()
    if not env or not env[0].startswith("NetHack"):
        sys.exit(f"{sys.argv[1]} is not a NetHack label store (env_id {env})")
    query = "SELECT episode, step, data, progress FROM observations {} ORDER BY episode, step"
    if split is None:
        summarise("all", db.execute(query.format("")))
    else:
        summarise(f"ids <= {split}", db.execute(query.format("WHERE id <= ?"), (split,)))
        summarise(f"ids > {split}", db.execute(query.format("WHERE id > ?"), (split,)))


if __name__ == "__main__":
    main()
