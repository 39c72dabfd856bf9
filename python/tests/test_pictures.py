"""Pictures from Python: the arm's fixed camera over live envs and over stored observations."""
import gymnasium
import numpy as np
import pytest

import pavlov_envs
from pavlov_envs.errors import InvalidArgumentError


def test_vector_env_draws_live_envs_and_stored_observations_alike():
    envs = pavlov_envs.make_vec("arm/reach", 2, seed=5)
    obs, _ = envs.reset()
    frames = envs.render_rgb(width=32, height=24)
    assert frames.shape == (2, 24, 32, 3) and frames.dtype == np.uint8
    assert frames.std() > 0, "a picture of the scene is not one flat colour"
    one = envs.render_rgb(1, 2, width=32, height=24)
    assert np.array_equal(one[0], frames[1])
    # The default size is the spec's frame_size hint.
    assert envs.render_rgb(0, 1).shape == (1, 128, 128, 3)
    stored = envs.render_observation_rgb(obs[0].copy(), width=32, height=24)
    assert stored.shape == (24, 32, 3) and stored.std() > 0
    # A stored observation is drawn from itself: another env's observation gives another picture
    # unless the two scenes look the same, and the same observation gives the same picture.
    assert np.array_equal(stored, envs.render_observation_rgb(obs[0].copy(), width=32, height=24))
    envs.close()


def test_single_env_rgb_array_render_mode():
    env = pavlov_envs.make("arm/push", seed=1, render_mode="rgb_array")
    assert "rgb_array" in env.metadata["render_modes"]
    obs, _ = env.reset()
    frame = env.render()
    assert frame.shape == (128, 128, 3) and frame.dtype == np.uint8
    assert env.render_observation_rgb(obs, width=16, height=16).shape == (16, 16, 3)
    env.close()
    wrapped = gymnasium.make("pavlov-arm/push", render_mode="rgb_array")
    wrapped.reset(seed=2)
    assert wrapped.render().shape == (128, 128, 3)
    wrapped.close()


def test_bad_picture_requests_are_refused_with_what_is_allowed():
    envs = pavlov_envs.make_vec("arm/reach", 2, seed=5)
    obs, _ = envs.reset()
    with pytest.raises(InvalidArgumentError, match="16 to 512"):
        envs.render_rgb(width=10**9, height=64)  # refused before any buffer is allocated
    with pytest.raises(InvalidArgumentError, match="16 to 512"):
        envs.render_observation_rgb(obs[0], width=64, height=8)
    with pytest.raises(TypeError, match="width must be an int"):
        envs.render_rgb(width=32.5, height=32)
    with pytest.raises(IndexError, match=r"\[1, 1\)"):
        envs.render_rgb(1, 1, width=32, height=32)
    bad = obs[0].copy()
    bad[3] = np.nan
    with pytest.raises(InvalidArgumentError, match="element 3"):
        envs.render_observation_rgb(bad, width=32, height=32)
    envs.close()
    grid = pavlov_envs.make_vec("MiniGrid-DoorKey-5x5-v0", 1, seed=0)
    grid.reset()
    with pytest.raises(InvalidArgumentError, match="draws no pictures"):
        grid.render_rgb(width=32, height=32)
    grid.close()
    with pytest.raises(ValueError, match="rgb_array.*pictures"):
        pavlov_envs.make("MiniGrid-DoorKey-5x5-v0", render_mode="rgb_array")
