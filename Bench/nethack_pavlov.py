"""Pavlov's NetHack steps/s through pavlov_envs.make_vec, timed with the peers' harness
(../shared/peers/bench_common.py: 3 repetitions after a warm-up, foreign CPU load recorded), so
its rows sit beside bench_nle.py's in one results file. Random actions drawn in advance.

usage: python Bench/nethack_pavlov.py PEERS_DIR TASK CONFIGS   (CONFIGS: envs:threads,...)
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.abspath(sys.argv[1]))
from bench_common import record, timeit  # noqa: E402

import pavlov_envs  # noqa: E402

STEPS = int(os.environ.get("N_PAVLOV", "20000"))


def main():
    task = sys.argv[2]
    for config in sys.argv[3].split(","):
        num_envs, threads = (int(x) for x in config.split(":"))
        env = pavlov_envs.make_vec(task, num_envs, seed=0, num_threads=threads)
        env.reset()
        rng = np.random.default_rng(0)
        batches = max(1, STEPS // num_envs)
        pool = [rng.integers(0, 23, num_envs, dtype=np.int32) for _ in range(64)]

        def run():
            for i in range(batches):
                env.step(pool[i % 64])

        res = timeit(run, batches * num_envs, warmup=lambda: [env.step(pool[0]) for _ in range(20)])
        record("pavlov", "nethack", task, f"make_vec n={num_envs}, {threads} thread(s), same obs as NLE keys",
               batches * num_envs, res)
        env.close()


if __name__ == "__main__":
    main()
