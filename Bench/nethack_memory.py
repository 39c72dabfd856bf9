"""Memory per NetHack env: creates batches of NUM_ENVS (default 16 and 128), resets them and
steps 200 random steps, and reports what each env adds to the process (anonymous memory and
the mapped parts of its library copy, from /proc/self/status) and the in-memory copy of
libnethack.so it holds (the memfd, resident whether mapped or not). One JSON line per size.

usage: python Bench/nethack_memory.py [ENV_ID] [SIZES...]
"""
import json
import os
import sys

import numpy as np

import pavlov_envs


def status_kib():
    fields = {}
    with open("/proc/self/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "RssAnon", "RssFile", "RssShmem"):
                fields[key] = int(value.split()[0])
    return fields


def main():
    env_id = sys.argv[1] if len(sys.argv) > 1 else "NetHackScore-v0"
    sizes = [int(s) for s in sys.argv[2:]] or [16, 128]
    library = os.path.join(os.environ.get("PAVLOV_NLE_DIR", os.path.expanduser("~/.cache/pavlov/nle-1.3.0")),
                           "libnethack.so")
    copy_kib = os.path.getsize(library) / 1024
    for n in sizes:
        before = status_kib()
        env = pavlov_envs.make_vec(env_id, n, seed=1, num_threads=2)
        env.reset()
        rng = np.random.default_rng(0)
        for _ in range(200):
            env.step(rng.integers(0, 23, n, dtype=np.int32))
        after = status_kib()
        env.close()
        per = {k: (after[k] - before[k]) / n for k in after}
        total = per["RssAnon"] + copy_kib  # the memfd is resident whole; mapped pages of it show as RssShmem
        print(json.dumps({"env": env_id, "numEnvs": n, "rssAnonKiBPerEnv": round(per["RssAnon"]),
                          "rssShmemKiBPerEnv": round(per["RssShmem"]), "libraryCopyKiB": round(copy_kib),
                          "totalMiBPerEnv": round(total / 1024, 2),
                          "envsIn24GiB": int(24 * 1024 * 1024 / total)}), flush=True)


if __name__ == "__main__":
    main()
