"""The robot arm from Python: gymnasium ids with a family namespace, float observations and actions."""
import gymnasium
import numpy as np

import pavlov_envs


def test_arm_ids_register_under_their_own_namespace():
    assert pavlov_envs.gymnasium_id("arm/pick-place") == "pavlov-arm/pick-place"
    assert pavlov_envs.gymnasium_id("Wordle-v0") == "pavlov/Wordle-v0"
    env = gymnasium.make("pavlov-arm/pick-place-goal-hidden")
    obs, _ = env.reset(seed=3)
    assert obs.shape == (39,) and obs.dtype == np.float32
    assert np.all(obs[36:39] == 0), "the goal is hidden in -goal-hidden ids"
    obs, reward, terminated, truncated, info = env.step(np.array([0.5, 0, -0.5, 1], np.float32))
    assert 0 <= reward <= 10 and not terminated and not truncated
    env.close()


def test_arm_spaces():
    spec = pavlov_envs.list_envs()["arm/push"]
    assert spec.action_space == gymnasium.spaces.Box(-1, 1, (4,), np.float32)
    assert spec.max_episode_steps == 500
