"""close(): safe while another thread steps, idempotent, and final (every later call raises).

The thread test runs in a child interpreter: before the fix, close() freed the handle under a
running step and the core aborted the process (ODE's `m_job_list == NULL` assertion for the arm),
which would have killed pytest itself instead of failing one test."""
import contextlib
import threading

import numpy as np
import pytest

import pavlov_envs

DOORKEY = "MiniGrid-DoorKey-8x8-v0"

CLOSE_DURING_STEP = """
import random, threading, time
import numpy as np
import pavlov_envs

def stepper(env, actions, started, outcome):
    try:
        while True:
            env.step(actions)
            started.set()
    except pavlov_envs.EnvClosedError as e:
        outcome.append("closed" if "closed" in str(e) else repr(e))
    except BaseException as e:
        outcome.append(repr(e))

rng = random.Random(7)
for env_id, n in (("arm/push", 16), ("MiniGrid-DoorKey-16x16-v0", 512), ("Wordle-v0", 256)):
    for trial in range(8):
        env = pavlov_envs.make_vec(env_id, n, seed=trial, num_threads=2)
        env.reset()
        spec = env.spec_info
        actions = (np.zeros(n, np.int32) if spec.discrete
                   else np.full((n, spec.action_dim), 0.5, np.float32))
        started, outcome = threading.Event(), []
        t = threading.Thread(target=stepper, args=(env, actions, started, outcome), daemon=True)
        t.start()
        assert started.wait(30), "the stepping thread never stepped"
        time.sleep(rng.random() * 0.01)
        env.close()   # waits for the running step, then frees the handle
        env.close()   # idempotent
        t.join(30)
        assert not t.is_alive(), "the stepping thread did not stop after close()"
        assert outcome == ["closed"], (env_id, outcome)
print("survived")
"""


def test_close_while_another_thread_steps_neither_aborts_nor_hangs(run_child):
    rc, out = run_child(CLOSE_DURING_STEP)
    assert rc == 0 and "survived" in out, f"child exited with {rc}:\n{out[-3000:]}"


@contextlib.contextmanager
def another_thread_inside(core):
    """Holds the batch's guard from another thread, as a step in progress there does."""
    entered, leave = threading.Event(), threading.Event()

    def hold():
        with core._guard():
            entered.set()
            leave.wait(30)

    t = threading.Thread(target=hold, daemon=True)
    t.start()
    assert entered.wait(30)
    try:
        yield
    finally:
        leave.set()
        t.join(30)
        assert not t.is_alive()


def test_text_calls_take_the_same_guard_as_step():
    env = pavlov_envs.make_vec(DOORKEY, 2)
    obs, _ = env.reset()
    core = env._core
    calls = [lambda: env.caption(0), lambda: env.render_text(0), lambda: env.mission(0),
             lambda: env.action_name(1), lambda: env.caption_observation(obs[0]), lambda: env.num_threads,
             lambda: env.step(np.zeros(2, np.int32)), lambda: env.reset(), lambda: env.reset(seed=3)]
    with another_thread_inside(core):
        for call in calls:
            with pytest.raises(pavlov_envs.ConcurrentUseError, match="another thread"):
                call()
    for call in calls:
        call()


def vector_calls(env, obs):
    return {
        "step": lambda: env.step(np.zeros(env.num_envs, np.int32)),
        "reset": lambda: env.reset(),
        "reset(seed=5)": lambda: env.reset(seed=5),
        "caption": lambda: env.caption(0),
        "captions": lambda: env.captions(),
        "caption_observation": lambda: env.caption_observation(obs[0]),
        "render_text": lambda: env.render_text(0),
        "mission": lambda: env.mission(0),
        "action_name": lambda: env.action_name(0),
        "action_names": lambda: env.action_names(),
        "num_threads": lambda: env.num_threads,
    }


@pytest.mark.parametrize("name", list(vector_calls(None, None)))
def test_every_call_after_close_raises_closed(name):
    env = pavlov_envs.make_vec(DOORKEY, 2, seed=1)
    obs, _ = env.reset()
    obs = obs.copy()
    env.close()
    with pytest.raises(pavlov_envs.EnvClosedError, match=f"{DOORKEY}.*closed"):
        vector_calls(env, obs)[name]()
    env.close()  # still a no-op afterwards
    with pytest.raises(pavlov_envs.EnvClosedError):
        env.step(np.zeros(2, np.int32))


def test_reset_with_seed_does_not_reopen_a_closed_env():
    env = pavlov_envs.make_vec(DOORKEY, 2, seed=1)
    env.close()
    with pytest.raises(pavlov_envs.EnvClosedError):
        env.reset(seed=3)
    assert env._core._handle is None, "reset(seed=) created a new handle on a closed env"
    single = pavlov_envs.make(DOORKEY, seed=1)
    single.reset()
    single.close()
    for call in (lambda: single.reset(seed=2), single.reset, single.caption, single.render_text,
                 lambda: single.step(0)):
        with pytest.raises(pavlov_envs.EnvClosedError):
            call()
    single.close()


def test_closed_error_is_a_value_error_like_a_closed_file():
    env = pavlov_envs.make_vec(DOORKEY, 2)
    env.close()
    with pytest.raises(ValueError, match="closed"):
        env.step(np.zeros(2, np.int32))
