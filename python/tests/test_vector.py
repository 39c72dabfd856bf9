"""The vector env: gymnasium's VectorEnv API, same-step autoreset, seeding, zero-copy buffers."""
import gymnasium
import numpy as np
import pytest
from gymnasium.vector import AutoresetMode

import pavlov_envs

DOORKEY = "MiniGrid-DoorKey-8x8-v0"


def random_actions(env, steps, seed=0):
    rng = np.random.default_rng(seed)
    n = env.single_action_space.n
    return [rng.integers(0, n, size=env.num_envs) for _ in range(steps)]


def rollout(env, actions, seed):
    """Copies of everything a rollout returns, for comparisons."""
    obs, info = env.reset(seed=seed)
    out = [obs.copy()]
    for a in actions:
        obs, rew, term, trunc, info = env.step(a)
        out += [obs.copy(), rew.copy(), term.copy(), trunc.copy(), info["progress"].copy()]
    return out


def test_spaces_and_metadata():
    env = pavlov_envs.make_vec(DOORKEY, 8, seed=1, num_threads=1)
    assert isinstance(env, gymnasium.vector.VectorEnv)
    assert env.metadata["autoreset_mode"] == AutoresetMode.SAME_STEP
    assert env.single_observation_space == gymnasium.spaces.Box(0, 10, (148,), np.uint8)
    assert env.observation_space.shape == (8, 148)
    assert env.single_action_space == gymnasium.spaces.Discrete(7)
    assert env.action_space == gymnasium.spaces.MultiDiscrete([7] * 8)
    obs, infos = env.reset()
    assert obs.shape == (8, 148) and obs.dtype == np.uint8 and obs in env.observation_space
    assert infos["episode_step"].tolist() == [0] * 8 and infos["_success"].all()
    obs, rew, term, trunc, infos = env.step(env.action_space.sample())
    assert rew.dtype == np.float32 and term.dtype == np.bool_ and trunc.dtype == np.bool_
    assert {"success", "progress", "event", "episode_step", "agent_x"} <= set(infos)
    assert env.num_threads == 1
    env.close()
    assert env.closed


def test_gymnasium_make_vec_uses_the_core():
    env = gymnasium.make_vec("pavlov/Wordle-v0", num_envs=4)
    assert isinstance(env.unwrapped, pavlov_envs.PavlovVectorEnv)
    obs, _ = env.reset(seed=2)
    assert obs.shape == (4, 87)


def test_truncation_autoreset_and_final_observation():
    # Same seed and actions, limits 3 and 4: at step 3 the first batch truncates and autoresets;
    # its final observation must be exactly what the second batch (not yet at its limit) shows.
    short = pavlov_envs.make_vec(DOORKEY, 16, seed=5, max_episode_steps=3)
    long = pavlov_envs.make_vec(DOORKEY, 16, seed=5, max_episode_steps=4)
    short.reset(), long.reset()
    for step, a in enumerate(random_actions(short, 3), start=1):
        s_obs, _, s_term, s_trunc, s_info = short.step(a)
        l_obs, _, _, l_trunc, l_info = long.step(a)
        if step < 3:
            assert not s_trunc.any() and "final_obs" not in s_info
    assert s_trunc.all() and not s_term.any() and not l_trunc.any()
    assert s_info["_final_obs"].all() and s_info["_final_info"].all()
    final = np.stack(list(s_info["final_obs"]))
    assert np.array_equal(final, l_obs)
    assert s_info["final_info"]["episode_step"].tolist() == [3] * 16
    assert np.array_equal(s_info["final_info"]["agent_x"], l_info["agent_x"])
    assert s_info["episode_step"].tolist() == [0] * 16  # top level: the new episode's first info
    assert not np.array_equal(s_obs, l_obs)              # obs: the new episode's first observation
    # the step after: no episode ended, so no final keys; masks were cleared
    _, _, _, s_trunc, s_info = short.step(np.zeros(16, dtype=np.int64))
    assert "final_obs" not in s_info and not s_trunc.any()


def test_termination_is_separate_from_truncation():
    # Random walks in LavaGap end in the lava (terminated, reward 0) long before the step limit.
    env = pavlov_envs.make_vec("MiniGrid-LavaGapS5-v0", 64, seed=0)
    env.reset()
    seen = False
    for a in random_actions(env, 100, seed=1):
        obs, rew, term, trunc, info = env.step(a)
        assert not (term & trunc).any()
        if term.any():
            seen = True
            i = int(np.flatnonzero(term)[0])
            assert info["_final_obs"][i] and info["final_obs"][i] is not None
            assert info["final_info"]["episode_step"][i] >= 1
            assert info["episode_step"][i] == 0
            ended = np.flatnonzero(~(term | trunc))
            assert all(info["final_obs"][j] is None for j in ended)
            break
    assert seen


def test_same_seed_same_arrays_different_seed_differs():
    env = pavlov_envs.make_vec(DOORKEY, 32, seed=7, num_threads=2)
    actions = random_actions(env, 30)
    a = rollout(env, actions, seed=11)
    b = rollout(env, actions, seed=11)  # reset(seed=) on the same object re-creates the batch
    fresh = pavlov_envs.make_vec(DOORKEY, 32, seed=11, num_threads=1)
    c = rollout(fresh, actions, seed=11)  # another object, another thread count
    d = rollout(env, actions, seed=12)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert all(np.array_equal(x, y) for x, y in zip(a, c))
    assert not np.array_equal(a[0], d[0])


def test_reset_without_seed_after_creation_matches_the_creation_seed():
    env = pavlov_envs.make_vec(DOORKEY, 8, seed=3)
    first, _ = env.reset()
    first = first.copy()
    again, _ = env.reset(seed=3)
    assert np.array_equal(first, again)


def test_returned_arrays_view_the_env_buffers():
    env = pavlov_envs.make_vec(DOORKEY, 64, seed=0)
    bufs = env.buffers
    obs0, infos0 = env.reset()
    obs, rew, term, trunc, infos = env.step(np.full(64, 2))
    assert obs.ctypes.data == bufs["observations"].ctypes.data and obs is obs0
    assert rew.ctypes.data == bufs["rewards"].ctypes.data
    assert term.ctypes.data == bufs["terminated"].ctypes.data
    assert trunc.ctypes.data == bufs["truncated"].ctypes.data
    assert np.shares_memory(infos["progress"], bufs["info"])
    before = obs.copy()
    obs2, *_ = env.step(np.full(64, 0))  # turning changes every view
    assert obs2 is obs and not np.array_equal(before, obs)


def test_text_helpers():
    env = pavlov_envs.make_vec("Wordle-Answers-v0", 2, seed=0)
    env.reset()
    names = env.action_names()
    assert len(names) == 2315 and all(len(w) == 5 for w in names[:10])
    env.step(np.array([0, 1]))
    caps = env.captions()
    assert len(caps) == 2 and caps[0].startswith("Guess 1 of 6")
    assert "Wordle" in env.render_text(1)
    assert env.event_names()[:2] == ["", "guessed"]
    obs = env.buffers["observations"][0].copy()
    assert env.caption_observation(obs) != ""
    with pytest.raises(IndexError):
        env.caption(2)
    assert "five-letter word" in env.mission(0)


def test_mission_names_the_episode_target():
    env = pavlov_envs.make_vec("MiniGrid-KeyCorridorS3R1-v0", 3, seed=1)
    env.reset()
    for i in range(3):
        mission = env.mission(i)
        assert mission.startswith("pick up the ") and mission.endswith(" ball"), mission


def test_reward_kind_and_options_reach_the_core():
    shaped = pavlov_envs.make_vec("Wordle-v0", 8, seed=0, reward_kind=2, max_episode_steps=3)
    assert shaped.spec_info.max_episode_steps == 3
    with pytest.raises(ValueError):
        pavlov_envs.make_vec("Wordle-v0", 8, reward_kind=99)
