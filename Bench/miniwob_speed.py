"""Steps per second of Pavlov's native MiniWob tasks against the real tasks in headless
Chromium, one sitting (run by Bench/miniwob_speed.sh in the reference's venv).

Native: a batch of envs stepped with uniformly random actions (most of the 1,167 are clicks on
rows, typing into rows, or keys; autoreset included), and one env on one thread. Chromium:
miniwob's own gymnasium env (one browser, what every MiniWob agent steps), random clicks on
the page's elements, resets included."""
import argparse
import json
import logging
import os
import platform
import random
import time

import numpy as np

import pavlov_envs

TASKS = ["click-checkboxes", "use-spinner", "guess-number", "click-shades", "click-tab-2", "enter-time"]
TASKS += ["choose-date-nodelay", "search-engine", "tic-tac-toe"]
TASKS += ["email-inbox", "social-media"]
TASKS += ["book-flight-nodelay"]


def native(task, num_envs, threads, seconds):
    env = pavlov_envs.make_vec(f"MiniWob-{task}-v0", num_envs, seed=1, num_threads=threads)
    env.reset()
    rng = np.random.default_rng(0)
    batches = [rng.integers(0, env.single_action_space.n, num_envs, dtype=np.int32) for _ in range(64)]
    steps, k = 0, 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        env.step(batches[k % 64])
        steps += num_envs
        k += 1
    rate = steps / (time.perf_counter() - start)
    env.close()
    return rate


def chromium(task, seconds):
    os.environ.setdefault("MINIWOB_CHROME_BINARY", "/usr/bin/chromium")
    os.environ.setdefault("MINIWOB_CHROMEDRIVER", "/usr/bin/chromedriver")
    import gymnasium
    import miniwob
    from miniwob.action import ActionTypes

    gymnasium.register_envs(miniwob)
    logging.getLogger().setLevel(logging.ERROR)  # miniwob logs every click on a vanished element
    env = gymnasium.make(f"miniwob/{task}-v1")
    rng = random.Random(0)
    obs, _ = env.reset(seed=0)
    steps, episodes = 0, 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        # Elements only: text pieces (negative refs) are not clickable in miniwob.
        ref = rng.choice([e["ref"] for e in obs["dom_elements"] if e["ref"] > 0])
        action = env.unwrapped.create_action(ActionTypes.CLICK_ELEMENT, ref=ref)
        obs, reward, terminated, truncated, _ = env.step(action)
        steps += 1
        if terminated or truncated:
            episodes += 1
            obs, _ = env.reset(seed=steps)
    rate = steps / (time.perf_counter() - start)
    env.close()
    return rate


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--envs", type=int, default=256)
    parser.add_argument("--json")
    parser.add_argument("--tasks", nargs="*", default=TASKS)
    args = parser.parse_args()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    print(f"CPU: {cpu}, {os.cpu_count()} cores")
    print(f"{'task':18} {'native batch':>14} {'native 1 env':>14} {'chromium':>10} {'batch/chromium':>15}")
    rows = []
    for task in args.tasks:
        batch = native(task, args.envs, 0, args.seconds)
        single = native(task, 1, 1, args.seconds)
        browser = chromium(task, args.seconds * 2)
        rows.append({"task": task, "native_batch": batch, "native_single": single, "chromium": browser})
        print(f"{task:18} {batch:14,.0f} {single:14,.0f} {browser:10,.1f} {batch / browser:15,.0f}x", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"cpu": cpu, "envs": args.envs, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
