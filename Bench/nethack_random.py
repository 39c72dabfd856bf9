"""A uniformly random policy on a NetHack task: mean episode return and success rate over the
first EPISODES episodes that end (every env's episodes, in the order they end), the baseline
beside which Bench/nethack_ppo.sh reports PPO.

usage: python Bench/nethack_random.py TASK [EPISODES] [ENVS]     (needs .venv-python with pavlov_envs)
"""
import sys

import numpy as np

import pavlov_envs


def main():
    task = sys.argv[1]
    episodes = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 16
    env = pavlov_envs.make_vec(task, n, seed=12345, num_threads=2)
    env.reset()
    rng = np.random.default_rng(0)
    returns, successes, lengths = [], [], []
    running = np.zeros(n)
    steps = 0
    while len(returns) < episodes:
        _, reward, terminated, truncated, info = env.step(rng.integers(0, 23, n, dtype=np.int32))
        steps += n
        running += reward
        for i in np.flatnonzero(terminated | truncated):
            final = info["final_info"]
            returns.append(running[i])
            successes.append(float(final["success"][i]))
            lengths.append(float(final["episode_step"][i]))
            running[i] = 0
    returns, successes, lengths = returns[:episodes], successes[:episodes], lengths[:episodes]
    print(f"{task} random policy: {episodes} episodes ({steps} steps), mean return {np.mean(returns):.3f} "
          f"(std {np.std(returns):.3f}), success {np.mean(successes):.3f}, mean length {np.mean(lengths):.0f}")
    env.close()


if __name__ == "__main__":
    main()
