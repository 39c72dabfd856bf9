"""Bad input raises a clear Python exception, steps nothing, and leaves the env usable."""
import re
import threading
import warnings

import numpy as np
import pytest

import pavlov_envs

DOORKEY = "MiniGrid-DoorKey-8x8-v0"


def test_unknown_id_lists_the_valid_ones():
    for make in (lambda: pavlov_envs.make_vec("MiniGrid-Nope-v0", 2), lambda: pavlov_envs.make("Nope-v0"),
                 lambda: pavlov_envs.env_spec("Nope")):
        with pytest.raises(ValueError, match="MiniGrid-DoorKey-8x8-v0") as err:
            make()
        assert isinstance(err.value, pavlov_envs.UnknownEnvError)
    with pytest.raises(TypeError):
        pavlov_envs.make_vec(42, 2)


@pytest.mark.parametrize("kwargs", [dict(num_envs=0), dict(num_envs=-3), dict(num_threads=-1),
                                    dict(max_episode_steps=-5), dict(seed=-1), dict(seed=2**64)])
def test_bad_options(kwargs):
    args = dict(num_envs=2) | kwargs
    with pytest.raises(ValueError):
        pavlov_envs.make_vec(DOORKEY, **args)


@pytest.mark.parametrize("kwargs", [dict(num_envs=2.0), dict(num_envs=2, seed=1.5), dict(num_envs=2, num_threads="2")])
def test_bad_option_types(kwargs):
    with pytest.raises(TypeError):
        pavlov_envs.make_vec(DOORKEY, **kwargs)


def steps_the_same_after_errors(env):
    """The env still steps, and the failed calls changed nothing."""
    obs, _, _, _, info = env.step(np.zeros(env.num_envs, dtype=np.int32))
    assert info["episode_step"].tolist() == [1] * env.num_envs
    return obs


@pytest.mark.parametrize("actions, exc, message", [
    (np.array([0, 1, 7, 0]), ValueError, "7"),                       # one past the last action
    (np.array([0, -1, 0, 0]), ValueError, "-1"),
    (np.array([0, 0, 0, 2**33 + 1], dtype=np.int64), ValueError, str(2**33 + 1)),  # would wrap to 1 in int32
    (np.array([0, 0, 0, 2**32 - 1], dtype=np.uint32), ValueError, str(2**32 - 1)),
    (np.zeros(3, dtype=np.int32), ValueError, r"\(4,\)"),            # too few
    (np.zeros((4, 1), dtype=np.int32), ValueError, "shape"),
    (np.zeros(4, dtype=np.float32), TypeError, "integers"),
    (np.zeros(4, dtype=bool), TypeError, "integers"),
    ("left", ValueError, "shape"),
])
def test_bad_actions_raise_and_step_nothing(actions, exc, message):
    env = pavlov_envs.make_vec(DOORKEY, 4, seed=0)
    before, _ = env.reset()
    before = before.copy()
    with pytest.raises(exc, match=message) as err:
        env.step(actions)
    if exc is ValueError and "shape" not in message:
        assert DOORKEY in str(err.value)  # the message names the env
    assert np.array_equal(env.buffers["observations"], before)
    steps_the_same_after_errors(env)


def test_out_of_range_message_comes_from_the_core():
    env = pavlov_envs.make_vec("Wordle-Answers-v0", 3, seed=0)
    env.reset()
    with pytest.raises(pavlov_envs.InvalidActionError, match="2315"):
        env.step(np.array([0, 2315, 1]))
    env.step(np.array([0, 2314, 1]))


def test_closed_env_raises_instead_of_crashing():
    env = pavlov_envs.make_vec(DOORKEY, 2)
    env.close()
    with pytest.raises(ValueError, match="closed"):
        env.step(np.zeros(2, dtype=np.int32))
    with pytest.raises(ValueError, match="closed"):
        env.caption(0)


def test_reset_rejects_per_env_seeds_and_options():
    env = pavlov_envs.make_vec(DOORKEY, 2)
    with pytest.raises(ValueError):
        env.reset(seed=[1, 2])
    with pytest.raises(ValueError):
        env.reset(options={"x": 1})
    env.reset(seed=1)


def test_one_batch_from_two_threads_raises_rather_than_races():
    env = pavlov_envs.make_vec(DOORKEY, 2)
    env.reset()
    inside, leave = threading.Event(), threading.Event()

    def hold():  # as a step running on another thread holds the batch
        with env._core._guard():
            inside.set()
            leave.wait(30)

    other = threading.Thread(target=hold, daemon=True)
    other.start()
    assert inside.wait(30)
    try:
        with pytest.raises(RuntimeError, match="another thread") as err:
            env.step(np.zeros(2, dtype=np.int32))
        assert isinstance(err.value, pavlov_envs.ConcurrentUseError)
    finally:
        leave.set()
        other.join(30)
    env.step(np.zeros(2, dtype=np.int32))


def test_a_refused_reset_keeps_the_episodes():
    for env in (pavlov_envs.make_vec(DOORKEY, 2, seed=0), pavlov_envs.make(DOORKEY, seed=0)):
        env.reset()
        with pytest.raises(ValueError, match="options"):
            env.reset(seed=5, options={"x": 1})  # before: re-created the batch, then refused
        env.step(np.zeros(2, np.int32) if env.unwrapped.__class__.__name__ == "PavlovVectorEnv" else 0)


@pytest.mark.parametrize("value", [1e39, -1e300])
def test_continuous_actions_too_large_for_float32_are_named_not_cast_to_inf(value):
    env = pavlov_envs.make_vec("arm/reach", 2, seed=0)
    env.reset()
    actions = np.zeros((2, 4))
    actions[1, 2] = value
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # before: numpy's "overflow encountered in cast", then "inf"
        with pytest.raises(pavlov_envs.InvalidActionError, match=rf"arm/reach.*env 1 is {re.escape(repr(value))}"):
            env.step(actions)
    env.step(np.zeros((2, 4)))
