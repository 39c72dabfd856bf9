"""The table of Bench/miniwob_ppo.sh: per task, the trained policy's success over its last 100
training episodes and in `pavlov eval` (1,000 episodes), against a uniformly random policy and
the scripted expert, with steps, wall time and steps/s of the run.

    python3 Bench/miniwob_ppo_table.py .bench/miniwob-ppo click-tab-2 enter-time
"""
import json
import os
import re
import sys


def eval_success(path: str) -> str:
    try:
        line = open(path).read()
    except OSError:
        return "-"
    match = re.search(r"success rate ([0-9.]+)", line)
    return match.group(1) if match else "-"


def main() -> None:
    runs, tasks = sys.argv[1], sys.argv[2:]
    print("| task | steps | wall time (s) | steps/s | success, last 100 training episodes | "
          "success, `pavlov eval` (1,000) | random | expert |")
    print("|---|---|---|---|---|---|---|---|")
    for task in tasks:
        run = os.path.join(runs, task)
        rows = [json.loads(line) for line in open(os.path.join(run, "metrics.jsonl"))]
        last = rows[-1]
        steps, seconds = last["global_step"], last["time/seconds"]
        rate = last.get("charts/success_rate")
        print(f"| {task} | {steps:,} | {seconds:.0f} | {steps / max(seconds, 1e-9):,.0f} | "
              f"{'-' if rate is None else f'{rate:.2f}'} | {eval_success(os.path.join(run, 'eval-trained.txt'))} | "
              f"{eval_success(os.path.join(run, 'eval-random.txt'))} | "
              f"{eval_success(os.path.join(run, 'eval-expert.txt'))} |")


if __name__ == "__main__":
    main()
