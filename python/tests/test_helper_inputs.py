"""The helpers check what they would otherwise cast: an event code, a stored observation, an env id.

Before these checks a cast did the damage silently: numpy turned an observation value 300.7 into
44 and NaN into 0, ctypes wrapped event code 2**32 + 1 to 1, and a C string ended an env id at
its first NUL, so "MiniGrid-DoorKey-8x8-v0\\0junk" made a DoorKey batch."""
import math

import numpy as np
import pytest

import pavlov_envs
from pavlov_envs import InvalidArgumentError

DOORKEY = "MiniGrid-DoorKey-8x8-v0"


@pytest.fixture(scope="module")
def grid():
    env = pavlov_envs.make_vec(DOORKEY, 2, seed=0)
    env.reset()
    return env


@pytest.fixture(scope="module")
def arm():
    env = pavlov_envs.make_vec("arm/reach", 1, seed=0)
    env.reset()
    return env


@pytest.mark.parametrize("code, shown", [(2**32 + 1, str(2**32 + 1)), (2**32, str(2**32)), (-1, "-1"),
                                         (70, "70"), (2.5, "2.5"), (float("nan"), "nan"),
                                         (float("inf"), "inf"), (np.float32(1e10), "10000000000")])
def test_event_name_refuses_codes_out_of_range(grid, code, shown):
    count = len(grid.event_names())
    with pytest.raises(InvalidArgumentError, match=rf"{DOORKEY}.*{shown}.*\[0, {count - 1}\]"):
        grid.event_name(code)


@pytest.mark.parametrize("code", ["1", None, [1], True])
def test_event_name_refuses_non_numbers(grid, code):
    with pytest.raises(TypeError):
        grid.event_name(code)


def test_event_name_takes_codes_as_the_info_buffer_stores_them(grid):
    names = grid.event_names()
    assert grid.event_name(0) == "" and grid.event_name(np.int64(1)) == names[1]
    assert grid.event_name(np.float32(2.0)) == names[2] and grid.event_name(len(names) - 1) == names[-1]


@pytest.mark.parametrize("event", [2**32 + 2, -1, 10**6, 1.5, float("nan")])
def test_caption_observation_refuses_bad_event_codes(grid, event):
    obs = grid.buffers["observations"][0].copy()
    with pytest.raises(InvalidArgumentError, match="event"):
        grid.caption_observation(obs, event)


@pytest.mark.parametrize("value, shown", [(300.7, "300.7"), (float("nan"), "nan"), (2.5, "2.5"), (-1, "-1"),
                                          (11, "11"), (float("inf"), "inf")])
def test_caption_observation_refuses_values_a_cast_would_change(grid, value, shown):
    obs = grid.buffers["observations"][0].astype(np.float64)
    obs[5] = value
    with pytest.raises(InvalidArgumentError, match=rf"{DOORKEY}.*{shown}.*element 5.*\[0, 10\]"):
        grid.caption_observation(obs)


def test_caption_observation_refuses_non_numbers_and_wrong_sizes(grid):
    obs = grid.buffers["observations"][0]
    with pytest.raises(TypeError):
        grid.caption_observation(obs.astype(bool))
    with pytest.raises(TypeError):
        grid.caption_observation(["a"] * obs.size)
    with pytest.raises(InvalidArgumentError, match="148"):
        grid.caption_observation(obs[:10])


def test_caption_observation_still_takes_valid_observations_of_any_numeric_dtype(grid):
    obs = grid.buffers["observations"][0].copy()
    expected = grid.caption_observation(obs)
    assert grid.caption_observation(obs.astype(np.float64)) == expected
    assert grid.caption_observation(obs.astype(np.int64).tolist()) == expected
    assert grid.caption_observation(obs, 1) != expected  # event 1 adds its sentence


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf"), 1e39])
def test_arm_caption_observation_refuses_non_finite_values(arm, value):
    obs = arm.buffers["observations"][0].astype(np.float64)
    obs[3] = value
    with pytest.raises(InvalidArgumentError, match="element 3"):
        arm.caption_observation(obs)
    assert isinstance(arm.caption_observation(arm.buffers["observations"][0]), str)


@pytest.mark.parametrize("env_id", [DOORKEY + "\0junk", "\0", "Wordle-v0\0"])
def test_env_ids_with_a_nul_are_refused(env_id):
    for make in (lambda: pavlov_envs.make_vec(env_id, 1), lambda: pavlov_envs.make(env_id),
                 lambda: pavlov_envs.env_spec(env_id)):
        with pytest.raises(InvalidArgumentError, match="NUL"):
            make()


def test_env_ids_that_cannot_be_encoded_are_refused():
    with pytest.raises(InvalidArgumentError, match="env_id"):
        pavlov_envs.make_vec("MiniGrid-\udc80", 1)


def test_single_env_info_event_still_decodes():
    env = pavlov_envs.make(DOORKEY, seed=0)
    _, info = env.reset()
    assert info["event"] == "" and info["event_code"] == 0
    assert not math.isnan(info["progress"])
