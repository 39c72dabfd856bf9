"""envpool_make mirrors EnvPool 1.2.5's MiniGrid interface (structure hard-coded from what
envpool.make('MiniGrid-DoorKey-8x8-v0', env_type='gymnasium', num_envs=2) reports; EnvPool
itself is not imported)."""
import numpy as np
import pytest
from gymnasium import spaces

import pavlov_envs

ENVPOOL_DOORKEY_OBS_SPACE = spaces.Dict({
    "direction": spaces.Discrete(4),
    "image": spaces.Box(0, 255, (7, 7, 3), np.uint8),
    "mission": spaces.Box(0, 255, (96,), np.uint8),
})
ENVPOOL_OBS = {"direction": (np.int32, (2,)), "image": (np.uint8, (2, 7, 7, 3)), "mission": (np.uint8, (2, 96))}
ENVPOOL_INFO = {"env_id": (np.int32, (2,)), "agent_pos": (np.int32, (2, 2)), "mission_id": (np.int32, (2,)),
                "elapsed_step": (np.int32, (2,))}


def structure(tree):
    return {k: (v.dtype.type, v.shape) for k, v in tree.items() if k != "players"}


def test_doorkey_matches_envpool_structure():
    env = pavlov_envs.envpool_make("MiniGrid-DoorKey-8x8-v0", env_type="gymnasium", num_envs=2, batch_size=2, seed=0)
    assert env.observation_space == ENVPOOL_DOORKEY_OBS_SPACE
    assert env.single_observation_space == ENVPOOL_DOORKEY_OBS_SPACE
    assert env.action_space == spaces.Discrete(7)
    assert env.config["max_episode_steps"] == 640
    obs, info = env.reset()
    assert structure(obs) == ENVPOOL_OBS
    assert structure(info) == ENVPOOL_INFO
    assert info["players"]["env_id"].tolist() == [0, 1] and info["elapsed_step"].tolist() == [0, 0]
    assert bytes(obs["mission"][0]).rstrip(b"\0") == b"use the key to open the door and then get to the goal"
    obs, rew, term, trunc, info = env.step(np.array([0, 1]))
    assert rew.dtype == np.float32 and rew.shape == (2,) and term.dtype == np.bool_ and trunc.dtype == np.bool_
    assert structure(obs) == ENVPOOL_OBS and info["elapsed_step"].tolist() == [1, 1]


def test_image_and_direction_are_the_core_observation():
    env = pavlov_envs.envpool_make("MiniGrid-DoorKey-5x5-v0", num_envs=3, seed=1)
    obs, _ = env.reset()
    raw = env._vec.buffers["observations"]
    assert np.shares_memory(obs["image"], raw)  # no copy
    # MiniGrid's image[x][y][c] order: byte (x*7 + y)*3 + c, then the direction byte
    assert np.array_equal(obs["image"].reshape(3, -1), raw[:, :147])
    assert obs["direction"].tolist() == raw[:, 147].tolist()


def test_missions_that_name_a_colour_follow_the_episode():
    env = pavlov_envs.envpool_make("MiniGrid-UnlockPickup-v0", num_envs=8, seed=0)
    obs, _ = env.reset()
    missions = {bytes(m).rstrip(b"\0").decode() for m in obs["mission"]}
    assert all(m.startswith("pick up the ") and m.endswith(" box") for m in missions)
    assert len(missions) > 1


def test_truncation_gives_final_obs_in_envpool_layout():
    env = pavlov_envs.envpool_make("MiniGrid-Empty-5x5-v0", num_envs=2, max_episode_steps=2)
    env.reset()
    env.step(np.array([0, 0]))
    obs, _, term, trunc, info = env.step(np.array([0, 0]))
    assert trunc.all() and info["_final_obs"].all()
    assert set(info["final_obs"][0]) == {"direction", "image", "mission"}
    assert info["elapsed_step"].tolist() == [0, 0]


@pytest.mark.parametrize("task, kwargs, message", [
    ("MiniGrid-Empty-6x6-v0", {}, "supported: .*MiniGrid-DoorKey-8x8-v0"),
    ("Pong-v5", {}, "supported"),
    ("MiniGrid-DoorKey-8x8-v0", dict(num_envs=4, batch_size=2), "asynchronous"),
    ("MiniGrid-DoorKey-8x8-v0", dict(env_type="gym"), "env_type"),
    ("MiniGrid-DoorKey-8x8-v0", dict(img_height=84), "unsupported option"),
])
def test_rejections(task, kwargs, message):
    with pytest.raises(ValueError, match=message):
        pavlov_envs.envpool_make(task, **kwargs)


def test_task_ids():
    ids = pavlov_envs.envpool_task_ids()
    assert "MiniGrid-DoorKey-8x8-v0" in ids and len(ids) == 17
