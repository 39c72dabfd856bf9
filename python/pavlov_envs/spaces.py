"""Gymnasium spaces from a core spec: one observation, one action, and their batches."""
from collections import OrderedDict

import numpy as np
from gymnasium import spaces
from gymnasium.vector.utils import batch_space


def observation_space(spec):
    """Box over the observation with the core's bounds (uint8 grids/boards now, float32 later)."""
    return spaces.Box(low=spec.observation_low, high=spec.observation_high,
                      shape=spec.observation_shape, dtype=spec.observation_dtype)


def part_space(part):
    """MultiDiscrete(categories per element) for a categorical part (its dtype, so the core's
    arrays belong to it), Box(low, high) for a part of numbers. A categorical part of a float
    observation (the web tasks' codes) is a Box of whole numbers in [0, count - 1]: gymnasium's
    MultiDiscrete holds integers only, and the values are views of the core's float buffer."""
    if part.categories is not None and np.issubdtype(part.dtype, np.integer):
        return spaces.MultiDiscrete(part.category_counts, dtype=part.dtype)
    if part.categories is not None:
        high = (part.category_counts - 1).astype(part.dtype)
        return spaces.Box(low=np.zeros(part.shape, dtype=part.dtype), high=high, dtype=part.dtype)
    return spaces.Box(low=part.low, high=part.high, shape=part.shape, dtype=part.dtype)


def observation_dict_space(spec):
    """Dict of the spec's named parts, in the core's order (an OrderedDict, which gymnasium keeps
    as given; it would sort the keys of a plain dict)."""
    return spaces.Dict(OrderedDict((part.name, part_space(part)) for part in spec.observation_parts))


def split_parts(flat, parts):
    """Views of each part of `flat` (observations as rows: (..., observation_size)), reshaped to
    the part's shape: no copy, so they change when the core rewrites `flat`."""
    lead = flat.shape[:-1]
    return {part.name: flat[..., part.offset:part.offset + part.size].reshape((*lead, *part.shape))
            for part in parts}


def action_space(spec):
    """Discrete(n) for discrete envs; Box(low, high, (action_dim,), float32) for continuous ones."""
    if spec.discrete:
        return spaces.Discrete(spec.num_actions)
    return spaces.Box(low=spec.action_low, high=spec.action_high, shape=(spec.action_dim,), dtype=np.float32)


def batched(space, num_envs):
    """The space of num_envs stacked values (MultiDiscrete for Discrete, a taller Box for Box)."""
    return batch_space(space, num_envs)
