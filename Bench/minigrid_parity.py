"""Pavlov's grid worlds against Farama MiniGrid, step for step.

Layouts come from different random generators, so the two cannot be seeded alike. Instead,
each episode Pavlov generates is copied into a MiniGrid env (read from Pavlov's text render,
which lists every cell, object, the agent and the step counter), and then both take the
same random actions. Every observation (image and direction), reward, terminated and
truncated flag must be equal, and after each episode end the next Pavlov layout is copied
again. Run with bash Bench/minigrid_parity.sh (it makes a venv with minigrid 3.2.0).
"""
import random
import re
import sys

import gymnasium as gym
import minigrid  # noqa: F401  (registers MiniGrid-* ids)
import numpy as np
from minigrid.core.grid import Grid
from minigrid.core.world_object import Ball, Box, Door, Goal, Key, Lava, Wall

import pavlov_envs

IDS = [
    "MiniGrid-Empty-5x5-v0", "MiniGrid-Empty-8x8-v0", "MiniGrid-DoorKey-5x5-v0", "MiniGrid-DoorKey-8x8-v0",
    "MiniGrid-DoorKey-16x16-v0", "MiniGrid-FourRooms-v0", "MiniGrid-MultiRoom-N2-S4-v0",
    "MiniGrid-MultiRoom-N4-S5-v0", "MiniGrid-KeyCorridorS3R1-v0", "MiniGrid-KeyCorridorS3R3-v0",
    "MiniGrid-LavaGapS5-v0", "MiniGrid-LavaGapS7-v0", "MiniGrid-Unlock-v0", "MiniGrid-UnlockPickup-v0",
]
OBJECT = re.compile(r"(\w+) (\w+)(?: \((\w+)\))? at \((\d+),(\d+)\)")
CARRYABLE = {"key": Key, "ball": Ball, "box": Box}


def copy_layout(text, env):
    """Sets MiniGrid env's grid, agent, counters and mission target from Pavlov's render."""
    lines = text.split("\n")
    end = next(i for i, line in enumerate(lines) if line.startswith("mission:"))
    rows = lines[:end]
    objects = {}
    for line in lines:
        if line.startswith("objects: "):
            for m in OBJECT.finditer(line[len("objects: "):]):
                objects[(int(m.group(4)), int(m.group(5)))] = (m.group(1), m.group(2), m.group(3))
    grid = Grid(len(rows[0]), len(rows))
    target = door = None
    for y, row in enumerate(rows):
        for x, ch in enumerate(row):
            cell = None
            if ch == "W":
                cell = Wall()
            elif ch == "G":
                cell = Goal()
            elif ch == "L":
                cell = Lava()
            elif ch in "KBXDd":
                colour, kind, state = objects[(x, y)]
                if kind == "door":
                    cell = Door(colour, is_open=state == "open", is_locked=state == "locked")
                    door = cell if cell.is_locked else door
                else:
                    cell = CARRYABLE[kind](colour)
                    target = cell if kind in ("ball", "box") else target
            elif ch in ">v<^":
                env.agent_pos, env.agent_dir = (x, y), ">v<^".index(ch)
            if cell is not None:
                grid.set(x, y, cell)
                cell.cur_pos = (x, y)
    counter = re.search(r"step (\d+)/(\d+), carrying: (.*)", text)
    env.grid = grid
    env.step_count, env.max_steps = int(counter.group(1)), int(counter.group(2))
    carried = counter.group(3)
    env.carrying = None if carried == "nothing" else CARRYABLE[carried.split()[1]](carried.split()[0])
    if target is not None:
        env.obj = target  # KeyCorridor / UnlockPickup: the object to pick up
    if door is not None:
        env.door = door  # Unlock: the door to open


def reference(obs):
    return np.concatenate([obs["image"].reshape(-1), [obs["direction"]]]).astype(np.uint8)


def run(env_id, seed, steps):
    ours = pavlov_envs.make_vec(env_id, 1, seed=seed, num_threads=1)
    obs, _ = ours.reset(seed=seed)
    theirs = gym.make(env_id).unwrapped
    theirs.reset(seed=0)
    copy_layout(ours.render_text(0), theirs)
    if not np.array_equal(reference(theirs.gen_obs()), obs[0]):
        raise AssertionError(f"{env_id} seed {seed}: first observation differs")
    rng = random.Random(seed)
    episodes = 0
    for t in range(steps):
        action = rng.choice([0, 1, 2, 2, 2, 3, 4, 5, 5, 6])  # forward and toggle more often, to reach things
        obs, reward, terminated, truncated, infos = ours.step(np.array([action]))
        o, r, te, tr, _ = theirs.step(action)
        if abs(r - reward[0]) > 1e-6 or bool(te) != bool(terminated[0]) or bool(tr) != bool(truncated[0]):
            raise AssertionError(f"{env_id} seed {seed} step {t}: reward/flags {r},{te},{tr} vs "
                                 f"{reward[0]},{terminated[0]},{truncated[0]}")
        mine = infos["final_obs"][0] if (te or tr) else obs[0]
        if not np.array_equal(reference(o), mine):
            raise AssertionError(f"{env_id} seed {seed} step {t}: observation differs\n{ours.render_text(0)}")
        if te or tr:
            episodes += 1
            copy_layout(ours.render_text(0), theirs)
            if not np.array_equal(reference(theirs.gen_obs()), obs[0]):
                raise AssertionError(f"{env_id} seed {seed} step {t}: observation after autoreset differs")
    return episodes


def main():
    ids = sys.argv[1:] or IDS
    total_steps = 0
    for env_id in ids:
        episodes = sum(run(env_id, seed, 1500) for seed in range(8))
        total_steps += 8 * 1500
        print(f"{env_id}: 12000 steps, {episodes} episodes, identical", flush=True)
    print(f"parity: {total_steps} steps over {len(ids)} ids matched Farama MiniGrid {minigrid.__version__}")


if __name__ == "__main__":
    main()
