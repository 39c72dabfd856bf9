"""Memory per NetHack env: creates batches of NUM_ENVS (default 16 and 128), resets them and
steps 200 random steps, and reports what each env adds to the process: anonymous memory and
shared pages mapped (/proc/self/status), and what its in-memory library copy (a memfd, resident
whether mapped or not) still holds once the shared code pages were punched out of it.
One JSON line per size.

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


def memfd_kib():
    """KiB held by this process's memfd copies of libnethack.so (allocated blocks, holes excluded)."""
    total = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}").startswith("/memfd:libnethack.so"):
                total += os.stat(f"/proc/self/fd/{fd}").st_blocks * 512
        except OSError:
            pass
    return total / 1024


def main():
    env_id = sys.argv[1] if len(sys.argv) > 1 else "NetHackScore-v0"
    sizes = [int(s) for s in sys.argv[2:]] or [16, 128]
    for n in sizes:
        before = status_kib()
        env = pavlov_envs.make_vec(env_id, n, seed=1, num_threads=2)
        env.reset()
        rng = np.random.default_rng(0)
        for _ in range(200):
            env.step(rng.integers(0, 23, n, dtype=np.int32))
        after = status_kib()
        copies = memfd_kib()
        env.close()
        per = {k: (after[k] - before[k]) / n for k in after}
        copy_kib = copies / n
        total = per["RssAnon"] + copy_kib  # memfd pages mapped by the copy show in RssShmem as well
        print(json.dumps({"env": env_id, "numEnvs": n, "rssAnonKiBPerEnv": round(per["RssAnon"]),
                          "rssShmemKiBPerEnv": round(per["RssShmem"]), "libraryCopyKiBPerEnv": round(copy_kib),
                          "totalMiBPerEnv": round(total / 1024, 2),
                          "envsIn24GiB": int(24 * 1024 * 1024 / total)}), flush=True)


if __name__ == "__main__":
    main()
