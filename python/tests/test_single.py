"""The single-env face: gymnasium's own checker on every environment, and gymnasium registration."""
import warnings

import gymnasium
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import pavlov_envs

ALL_IDS = list(pavlov_envs.list_envs())


def test_every_environment_is_listed_with_spaces():
    envs = pavlov_envs.list_envs()
    assert "MiniGrid-DoorKey-8x8-v0" in envs and "Wordle-v0" in envs
    assert len(envs) >= 19
    spec = envs["MiniGrid-DoorKey-8x8-v0"]
    assert spec.observation_space == gymnasium.spaces.Box(0, 10, (148,), np.uint8)
    assert spec.action_space == gymnasium.spaces.Discrete(7)
    assert spec.max_episode_steps == 640
    assert envs["Wordle-v0"].action_space == gymnasium.spaces.Discrete(12972)
    assert "Discrete(2315)" in envs["Wordle-Answers-v0"].describe()


@pytest.mark.parametrize("env_id", ALL_IDS)
def test_check_env(env_id):
    try:
        env = pavlov_envs.make(env_id)
    except pavlov_envs.UnavailableError as e:  # an optional engine (NetHack) is not installed
        pytest.skip(str(e))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any checker warning is a failure
        check_env(env, skip_render_check=True)
    env.close()


def test_gymnasium_make_and_render_ansi():
    env = gymnasium.make("pavlov/MiniGrid-DoorKey-5x5-v0", render_mode="ansi")
    obs, info = env.reset(seed=3)
    assert obs.shape == (148,) and obs.dtype == np.uint8
    assert "mission:" in env.render()
    obs, reward, terminated, truncated, info = env.step(2)
    assert isinstance(reward, float) and isinstance(terminated, bool) and isinstance(truncated, bool)
    assert info["event"] in env.unwrapped.event_names()
    env.close()


def test_single_env_returns_copies_and_last_observation_of_an_episode():
    env = pavlov_envs.make("MiniGrid-Empty-5x5-v0", max_episode_steps=2)
    first, _ = env.reset(seed=0)
    kept = first.copy()
    obs1, *_ = env.step(0)
    assert np.array_equal(first, kept)  # the array we were given did not change under us
    obs2, _, terminated, truncated, info = env.step(0)
    assert truncated and not terminated and info["episode_step"] == 2
    # turning left twice from the start: the view is of the same episode, not the next one
    assert env.caption_observation(obs2) != ""


def test_single_env_action_checks():
    env = pavlov_envs.make("MiniGrid-DoorKey-5x5-v0")
    env.reset(seed=0)
    with pytest.raises(ValueError, match="out of range"):
        env.step(7)
    with pytest.raises(TypeError):
        env.step(1.5)
    with pytest.raises(ValueError):
        env.step([1, 2])
    env.step(np.int64(2))  # still works
    assert env.action_names() == ["left", "right", "forward", "pickup", "drop", "toggle", "done"]
