"""Gymnasium spaces from a core spec: one observation, one action, and their batches."""
import numpy as np
from gymnasium import spaces
from gymnasium.vector.utils import batch_space


def observation_space(spec):
    """Box over the observation with the core's bounds (uint8 grids/boards now, float32 later)."""
    return spaces.Box(low=spec.observation_low, high=spec.observation_high,
                      shape=spec.observation_shape, dtype=spec.observation_dtype)


def action_space(spec):
    """Discrete(n) for discrete envs; Box(low, high, (action_dim,), float32) for continuous ones."""
    if spec.discrete:
        return spaces.Discrete(spec.num_actions)
    return spaces.Box(low=spec.action_low, high=spec.action_high, shape=(spec.action_dim,), dtype=np.float32)


def batched(space, num_envs):
    """The space of num_envs stacked values (MultiDiscrete for Discrete, a taller Box for Box)."""
    return batch_space(space, num_envs)
