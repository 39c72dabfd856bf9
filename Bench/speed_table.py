"""Print the README's speed tables from one sitting's results.

Usage: python3 Bench/speed_table.py PEERS.jsonl PAVLOV.jsonl
PEERS.jsonl comes from ../shared/peers (bench_*.py), PAVLOV.jsonl from `pavlov bench --json`.
Ratios compare Pavlov's best figure with each peer's best figure for the same task.
"""
import json
import sys


def load(path):
    try:
        with open(path) as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


peers = load(sys.argv[1])
pavlov = load(sys.argv[2])


def best_peer(library, env_part, mode_part=""):
    rows = [r for r in peers if r["library"] == library and env_part in r["env"] and mode_part in r["mode"]]
    return max(rows, key=lambda r: r["sps_median"]) if rows else None


def best_pavlov(env, threads=None, python=False):
    rows = [r for r in pavlov if r["env"] == env and r["measure"] == "steps"
            and (threads is None or r["threads"] == threads) and r["scheduler"].startswith("python") == python]
    return max(rows, key=lambda r: r["perSecond"]) if rows else None


def fmt(x):
    return f"{x:,.0f}"


print("| Pavlov configuration | env steps/s | ns per env step |")
print("|---|---:|---:|")
for r in pavlov:
    if r["measure"] == "steps":
        how = r["scheduler"] if r["scheduler"].startswith("python") else f"{r['scheduler']} scheduler"
        print(f"| {r['env']}, {r['numEnvs']} envs, {r['threads']} thread(s), {how} | "
              f"{fmt(r['perSecond'])} | {r['nanosecondsEach']:.1f} |")
    else:
        print(f"| {r['env']} captions ({r['numEnvs']} envs, one thread) | {fmt(r['perSecond'])} captions/s | "
              f"{r['nanosecondsEach']:.0f} ns per caption |")
print()

comparisons = [
    ("MiniGrid-DoorKey-8x8-v0", "EnvPool 1.2.5 (best of sync/async, 2 threads)", best_peer("envpool", "DoorKey-8x8"), 20),
    ("MiniGrid-DoorKey-8x8-v0", "Farama MiniGrid 3.2.0, single env", best_peer("minigrid", "DoorKey-8x8", "single"), 1000),
    ("MiniGrid-DoorKey-8x8-v0", "NAVIX 0.7.4 on CPU, first-person 7x7 view",
     best_peer("navix", "DoorKey-8x8", "first_person"), None),
    ("Wordle-v0", "alt-gym-wordle 0.8.6, single env", best_peer("alt-gym-wordle", "Wordle", "single"), 1000),
    ("arm/push", "EnvPool 1.2.5 MetaWorld Push-v3 (best config, 2 threads)", best_peer("envpool", "Push-v3"), 3),
    ("arm/push", "Farama Meta-World, single env", best_peer("metaworld", "push-v3", "single"), 20),
    ("arm/pick-place", "EnvPool 1.2.5 MetaWorld PickPlace-v3 (best config, 2 threads)",
     best_peer("envpool", "PickPlace-v3"), 3),
    ("arm/pick-place", "Farama Meta-World, single env", best_peer("metaworld", "pick-place-v3", "single"), 20),
]
print("| task | Pavlov best (2 threads) | peer | peer steps/s | ratio | target |")
print("|---|---:|---|---:|---:|---:|")
for env, name, peer, target in comparisons:
    mine = best_pavlov(env, threads=2)
    if mine is None or peer is None:
        print(f"| {env} | {'-' if mine is None else fmt(mine['perSecond'])} | {name} | not measured | - | - |")
        continue
    ratio = mine["perSecond"] / peer["sps_median"]
    mode = peer["mode"]
    print(f"| {env} | {fmt(mine['perSecond'])} | {name} ({mode}; foreign load {peer.get('foreign_cores_max', 0):.2f}) | "
          f"{fmt(peer['sps_median'])} | {ratio:,.1f}x | {('≥ ' + str(target) + 'x') if target else '-'} |")

swift = best_pavlov("MiniGrid-DoorKey-8x8-v0", threads=2)
py = best_pavlov("MiniGrid-DoorKey-8x8-v0", threads=2, python=True)
envpool = best_peer("envpool", "DoorKey-8x8")
if py and swift and envpool:
    print()
    print("| from Python (pavlov_envs) | steps/s | vs EnvPool best | vs Swift best | target |")
    print("|---|---:|---:|---:|---:|")
    print(f"| DoorKey-8x8, {py['numEnvs']} envs, 2 threads, {py['scheduler']} | {fmt(py['perSecond'])} | "
          f"{py['perSecond'] / envpool['sps_median']:,.1f}x | {py['perSecond'] / swift['perSecond']:.2f} | ≥ 10x EnvPool |")
