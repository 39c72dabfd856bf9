"""The native MiniWob tasks from Python: listing, make/make_vec, loading exported instances,
the scripted experts, and (when Chromium and the miniwob package are installed by
scripts/miniwob_setup.sh) conformance against the real tasks in the browser."""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import pytest

import pavlov_envs
from pavlov_envs.miniwob_reference import MAX_ELEMENTS, MAX_FIELDS, NUM_ACTIONS, decode_action

IDS = ["MiniWob-click-checkboxes-v0", "MiniWob-use-spinner-v0", "MiniWob-guess-number-v0", "MiniWob-click-shades-v0",
       "MiniWob-click-tab-2-v0", "MiniWob-enter-time-v0"]
IDS += ["MiniWob-choose-date-nodelay-v0", "MiniWob-search-engine-v0", "MiniWob-tic-tac-toe-v0"]
IDS += ["MiniWob-email-inbox-v0", "MiniWob-social-media-v0"]
IDS += ["MiniWob-book-flight-nodelay-v0"]
CHECKBOXES = {"task": "click-checkboxes",
              "state": {"boxes": [{"name": "USa", "wanted": False}, {"name": "DKkQH", "wanted": True}]}}


def test_listed_with_named_parts():
    envs = pavlov_envs.list_envs()
    for env_id in IDS:
        spec = envs[env_id]
        assert spec.action_space.n == NUM_ACTIONS
        names = [p.name for p in spec.observation_parts]
        assert names == ["utterance", "fields", "element_codes", "element_text", "element_value", "element_numbers",
                         "element_parents", "field_numbers"]


def test_native_action_layout_matches_the_reference_driver():
    env = pavlov_envs.make_vec(IDS[0], 1)
    assert decode_action(3) == ("click", 3, None) and env.action_name(3) == "click [3]"
    a = MAX_ELEMENTS + 5 * MAX_FIELDS + 2
    assert decode_action(a) == ("type", 5, 2) and env.action_name(a) == "type field 2 into [5]"
    assert decode_action(NUM_ACTIONS - 1) == ("key", None, "<ArrowDown>")
    assert env.action_name(NUM_ACTIONS - 1) == "press ArrowDown"
    env.close()


def test_set_state_then_play_to_the_reward():
    env = pavlov_envs.make(IDS[0])
    env.reset(seed=1)
    obs, info = env.set_state(CHECKBOXES)
    assert env.mission() == "Select DKkQH and click Submit."
    assert info["episode_step"] == 0
    for action in (8, 10):  # DKkQH's box, then Submit
        obs, reward, terminated, truncated, info = env.step(action)
    assert (reward, terminated, truncated, info["success"]) == (1.0, True, False, True)
    with pytest.raises(pavlov_envs.InvalidArgumentError, match="1 to 6 boxes"):
        env.set_state({"task": "click-checkboxes", "state": {"boxes": []}})
    with pytest.raises(pavlov_envs.InvalidArgumentError, match="invalid JSON"):
        env.set_state("{not json")
    env.close()


def test_dict_observations_and_experts_solve():
    for env_id in IDS:
        env = pavlov_envs.make_vec(env_id, 32, seed=4, num_threads=1, observation_format="dict")
        obs, _ = env.reset()
        assert obs["element_codes"].shape == (32, MAX_ELEMENTS, 6)
        solved = ended = 0
        for _ in range(60):
            obs, rewards, terminated, truncated, infos = env.step(env.expert_actions())
            done = terminated | truncated
            ended += int(done.sum())
            if done.any():  # an ended episode's last info row is in final_info (same-step autoreset)
                solved += int((infos["final_info"]["success"][done] == 1).sum())
        assert ended >= 60 and solved / ended >= 0.95, (env_id, solved, ended)
        env.close()


def _reference_python():
    python = os.environ.get("PAVLOV_MINIWOB_PYTHON",
                            os.path.expanduser("~/.cache/pavlov/miniwob-venv/bin/python"))
    if not os.path.exists(python):
        pytest.skip(f"the MiniWob reference is not installed ({python} is missing): run scripts/miniwob_setup.sh")
    if not shutil.which("chromium") or not shutil.which("chromedriver"):
        pytest.skip("Chromium or chromedriver is missing: run scripts/miniwob_setup.sh")
    check = subprocess.run([python, "-c", "import miniwob, selenium"], capture_output=True, text=True)
    if check.returncode != 0:
        pytest.skip(f"the reference venv lacks miniwob or selenium: {check.stderr.strip()[-200:]}")
    return python


def test_conformance_with_the_real_tasks_in_chromium():
    python = _reference_python()
    with tempfile.TemporaryDirectory() as tmp:
        # The installed package (with its compiled core) on the reference venv's path, alone:
        # that venv brings its own numpy and gymnasium.
        os.symlink(pathlib.Path(pavlov_envs.__file__).parent, os.path.join(tmp, "pavlov_envs"))
        out = os.path.join(tmp, "reports.json")
        env = dict(os.environ, PYTHONPATH=tmp, PYTHONWARNINGS="ignore")
        env.pop("PAVLOV_CSIM_LIBRARY", None)
        proc = subprocess.run([python, "-m", "pavlov_envs.miniwob_conformance", "--instances", "1",
                               "--random-sequences", "1", "--seed", "1000", "--json", out],
                              capture_output=True, text=True, timeout=300, env=env, cwd=tmp)
        assert os.path.exists(out), proc.stdout[-2000:] + proc.stderr[-2000:]
        with open(out) as f:
            reports = json.load(f)
    assert {r["task"] for r in reports} >= {i[len("MiniWob-"):-len("-v0")] for i in IDS}
    for r in reports:
        # book-flight adds a wrong search (made-up flights) to the expert, random and near-expert ones.
        assert r["instances"] == 1 and r["sequences"] == (4 if r["task"] == "book-flight-nodelay" else 3), r
        assert r["page_mismatches"] == 0 and r["step_mismatches"] == 0, r
        assert r["expert_reference_success"] == 1, r
