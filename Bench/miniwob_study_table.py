#!/usr/bin/env python3
"""The table of Bench/miniwob_study.sh: per task, the success of each way of using a language
model (the study's rows, SIMULATED stand-ins marked in docs), PPO with the env reward at the same
budget, the embedding row and the LLM as the policy where they ran.

    python3 Bench/miniwob_study_table.py RUNS task [task ...]
"""
import json
import os
import re
import sys


def study_rows(path):
    """method -> (success, wall seconds) from a study's results.json; absent when not run."""
    try:
        with open(os.path.join(path, "results.json")) as f:
            results = json.load(f)
    except (OSError, ValueError):
        return {}
    rows = {}
    for row in results.get("rows", []):
        if "successMean" in row:
            rows[row["method"]] = (row["successMean"], row.get("wallSeconds"))
        elif row.get("failures"):
            rows[row["method"]] = ("failed", None)
    return rows


def env_success(path):
    try:
        with open(os.path.join(path, "eval.txt")) as f:
            m = re.search(r"success rate ([0-9.]+)", f.read())
    except OSError:
        return None
    return float(m.group(1)) if m else None


def act_report(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def cell(value):
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return f"{value:.3f}"


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: miniwob_study_table.py RUNS task [task ...]")
    runs, tasks = sys.argv[1], sys.argv[2:]
    print("| task | env reward (PPO) | policy (expert, SIMULATED) | ai-feedback (SIMULATED) | scalar (SIMULATED) "
          "| code (SIMULATED) | code, potential (SIMULATED) | embedding (SmolLM2) |")
    print("|---|---|---|---|---|---|---|---|")
    for task in tasks:
        study = study_rows(os.path.join(runs, task, "study"))
        embedding = study_rows(os.path.join(runs, task, "embedding")).get("embedding")
        values = [env_success(os.path.join(runs, task, "env"))]
        values += [study.get(m, (None, None))[0] for m in ("policy", "ai-feedback", "scalar", "code")]
        values.append(env_success(os.path.join(runs, task, "code-potential")))
        values.append(embedding[0] if embedding else None)
        print(f"| {task} | " + " | ".join(cell(v) for v in values) + " |")
    print()
    print("| task | LLM policy success | episodes | steps | fallbacks | LLM calls | prompt + completion tokens | wall s |")
    print("|---|---|---|---|---|---|---|---|")
    for task in tasks:
        r = act_report(os.path.join(runs, task, "act.json"))
        if r is None:
            continue
        u = r.get("usage", {})
        print(f"| {task} | {r['successes']}/{r['episodes']} | {r['episodes']} | {r['decisions']} | {r['fallbacks']} | "
              f"{r['llmCalls']} | {u.get('promptTokens', 0)} + {u.get('completionTokens', 0)} | {r['wallSeconds']:.0f} |")


if __name__ == "__main__":
    main()
