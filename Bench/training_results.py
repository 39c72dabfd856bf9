"""Summarises `pavlov train` runs for the README: steps until the success rate over the last 100
episodes first reached a threshold, the last logged success rate, steps and wall time.

    python3 Bench/training_results.py runs/dk8-s1 runs/dk8-s2 --threshold 0.9
"""
import argparse
import json
import os


def summarise(run: str, threshold: float) -> dict:
    rows = [json.loads(line) for line in open(os.path.join(run, "metrics.jsonl"))]
    config = json.load(open(os.path.join(run, "config.json")))
    # Only once 100 episodes have finished does the rate cover a full window.
    reached = next((r["global_step"] for r in rows
                    if r.get("charts/episodes", 0) >= 100 and (r.get("charts/success_rate") or 0) >= threshold), None)
    last = rows[-1]
    return {
        "run": run, "env": config["env_id"], "seed": config["seed"], "steps": last["global_step"],
        "seconds": round(last["time/seconds"], 1), "first_step_at_threshold": reached,
        "final_success_rate_100": last.get("charts/success_rate"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("runs", nargs="+")
    parser.add_argument("--threshold", type=float, default=0.9)
    args = parser.parse_args()
    for run in args.runs:
        print(json.dumps(summarise(run, args.threshold)))


if __name__ == "__main__":
    main()
