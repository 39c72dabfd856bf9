"""Pavlov's NetHack against the `nle` package's own gymnasium env: the same seeds and the same
actions must give the same glyphs, blstats, message, inventory, rewards and episode ends, over
hundreds of steps for every id. nle runs in its own venv (scripts/nle_setup.sh makes it at
~/.cache/pavlov/nle-venv; PAVLOV_NLE_VENV overrides) through nle_reference.py."""
import json
import os
import subprocess

import numpy as np
import pytest

import pavlov_envs

IDS = ["NetHackScore-v0", "NetHackStaircase-v0", "NetHackStaircasePet-v0", "NetHackOracle-v0",
       "NetHackGold-v0", "NetHackEat-v0", "NetHackScout-v0"]
STEPS = 300
HERE = os.path.dirname(os.path.abspath(__file__))
NLE_PYTHON = os.path.join(os.environ.get("PAVLOV_NLE_VENV", os.path.expanduser("~/.cache/pavlov/nle-venv")),
                          "bin", "python")
MASK = (1 << 64) - 1


def _engine_missing():
    try:
        pavlov_envs.make_vec("NetHackScore-v0", 1, seed=0).close()
        return None
    except pavlov_envs.UnavailableError as e:
        return str(e)


def _reference_missing():
    if not os.path.exists(NLE_PYTHON):
        return f"no nle venv at {NLE_PYTHON} (bash scripts/nle_setup.sh makes it)"
    probe = subprocess.run([NLE_PYTHON, "-c", "import nle, gymnasium"], capture_output=True, text=True)
    return None if probe.returncode == 0 else f"nle does not import in {NLE_PYTHON}: {probe.stderr[-300:]}"


def _mix64(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def _fmix64(k):
    k ^= k >> 33
    k = (k * 0xFF51AFD7ED558CCD) & MASK
    k ^= k >> 33
    k = (k * 0xC4CEB9FE1A85EC53) & MASK
    return k ^ (k >> 33)


def episode_seeds(seed, env_index, episodes):
    """NetHack's (core, disp) seeds of each episode of env `env_index` in a batch seeded with
    `seed`: the core's counter-based stream (CSim/src/core/rng.hpp), two draws per reset."""
    key = _mix64((seed + 0x9E3779B97F4A7C15 * (_mix64((env_index + 0x632BE59BD9B4E019) & MASK) | 1)) & MASK)
    draws = [_mix64(key ^ _fmix64(c)) for c in range(1, 2 * episodes + 1)]
    return [[draws[2 * e], draws[2 * e + 1]] for e in range(episodes)]


def crop(glyphs, blstats):
    """The 9x9 glyphs around the hero, 5976 (NLE's MAX_GLYPH) off the map."""
    padded = np.pad(np.asarray(glyphs, dtype=np.int64), 4, constant_values=5976)
    x, y = int(blstats[0]), int(blstats[1])
    return padded[y:y + 9, x:x + 9]


def pavlov_run(env_id, seed, actions, max_episode_steps):
    env = pavlov_envs.make_vec(env_id, 1, seed=seed, num_threads=1, max_episode_steps=max_episode_steps,
                               observation_format="dict")
    obs, _ = env.reset()
    steps, firsts = [], [{k: v[0].copy() for k, v in obs.items()}]
    for a in actions:
        obs, reward, term, trunc, info = env.step(np.array([a]))
        ended = bool(term[0] or trunc[0])
        shown = info["final_obs"][0] if ended else {k: v[0] for k, v in obs.items()}
        steps.append(dict({k: np.array(v).copy() for k, v in shown.items()}, reward=float(reward[0]),
                          terminated=bool(term[0]), truncated=bool(trunc[0])))
        if ended:
            firsts.append({k: v[0].copy() for k, v in obs.items()})
    env.close()
    return steps, firsts


def _first_difference(got, want):
    return int(np.argmax([not np.array_equal(g, w) for g, w in zip(got, want)]))


def compare(env_id, ref, steps, firsts):
    keys = ("glyphs", "blstats", "message", "inv_glyphs", "inv_strs", "inv_letters", "inv_oclasses")
    assert len(firsts) == len(ref["first_glyphs"]), f"{env_id}: episode count differs"
    for key in keys:
        got, want = np.stack([f[key] for f in firsts]), ref["first_" + key]
        if not np.array_equal(got, want):
            e = _first_difference(got, want)
            np.testing.assert_array_equal(got[e], want[e], err_msg=f"{env_id} reset {e}: {key}")
        got, want = np.stack([s[key] for s in steps]), ref[key]
        if not np.array_equal(got, want):
            t = _first_difference(got, want)
            np.testing.assert_array_equal(got[t], want[t], err_msg=f"{env_id} step {t}: {key}")
    for t, got in enumerate(steps):
        np.testing.assert_array_equal(got["glyphs_crop"], crop(ref["glyphs"][t], ref["blstats"][t]),
                                      err_msg=f"{env_id} step {t}: crop")
    np.testing.assert_allclose([s["reward"] for s in steps], ref["rewards"], atol=1e-5, err_msg=f"{env_id}: rewards")
    # NLE's step limit (end_status -1) reports terminated; the game was not over, so Pavlov truncates.
    limit = ref["end_status"] == -1
    want_terminated = np.where(limit, False, ref["terminated"])
    want_truncated = np.where(limit, True, ref["truncated"])
    np.testing.assert_array_equal([s["terminated"] for s in steps], want_terminated, err_msg=f"{env_id}: terminated")
    np.testing.assert_array_equal([s["truncated"] for s in steps], want_truncated, err_msg=f"{env_id}: truncated")


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    why = _engine_missing() or _reference_missing()
    if why:
        pytest.skip(why)
    rng = np.random.default_rng(14)
    jobs = []
    for k, env_id in enumerate(IDS):
        jobs.append(dict(env_id=env_id, seed=100 + k, actions=rng.integers(0, 23, STEPS).tolist(),
                         max_episode_steps=None))
    # Short episodes: NLE's step limit, autoreset and the next episode's seeds.
    jobs.append(dict(env_id="NetHackScore-v0", seed=7, actions=rng.integers(0, 23, 150).tolist(),
                     max_episode_steps=40))
    # Seeds whose random walks end early (found with Pavlov, checked here against NLE): a death
    # (Score, seed 236, step 27), the stairs reached (Staircase, 223, step 148) and the stairs
    # reached with the pet adjacent (StaircasePet, 242, step 101), each followed by a new game.
    for env_id, seed in (("NetHackScore-v0", 236), ("NetHackStaircase-v0", 223), ("NetHackStaircasePet-v0", 242)):
        jobs.append(dict(env_id=env_id, seed=seed, actions=np.random.default_rng(seed).integers(0, 23, 300).tolist(),
                         max_episode_steps=None, expect_end=True))
    for job in jobs:
        job["seeds"] = episode_seeds(job["seed"], 0, len(job["actions"]) + 1)
    folder = tmp_path_factory.mktemp("nle")
    with open(folder / "requests.json", "w") as f:
        json.dump(jobs, f)
    done = subprocess.run([NLE_PYTHON, os.path.join(HERE, "nle_reference.py"), str(folder / "requests.json"),
                           str(folder / "out")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return [(job, np.load(folder / f"out{k}.npz")) for k, job in enumerate(jobs)]


@pytest.mark.parametrize("k", range(len(IDS) + 4))
def test_same_seeds_and_actions_give_nle_trajectories(reference, k):
    job, ref = reference[k]
    steps, firsts = pavlov_run(job["env_id"], job["seed"], job["actions"], job["max_episode_steps"] or 0)
    compare(job["env_id"], ref, steps, firsts)
    if job["max_episode_steps"]:
        assert len(firsts) >= 3  # the limit ended several episodes, each compared after its reset
    if job.get("expect_end"):
        assert any(s["terminated"] for s in steps), f"{job['env_id']} seed {job['seed']}: no episode ended"
    if job["env_id"] != "NetHackScore-v0" and job.get("expect_end"):
        assert max(ref["rewards"]) > 0.9, "the goal's +1 was paid"
