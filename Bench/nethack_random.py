"""A uniformly random policy on a NetHack task: mean episode return and success rate over
EPISODES episodes, the first of each of EPISODES envs (as `pavlov eval` counts, so that short
episodes are not favoured), the baseline beside which Bench/nethack_ppo.sh reports PPO.

usage: python Bench/nethack_random.py TASK [EPISODES]     (needs .venv-python with pavlov_envs)
"""
import sys

import numpy as np

import pavlov_envs


def main():
    task = sys.argv[1]
    episodes = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    n = episodes
    env = pavlov_envs.make_vec(task, n, seed=12345, num_threads=2)
    env.reset()
    rng = np.random.default_rng(0)
    returns, successes, lengths = [], [], []
    running = np.zeros(n)
    finished = np.zeros(n, dtype=bool)
    steps = 0
    while not finished.all():
        _, reward, terminated, truncated, info = env.step(rng.integers(0, 23, n, dtype=np.int32))
        steps += n
        running += np.where(finished, 0.0, reward)
        for i in np.flatnonzero((terminated | truncated) & ~finished):
            final = info["final_info"]
            returns.append(running[i])
            successes.append(float(final["success"][i]))
            lengths.append(float(final["episode_step"][i]))
            finished[i] = True
    print(f"{task} random policy: {episodes} episodes ({steps} steps), mean return {np.mean(returns):.3f} "
          f"(std {np.std(returns):.3f}), success {np.mean(successes):.3f}, mean length {np.mean(lengths):.0f}")
    env.close()


if __name__ == "__main__":
    main()
