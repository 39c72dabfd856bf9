"""The scripted staircase expert (csim_vec_env_expert_actions) beside a uniformly random policy
on a NetHack task: success, return, length and how episodes end over EPISODES episodes, the
first of each of EPISODES envs (as `pavlov eval` and Bench/nethack_random.py count them), both
policies on the same games (same batch seed).

usage: python Bench/nethack_expert.py [TASK] [EPISODES] [SEED] [POLICIES]   (POLICIES: expert,random;
       needs .venv-python with pavlov_envs)
"""
import sys

import numpy as np

import pavlov_envs


def run(task, episodes, seed, policy):
    env = pavlov_envs.make_vec(task, episodes, seed=seed, num_threads=2)
    env.reset()
    rng = np.random.default_rng(0)
    returns = np.zeros(episodes)
    success, length, died = (np.zeros(episodes) for _ in range(3))
    finished = np.zeros(episodes, dtype=bool)
    while not finished.all():
        actions = env.expert_actions() if policy == "expert" else rng.integers(0, 23, episodes, dtype=np.int32)
        _, reward, terminated, truncated, info = env.step(actions)
        returns += np.where(finished, 0.0, reward)
        for i in np.flatnonzero((terminated | truncated) & ~finished):
            final = info["final_info"]
            success[i] = final["success"][i]
            length[i] = final["episode_step"][i]
            died[i] = final["end_status"][i] == 1
            finished[i] = True
    env.close()
    print(f"{task} {policy:>6}: {episodes} episodes, success {success.mean():.3f}, mean return {returns.mean():.3f}, "
          f"mean length {length.mean():.0f} (median {np.median(length):.0f}), died {died.mean():.3f}, "
          f"step limit {(length >= 5000).mean():.3f}")
    return success.mean()


def main():
    task = sys.argv[1] if len(sys.argv) > 1 else "NetHackStaircase-v0"
    episodes = int(sys.argv[2]) if len(sys.argv) > 2 else 256
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 12345
    policies = sys.argv[4].split(",") if len(sys.argv) > 4 else ["expert", "random"]
    for policy in policies:
        run(task, episodes, seed, policy)


if __name__ == "__main__":
    main()
