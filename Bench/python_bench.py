"""Env steps per second from Python through pavlov_envs, printed as `pavlov bench --json` lines.

Usage: python Bench/python_bench.py ENV_ID NUM_ENVS STEPS THREADS [make_vec|envpool_make]
Actions are drawn in advance (64 batches, cycled), as in `pavlov bench` and the peers' scripts,
so that only stepping is timed. Median of 3 timed runs after a warm-up.
"""
import json
import statistics
import sys
import time

import numpy as np

import pavlov_envs


def main():
    env_id, num_envs, steps, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    api = sys.argv[5] if len(sys.argv) > 5 else "make_vec"
    if api == "envpool_make":
        env = pavlov_envs.envpool_make(env_id, env_type="gymnasium", num_envs=num_envs, batch_size=num_envs,
                                       seed=1, num_threads=threads)
        n_actions = env.action_space.n
    else:
        env = pavlov_envs.make_vec(env_id, num_envs, seed=1, num_threads=threads)
        n_actions = env.single_action_space.n
    env.reset()
    rng = np.random.default_rng(0)
    pool = [rng.integers(0, n_actions, size=num_envs, dtype=np.int32) for _ in range(64)]

    def run(count):
        for i in range(count):
            env.step(pool[i % 64])

    run(min(steps, 100))
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        run(steps)
        times.append(time.perf_counter() - t0)
    seconds = statistics.median(times)
    rate = num_envs * steps / seconds
    print(json.dumps({
        "env": env_id, "measure": "steps", "numEnvs": num_envs, "steps": steps, "threads": threads,
        "scheduler": f"python {api}", "seconds": seconds, "perSecond": rate, "nanosecondsEach": 1e9 / rate,
    }))


if __name__ == "__main__":
    main()
