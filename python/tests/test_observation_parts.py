"""The spec's named observation parts, and the Dict observation format built from them."""
import gymnasium
import numpy as np
import pytest

import pavlov_envs

DOORKEY = "MiniGrid-DoorKey-8x8-v0"
WORDLE = "Wordle-Answers-v0"


def test_every_spec_has_parts_that_cover_its_observation():
    for env_id, spec in pavlov_envs.list_envs().items():
        parts = spec.observation_parts
        assert parts, env_id
        offset = 0
        for part in parts:
            assert part.offset == offset, (env_id, part.name)
            assert part.dtype == spec.observation_dtype
            offset += part.size
        assert offset == int(np.prod(spec.observation_shape)), env_id
        assert len({p.name for p in parts}) == len(parts), env_id


def test_grid_and_wordle_parts():
    grid = pavlov_envs.env_spec(DOORKEY)
    assert [(p.name, p.shape, p.categories) for p in grid.observation_parts] == [
        ("image", (7, 7, 3), (11, 6, 3)), ("direction", (), (4,))]
    wordle = pavlov_envs.env_spec(WORDLE)
    assert [(p.name, p.offset, p.shape, p.categories) for p in wordle.observation_parts] == [
        ("board", 0, (6, 5, 2), (27, 4)), ("keyboard", 60, (26,), (4,)), ("guesses", 86, (), (7,))]
    assert dict(wordle.learner_hints) == {"learning_rate": "0.001", "reward_kind": "2",
                                          "observation_view": "wordle-knowledge"}
    arm = pavlov_envs.env_spec("arm/reach")
    assert all(p.categories is None for p in arm.observation_parts)


def test_dict_spaces_from_the_parts():
    space = pavlov_envs.env_spec(DOORKEY).observation_dict_space
    assert isinstance(space, gymnasium.spaces.Dict)
    assert list(space.keys()) == ["image", "direction"]
    image = space["image"]
    assert isinstance(image, gymnasium.spaces.MultiDiscrete) and image.shape == (7, 7, 3)
    assert image.nvec[0, 0].tolist() == [11, 6, 3] and image.dtype == np.uint8
    assert space["direction"].shape == () and int(space["direction"].nvec) == 4
    arm = pavlov_envs.env_spec("arm/reach").observation_dict_space
    assert isinstance(arm["hand"], gymnasium.spaces.Box) and arm["hand"].shape == (3,)
    assert arm["gripper"].low == 0 and arm["gripper"].high == 1


@pytest.mark.parametrize("env_id", [DOORKEY, WORDLE, "arm/reach"])
def test_dict_format_views_the_flat_rows(env_id):
    flat = pavlov_envs.make_vec(env_id, 4, seed=3, num_threads=1)
    parts = pavlov_envs.make_vec(env_id, 4, seed=3, num_threads=1, observation_format="dict")
    assert flat.observation_format == "flat" and parts.observation_format == "dict"
    spec = parts.spec_info
    obs_flat, _ = flat.reset()
    obs, _ = parts.reset()
    assert obs in parts.observation_space
    for step in range(40):
        for part in spec.observation_parts:
            want = obs_flat[:, part.offset:part.offset + part.size].reshape(4, *part.shape)
            np.testing.assert_array_equal(obs[part.name], want)
        assert obs in parts.observation_space, step
        actions = flat.action_space.sample()
        obs_flat, _, _, _, info_flat = flat.step(actions)
        obs, _, term, trunc, infos = parts.step(actions)
        if "final_obs" in infos:
            for i in np.flatnonzero(infos["_final_obs"]):
                for part in spec.observation_parts:
                    want = info_flat["final_obs"][i][part.offset:part.offset + part.size].reshape(part.shape)
                    np.testing.assert_array_equal(infos["final_obs"][i][part.name], want)
    # The default flat view is unchanged (the EnvPool-compatible view is built on it).
    assert flat.single_observation_space == pavlov_envs.env_spec(env_id).observation_space
    flat.close()
    parts.close()


def test_unknown_observation_format_is_refused():
    with pytest.raises(ValueError, match="observation_format must be one of 'flat', 'dict'"):
        pavlov_envs.make_vec(DOORKEY, 2, observation_format="tuple")
