#!/usr/bin/env python3
"""What a learned reward pays along the episodes of a NetHack label store, per shape.

    python3 Bench/nethack_reward_paid.py MODEL STORE [SPLIT_ID]

Scores every observation of STORE (written by `pavlov collect`) with MODEL, a reward model from
`pavlov reward fit` over the learner view (version 3: the one-hot layer's table, one row of
weights per category, then its bias; then the MLP) or over the observation (version 2: the
standardised observation and the event's one-hot into the MLP; per layer weights out x in, then
biases), and reports per collecting policy (ids up to SPLIT_ID, then the rest): r̂ of the
goal observations beside its quantiles, and what each shape of `--reward ai-feedback:MODEL,...`
pays per step: count keyed by the message (NetHack's hint), count keyed by the learner view
(`key=crop_classes+status_bins`), and potential. The normalisation check (mean 0, std 1, the
median equal to the file's threshold) confirms the forward pass is the model's. Needs numpy.
"""
import json
import sqlite3
import sys

import numpy as np

MESSAGE = slice(1686, 1686 + 256)
VIEW_PARTS = [(6588, 81, 32), (6669, 13, 16)]   # crop_classes, status_bins: offset, size, categories
EVENT_NAMES = {0: "", 1: "died", 2: "succeeded", 3: "descended"}


def load_model(path):
    with open(path) as f:
        header = f.readline().split()
        model = json.load(f)
    if header == ["pavlov-reward-model", "2"]:
        return model
    if header != ["pavlov-reward-model", "3"] or model.get("input") != "learner-view":
        sys.exit(f"{path}: not a reward model of version 2 or 3 (header {header})")
    counts = model["viewCategoryCounts"]
    expected = [c for _, size, c in VIEW_PARTS for _ in range(size)]
    if counts != expected:
        sys.exit(f"{path}: its view is not NetHack's crop_classes + status_bins")
    return model


def forward(model, rows, events):
    params = np.asarray(model["parameters"], dtype=np.float32)
    hidden = model["hiddenSizes"]
    if model.get("input") != "learner-view":
        x = (rows - np.asarray(model["inputMean"], np.float32)) * np.asarray(model["inputScale"], np.float32)
        one_hot = np.zeros((len(rows), model.get("eventCount") or 0), np.float32)
        if one_hot.shape[1]:
            one_hot[np.arange(len(rows)), np.clip(events, 0, one_hot.shape[1] - 1)] = 1
        return mlp(params, 0, [x.shape[1] + one_hot.shape[1]] + hidden, np.concatenate([x, one_hot], axis=1), model)
    categories = sum(model["viewCategoryCounts"]) + model["eventCount"]
    table = params[:categories * hidden[0]].reshape(categories, hidden[0])
    at = categories * hidden[0]
    bias = params[at:at + hidden[0]]
    at += hidden[0]
    codes, base = [], 0
    for offset, size, count in VIEW_PARTS:
        codes.append(rows[:, offset:offset + size] + base + np.arange(size) * count)
        base += size * count
    codes = np.concatenate(codes, axis=1)
    x = np.tanh(table[codes].sum(axis=1) + table[base + np.clip(events, 0, model["eventCount"] - 1)] + bias)
    return mlp(params, at, hidden, x, model)


def mlp(params, at, sizes, x, model):
    sizes = sizes + [1]
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        w = params[at:at + n_out * n_in].reshape(n_out, n_in)
        at += n_out * n_in
        b = params[at:at + n_out]
        at += n_out
        x = x @ w.T + b
        if i < len(sizes) - 2:
            x = np.tanh(x)
    assert at == len(params), (at, len(params))
    return (x[:, 0] - model["rewardMean"]) / model["rewardStandardDeviation"]


def paid(r, keys, episodes, eps, beta=3.0):
    out = np.zeros_like(r)
    counts = {}
    for i, (e, k) in enumerate(zip(episodes, keys)):
        n = counts.get((e, k), 0) + 1
        counts[(e, k)] = n
        out[i] = r[i] / n ** beta if r[i] > eps else 0.0
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    model = load_model(sys.argv[1])
    split = int(sys.argv[3]) if len(sys.argv) > 3 else None
    db = sqlite3.connect(f"file:{sys.argv[2]}?mode=ro", uri=True)
    ids, episodes, events, rows = [], [], [], []
    for i, e, ev, blob in db.execute("SELECT id, episode, event, data FROM observations ORDER BY episode, step"):
        ids.append(i)
        episodes.append(e)
        events.append(ev)
        rows.append(np.frombuffer(blob, dtype="<i4"))
    ids, episodes, events, rows = np.array(ids), np.array(episodes), np.array(events), np.stack(rows)
    r = forward(model, rows, events)
    eps = model["threshold"]
    print(f"normalisation check over {len(r)} observations: mean {r.mean():.4f}, std {r.std():.4f}, "
          f"median {np.median(r):.4f} (file's threshold {eps:.4f})")
    messages = [row[MESSAGE].tobytes() for row in rows]
    views = [row[6588:6588 + 94].tobytes() for row in rows]
    by_message = paid(r, messages, episodes, eps)
    by_view = paid(r, views, episodes, eps)
    potential = np.zeros_like(r)
    same = episodes[1:] == episodes[:-1]
    potential[1:][same] = 0.99 * r[1:][same] - r[:-1][same]
    groups = [("all", np.ones(len(r), bool))] if split is None else [
        (f"ids <= {split}", ids <= split), (f"ids > {split}", ids > split)]
    q = np.quantile(r, [0.0, 0.01, 0.5, 0.9, 0.99, 1.0])
    print("r̂ quantiles min/0.01/0.5/0.9/0.99/max: " + " / ".join(f"{v:.2f}" for v in q))
    if (events != 1).any():
        print(f"r̂ of observations without a death: min {r[events != 1].min():.2f}")
    for code, name in EVENT_NAMES.items():
        if code and (events == code).any():
            values = r[events == code]
            print(f"r̂ of observations with event {name}: mean {values.mean():.2f}, max {values.max():.2f} ({len(values)})")
    for name, mask in groups:
        n = mask.sum()
        print(f"{name}: {n} steps; per step r̂ {r[mask].mean():.3f}; paid per step: count by message "
              f"{by_message[mask].sum() / n:.4f}, count by learner view {by_view[mask].sum() / n:.4f}, "
              f"potential {potential[mask].sum() / n:.4f}; share of steps paid > 0.1: by message "
              f"{(by_message[mask] > 0.1).mean():.3f}, by view {(by_view[mask] > 0.1).mean():.3f}")


if __name__ == "__main__":
    main()
