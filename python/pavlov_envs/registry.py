"""What the core offers: ids, specs and a readable summary, read once from the library."""
import ctypes
from dataclasses import dataclass
from typing import Optional, Tuple

import numpy as np

from . import _lib
from .errors import InvalidArgumentError, raise_for

DTYPES = {_lib.DTYPE_UINT8: np.uint8, _lib.DTYPE_INT32: np.int32, _lib.DTYPE_FLOAT32: np.float32}


@dataclass(frozen=True)
class EnvSpec:
    """Python mirror of CSimSpec (with options applied when it comes from a live batch)."""
    id: str
    observation_dtype: np.dtype
    observation_shape: Tuple[int, ...]
    observation_low: float
    observation_high: float
    discrete: bool
    num_actions: Optional[int]       # discrete spaces only
    action_dim: int                  # 1 for discrete spaces
    action_low: float
    action_high: float
    reward_low: float
    reward_high: float
    max_episode_steps: int
    info_dim: int

    @classmethod
    def from_c(cls, spec):
        discrete = spec.action_kind == _lib.ACTION_DISCRETE
        return cls(
            id=spec.id.decode(),
            observation_dtype=np.dtype(DTYPES[spec.observation_dtype]),
            observation_shape=tuple(int(spec.observation_shape[i]) for i in range(spec.observation_rank)),
            observation_low=float(spec.observation_low),
            observation_high=float(spec.observation_high),
            discrete=discrete,
            num_actions=int(spec.num_actions) if discrete else None,
            action_dim=int(spec.action_dim),
            action_low=float(spec.action_low),
            action_high=float(spec.action_high),
            reward_low=float(spec.reward_low),
            reward_high=float(spec.reward_high),
            max_episode_steps=int(spec.max_episode_steps),
            info_dim=int(spec.info_dim),
        )

    @property
    def observation_space(self):
        """The gymnasium space of one observation."""
        from .spaces import observation_space
        return observation_space(self)

    @property
    def action_space(self):
        """The gymnasium space of one action."""
        from .spaces import action_space
        return action_space(self)

    def describe(self):
        """One line: id, observation and action spaces, step limit."""
        obs = f"{self.observation_dtype.name}{list(self.observation_shape)}"
        if self.discrete:
            act = f"Discrete({self.num_actions})"
        else:
            act = f"Box({self.action_low:g}, {self.action_high:g}, ({self.action_dim},), float32)"
        return f"{self.id}: observation {obs}, actions {act}, max_episode_steps {self.max_episode_steps}"


def env_ids():
    """Every registered id, in the core's order."""
    return [_lib.lib.csim_env_id(i).decode() for i in range(_lib.lib.csim_env_count())]


def encode_env_id(env_id):
    """`env_id` as the C string the core reads. The core's ids are plain ASCII; a C string ends at
    its first NUL, so "DoorKey...\\0junk" would silently name DoorKey: refuse it here instead."""
    if not isinstance(env_id, str):
        raise TypeError(f"env_id must be a str, got {type(env_id).__name__}")
    if "\0" in env_id:
        raise InvalidArgumentError(f"env_id {env_id!r} contains a NUL character at index {env_id.index(chr(0))}; "
                                   "ids are plain text such as 'MiniGrid-DoorKey-8x8-v0' (see list_envs())")
    try:
        return env_id.encode()
    except UnicodeEncodeError as e:
        raise InvalidArgumentError(f"env_id {env_id!r} cannot be encoded as UTF-8 ({e.reason}); "
                                   "see list_envs() for the valid ids") from None


def env_spec(env_id):
    """The spec of `env_id` with default options; ValueError (listing the ids) when unknown."""
    spec = _lib.Spec()
    status = _lib.lib.csim_env_spec(encode_env_id(env_id), ctypes.byref(spec))
    if status == _lib.ERROR_UNKNOWN_ENV:
        raise_for(status, f"unknown environment id '{env_id}'; valid ids: {', '.join(env_ids())}")
    raise_for(status, f"csim_env_spec('{env_id}') failed: {_lib.status_name(status)}")
    return EnvSpec.from_c(spec)


def list_envs():
    """Every environment: {id: EnvSpec} in the core's order (iterating gives the ids; each spec
    has observation_space, action_space, max_episode_steps and describe())."""
    return {i: env_spec(i) for i in env_ids()}
