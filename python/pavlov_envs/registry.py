"""What the core offers: ids, specs and a readable summary, read once from the library."""
import ctypes
from dataclasses import dataclass
from typing import Optional, Tuple

import numpy as np

from . import _lib
from .errors import InvalidArgumentError, raise_for

DTYPES = {_lib.DTYPE_UINT8: np.uint8, _lib.DTYPE_INT32: np.int32, _lib.DTYPE_FLOAT32: np.float32}


@dataclass(frozen=True)
class ObservationPart:
    """One named part of the flat observation (CSimObservationPart), after EnvPool's spec:
    MiniGrid's "image" is 7x7x3 codes, its "direction" one code in 0..3."""
    name: str
    offset: int                      # index of the first element in the flat observation
    shape: Tuple[int, ...]           # () for a scalar
    dtype: np.dtype
    low: float
    high: float
    categories: Optional[Tuple[int, ...]]  # None: numbers; one count per element, or per last-axis entry

    @property
    def size(self):
        return int(np.prod(self.shape, dtype=np.int64))

    @property
    def category_counts(self):
        """Categories per element, shaped like the part (None for numbers): MultiDiscrete's nvec."""
        if self.categories is None:
            return None
        if len(self.categories) == 1:
            return np.full(self.shape, self.categories[0], dtype=np.int64)
        return np.broadcast_to(np.asarray(self.categories, dtype=np.int64), self.shape).copy()

    @classmethod
    def from_c(cls, part):
        channels = max(0, min(int(part.num_category_channels), _lib.MAX_CATEGORY_CHANNELS))
        return cls(
            name=part.name.decode(),
            offset=int(part.offset),
            shape=tuple(int(part.shape[i]) for i in range(max(0, min(int(part.rank), _lib.MAX_RANK)))),
            dtype=np.dtype(DTYPES[part.dtype]),
            low=float(part.low),
            high=float(part.high),
            categories=tuple(int(part.categories[i]) for i in range(channels)) if channels else None,
        )


def observation_parts(env_id):
    """The parts of `env_id`'s observation, in order; they cover it exactly."""
    key = encode_env_id(env_id)
    parts = []
    for k in range(_lib.lib.csim_env_observation_part_count(key)):
        part = _lib.ObservationPart()
        raise_for(_lib.lib.csim_env_observation_part(key, k, ctypes.byref(part)),
                  f"csim_env_observation_part('{env_id}', {k}) failed")
        parts.append(ObservationPart.from_c(part))
    return tuple(parts)


def learner_hints(env_id):
    """The settings the environment suggests to learners, as (key, value) text pairs."""
    key = encode_env_id(env_id)
    return tuple((_lib.lib.csim_env_hint_key(key, k).decode(), _lib.lib.csim_env_hint_value(key, k).decode())
                 for k in range(_lib.lib.csim_env_hint_count(key)))


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
    observation_parts: Tuple[ObservationPart, ...] = ()  # named parts covering the observation
    learner_hints: Tuple[Tuple[str, str], ...] = ()      # e.g. (("learning_rate", "0.001"), ...)

    @classmethod
    def from_c(cls, spec):
        discrete = spec.action_kind == _lib.ACTION_DISCRETE
        env_id = spec.id.decode()
        return cls(
            id=env_id,
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
            observation_parts=observation_parts(env_id),
            learner_hints=learner_hints(env_id),
        )

    @property
    def observation_space(self):
        """The gymnasium space of one observation."""
        from .spaces import observation_space
        return observation_space(self)

    @property
    def observation_dict_space(self):
        """The gymnasium Dict space of one observation by parts (MultiDiscrete for categorical
        parts, Box for numbers), as make_vec(..., observation_format="dict") returns them."""
        from .spaces import observation_dict_space
        return observation_dict_space(self)

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
