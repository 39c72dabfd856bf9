"""Counts the arm's physics faults (docs/arm.md, Faults): the table before and after a change.

  python Bench/arm_faults.py expert N [TASK ...]     expert success and faults, N episodes per
                                                      task (batches of 100 envs, seeds 2026, ...)
  python Bench/arm_faults.py random [TASK ...]       random actions, 1,024 envs x 200 steps
  python Bench/arm_faults.py press [TASK ...]        a pressing policy, 64 envs x 500 steps
  python Bench/arm_faults.py replay TASK CHECKPOINT [greedy|sampled]
                                                      a SAC checkpoint's actor, 100 episodes

Needs numpy and pavlov_envs (pip install ./python); `replay` reads the checkpoint with
Bench/sac_policy_drift.py. Every count is deterministic for a given build.
"""
import sys
import time

import numpy as np
from pavlov_envs._core import CoreBatch

TASKS = ("reach push pick-place door-open drawer-open drawer-close button-press-topdown window-open window-close "
         "peg-insert-side sweep-into soccer").split()
PRESSED = ["door-open", "button-press-topdown", "drawer-open", "window-open", "peg-insert-side", "push"]


def batch(task, envs, seed):
    core = CoreBatch("arm/" + task, envs, seed=seed, num_threads=2)
    core.reset()
    return core, core.info_names.index("success"), core.info_names.index("fault")


def expert(task, episodes):
    solved = faults = 0
    for b in range(episodes // 100):
        core, cs, cf = batch(task, 100, 2026 + b)
        ok, bad = np.zeros(100, bool), np.zeros(100, bool)
        for _ in range(500):
            core.step(core.expert_actions())
            bad |= core.info[:, cf] > 0
            ok |= (core.info[:, cs] > 0) & ~bad
        solved, faults = solved + int(ok.sum()), faults + int(bad.sum())
    return f"expert {solved}/{episodes // 100 * 100}, faults {faults}"


def random_actions(task, envs=1024, steps=200, seed=7):
    core, _, cf = batch(task, envs, seed)
    rng, faults = np.random.default_rng(seed), 0
    for _ in range(steps):
        core.step(rng.uniform(-1, 1, (envs, 4)).astype(np.float32))
        faults += int((core.info[:, cf] > 0).sum())
    return f"random actions: {faults} faults in {envs} envs x {steps} steps"


def press(task, envs=64, steps=500, seed=3):
    """Saturated moves towards a point within 15 cm of the object, new every 25 steps, with jitter."""
    core, _, cf = batch(task, envs, seed)
    rng, faults = np.random.default_rng(seed), 0
    offset = rng.uniform(-0.15, 0.15, (envs, 3))  # redrawn at step 0; docs/arm.md's counts include this draw
    for t in range(steps):
        if t % 25 == 0:
            offset = rng.uniform(-0.15, 0.15, (envs, 3))
        o = core.observations
        move = np.clip(20 * (o[:, 4:7] + offset - o[:, 0:3]) + rng.normal(0, 0.3, (envs, 3)), -1, 1)
        core.step(np.concatenate([move, rng.uniform(-1, 1, (envs, 1))], 1).astype(np.float32))
        faults += int((core.info[:, cf] > 0).sum())
    return f"pressing: {faults} faults in {envs} envs x {steps} steps"


def replay(task, checkpoint, greedy, envs=100, seed=100001):
    sys.path.insert(0, __file__.rsplit("/", 1)[0])
    from sac_policy_drift import actor_of, load
    actor = actor_of(*load(checkpoint))
    core, cs, cf = batch(task, envs, seed)
    rng = np.random.default_rng(seed)
    solved, faulted = np.zeros(envs, bool), np.zeros(envs, bool)
    for _ in range(500):
        mu, sigma = actor(core.observations.astype(np.float64))
        core.step((np.tanh(mu) if greedy else np.tanh(mu + sigma * rng.standard_normal(mu.shape))).astype(np.float32))
        faulted |= core.info[:, cf] > 0
        solved |= (core.info[:, cs] > 0) & ~faulted
    return f"{'greedy' if greedy else 'sampled'}: {int(faulted.sum())} of {envs} episodes faulted, success {solved.mean():.2f}"


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) >= 2 and args[0] == "expert":
        jobs = [(t, lambda t=t: expert(t, int(args[1]))) for t in args[2:] or TASKS]
    elif args[:1] == ["random"]:
        jobs = [(t, lambda t=t: random_actions(t)) for t in args[1:] or TASKS]
    elif args[:1] == ["press"]:
        jobs = [(t, lambda t=t: press(t)) for t in args[1:] or PRESSED]
    elif len(args) in (3, 4) and args[0] == "replay":
        jobs = [(args[1], lambda: replay(args[1], args[2], args[3:] != ["sampled"]))]
    else:
        raise SystemExit(__doc__)
    for task, job in jobs:
        start = time.time()
        print(f"{task}\t{job()}\t{time.time() - start:.0f} s", flush=True)
