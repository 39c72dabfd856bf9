"""Runs the `nle` package's own gymnasium env on given seeds and actions, and saves what it
returned; test_nethack_conformance.py runs it with the interpreter of scripts/nle_setup.sh's venv
(nle is not a dependency of pavlov_envs) and compares Pavlov's NetHack with it.

usage: python nle_reference.py REQUESTS.json OUT_PREFIX   (writes OUT_PREFIX<k>.npz per request)
REQUESTS: a list of {"env_id", "seeds": [[core, disp], ...] one pair per episode, "actions": [...],
          "max_episode_steps": null or a number (NLE's own limit; null keeps its 5000)}
"""
import json
import sys

import gymnasium as gym
import nle  # noqa: F401  (registers the NetHack*-v0 ids)
import numpy as np

KEYS = ("glyphs", "blstats", "message", "inv_glyphs", "inv_strs", "inv_letters", "inv_oclasses")


def run(request, out_path):
    kwargs = dict(observation_keys=KEYS, fix_moon_phase=True)
    if request.get("max_episode_steps"):
        # NLE's own step limit (gym.make's max_episode_steps would add gymnasium's TimeLimit).
        from nle.env import tasks
        env = getattr(tasks, request["env_id"].split("-")[0])(max_episode_steps=request["max_episode_steps"], **kwargs)
    else:
        env = gym.make(request["env_id"], **kwargs)
    seeds = iter(request["seeds"])

    def reset():
        core, disp = next(seeds)
        env.unwrapped.seed(core, disp, False)
        obs, _ = env.reset()
        return obs

    records = {key: [] for key in KEYS}
    first = {key: [] for key in KEYS}
    rewards, terminated, truncated, end_status = [], [], [], []
    obs = reset()
    for key in KEYS:
        first[key].append(np.array(obs[key]))
    for action in request["actions"]:
        obs, reward, term, trunc, info = env.step(int(action))
        for key in KEYS:
            records[key].append(np.array(obs[key]))
        rewards.append(reward)
        terminated.append(term)
        truncated.append(trunc)
        end_status.append(int(info["end_status"]))
        if term or trunc:
            obs = reset()
            for key in KEYS:
                first[key].append(np.array(obs[key]))
    env.close()
    arrays = {key: np.stack(v) for key, v in records.items()}
    arrays.update({"first_" + key: np.stack(v) for key, v in first.items()})
    arrays.update(rewards=np.array(rewards), terminated=np.array(terminated), truncated=np.array(truncated),
                  end_status=np.array(end_status))
    np.savez(out_path, **arrays)


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        requests = json.load(f)
    for k, request in enumerate(requests):
        run(request, f"{sys.argv[2]}{k}.npz")
