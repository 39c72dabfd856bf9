"""One CSimVecEnv handle with its numpy buffers: creation, reset, step, text. No gymnasium here.

The buffers are numpy arrays owned by this object and handed to the core by pointer once; the
core writes each step straight into them. Everything returned from reset/step is a view of
these arrays, overwritten by the next call (copy what you keep).
"""
import ctypes
import threading

import numpy as np

from . import _lib
from .errors import InvalidActionError, InvalidArgumentError, raise_for
from .registry import EnvSpec

_INT32 = np.iinfo(np.int32)


def _int_option(name, value, minimum):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if not minimum <= value <= _INT32.max:
        raise InvalidArgumentError(f"{name} must be in [{minimum}, {_INT32.max}], got {value}")
    return int(value)


def _seed(value):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"seed must be a non-negative int, got {type(value).__name__}")
    if not 0 <= value < 2**64:
        raise InvalidArgumentError(f"seed must be in [0, 2**64), got {value}")
    return int(value)


class CoreBatch:
    """num_envs copies of env_id stepped together by the C core."""

    def __init__(self, env_id, num_envs, seed=0, num_threads=0, max_episode_steps=0, reward_kind=0):
        if not isinstance(env_id, str):
            raise TypeError(f"env_id must be a str, got {type(env_id).__name__}")
        self.num_envs = _int_option("num_envs", num_envs, 1)
        self._options = _lib.Options()
        _lib.lib.csim_options_default(ctypes.byref(self._options))
        self._options.num_threads = _int_option("num_threads", num_threads, 0)
        self._options.max_episode_steps = _int_option("max_episode_steps", max_episode_steps or 0, 0)
        self._options.reward_kind = _int_option("reward_kind", reward_kind, 0)
        self.env_id = env_id
        self._handle = None
        # A handle must not be stepped from two threads at once (csim.h). ctypes drops the GIL
        # during the call, so guard here and raise instead of racing inside the core.
        self._busy = threading.Lock()
        self._create(_seed(seed))

        c_spec = _lib.Spec()
        raise_for(_lib.lib.csim_vec_env_get_spec(self._handle, ctypes.byref(c_spec)), self.last_error())
        self.spec = spec = EnvSpec.from_c(c_spec)
        n = self.num_envs
        self.info_names = [_lib.lib.csim_vec_env_info_name(self._handle, c).decode() for c in range(spec.info_dim)]

        # The buffers: env-major, allocated once, never reallocated (their pointers are stored).
        shape = (n, *spec.observation_shape)
        self.observations = np.zeros(shape, dtype=spec.observation_dtype)
        self.final_observations = np.zeros(shape, dtype=spec.observation_dtype)
        self.rewards = np.zeros(n, dtype=np.float32)
        self.terminated = np.zeros(n, dtype=np.uint8)
        self.truncated = np.zeros(n, dtype=np.uint8)
        self.info = np.zeros((n, spec.info_dim), dtype=np.float32)
        self.reset_info = np.zeros((n, spec.info_dim), dtype=np.float32)
        if spec.discrete:
            self.actions = np.zeros(n, dtype=np.int32)
        else:
            self.actions = np.zeros((n, spec.action_dim), dtype=np.float32)
        self._actions_ptr = ctypes.c_void_p(self.actions.ctypes.data)
        self._buffers = _lib.StepBuffers(
            self.observations.ctypes.data, self.observations.size,
            self.rewards.ctypes.data, n,
            self.terminated.ctypes.data, n,
            self.truncated.ctypes.data, n,
            self.final_observations.ctypes.data, self.final_observations.size,
            self.info.ctypes.data, self.info.size,
            self.reset_info.ctypes.data, self.reset_info.size,
        )
        self._buffers_ref = ctypes.byref(self._buffers)
        self._text = ctypes.create_string_buffer(4096)
        self._text_len = ctypes.c_size_t()

    # -- lifecycle ---------------------------------------------------------------------------

    def _create(self, seed):
        handle = ctypes.c_void_p()
        error = ctypes.create_string_buffer(2048)
        status = _lib.lib.csim_vec_env_create(self.env_id.encode(), self.num_envs, seed,
                                              ctypes.byref(self._options), ctypes.byref(handle),
                                              error, len(error))
        raise_for(status, error.value.decode(errors="replace"))
        old, self._handle = self._handle, handle
        if old:
            _lib.lib.csim_vec_env_destroy(old)
        self.seed = seed

    def reseed(self, seed):
        """Re-creates the handle with `seed`: the core's RNG is keyed by (seed, env index), so this
        gives exactly the trajectories of a fresh batch made with that seed."""
        with self._guard():
            self._create(_seed(seed))

    def close(self):
        handle, self._handle = self._handle, None
        if handle and _lib is not None and _lib.lib is not None:
            _lib.lib.csim_vec_env_destroy(handle)

    def __del__(self):
        try:
            self.close()
        except Exception:  # interpreter shutdown: module globals may already be gone
            pass

    @property
    def num_threads(self):
        return int(_lib.lib.csim_vec_env_num_threads(self._live()))

    def _live(self):
        if not self._handle:
            raise InvalidArgumentError(f"{self.env_id}: the environment is closed")
        return self._handle

    def _guard(self):
        if not self._busy.acquire(blocking=False):
            raise RuntimeError(f"{self.env_id}: this environment is being used by another thread; "
                               "one batch must not be stepped from two threads at once")
        return _Release(self._busy)

    def last_error(self):
        msg = _lib.lib.csim_vec_env_last_error(self._handle) if self._handle else None
        return msg.decode(errors="replace") if msg else ""

    # -- stepping ----------------------------------------------------------------------------

    def reset(self):
        with self._guard():
            raise_for(_lib.lib.csim_vec_env_reset(self._live(), self._buffers_ref), self.last_error())

    def set_actions(self, actions):
        """Validates shape and dtype and copies `actions` into the int32/float32 action buffer.
        Ranges are the core's to check (its message names the env and the value)."""
        n, spec = self.num_envs, self.spec
        a = np.asarray(actions)
        if spec.discrete:
            if a.shape != (n,):
                raise InvalidActionError(f"{self.env_id}: actions must have shape ({n},) (one int per env), "
                                         f"got {a.shape}")
            if a.dtype == np.bool_ or not np.issubdtype(a.dtype, np.integer):
                raise TypeError(f"{self.env_id}: discrete actions must be integers, got dtype {a.dtype}")
            if a.dtype.itemsize > 4 or a.dtype == np.uint32:
                # A cast to int32 would wrap large values into range; check them before it.
                bad = np.flatnonzero((a < 0) | (a >= spec.num_actions))
                if bad.size:
                    i = int(bad[0])
                    raise InvalidActionError(f"{self.env_id}: action {int(a[i])} of env {i} is out of range "
                                             f"[0, {spec.num_actions - 1}]; nothing was stepped")
            np.copyto(self.actions, a, casting="unsafe")
        else:
            if a.shape != (n, spec.action_dim):
                raise InvalidActionError(f"{self.env_id}: actions must have shape ({n}, {spec.action_dim}), "
                                         f"got {a.shape}")
            if a.dtype == np.bool_ or not (np.issubdtype(a.dtype, np.floating) or np.issubdtype(a.dtype, np.integer)):
                raise TypeError(f"{self.env_id}: continuous actions must be real numbers, got dtype {a.dtype}")
            np.copyto(self.actions, a, casting="unsafe")

    def step(self, actions):
        """Steps every env with `actions`; the results land in this object's buffers."""
        with self._guard():
            self.set_actions(actions)
            # ctypes releases the GIL for this call: other Python threads run while the core steps.
            status = _lib.lib.csim_vec_env_step(self._live(), self._actions_ptr, self.actions.size,
                                                self._buffers_ref)
            raise_for(status, self.last_error())

    # -- text --------------------------------------------------------------------------------

    def _call_text(self, fn, *args):
        while True:
            status = fn(*args, self._text, len(self._text), ctypes.byref(self._text_len))
            if status == _lib.ERROR_BUFFER_TOO_SMALL and self._text_len.value + 1 > len(self._text):
                self._text = ctypes.create_string_buffer(self._text_len.value + 1)
                continue
            raise_for(status, self.last_error())
            return self._text.value.decode(errors="replace")

    def _index(self, index):
        if isinstance(index, (bool, np.bool_)) or not isinstance(index, (int, np.integer)):
            raise TypeError(f"env index must be an int, got {type(index).__name__}")
        if not 0 <= index < self.num_envs:
            raise IndexError(f"{self.env_id}: env index {index} out of range [0, {self.num_envs - 1}]")
        return int(index)

    def caption(self, index):
        return self._call_text(_lib.lib.csim_vec_env_caption, self._live(), self._index(index))

    def caption_observation(self, observation, event=0):
        obs = np.ascontiguousarray(observation, dtype=self.spec.observation_dtype)
        if obs.size != int(np.prod(self.spec.observation_shape)):
            raise InvalidArgumentError(f"{self.env_id}: an observation has {int(np.prod(self.spec.observation_shape))} "
                                       f"elements, got {obs.size}")
        return self._call_text(_lib.lib.csim_vec_env_caption_observation, self._live(),
                               ctypes.c_void_p(obs.ctypes.data), int(event))

    def render_text(self, index):
        return self._call_text(_lib.lib.csim_vec_env_render_text, self._live(), self._index(index))

    def mission(self, index):
        return self._call_text(_lib.lib.csim_vec_env_mission, self._live(), self._index(index))

    def action_name(self, action):
        if isinstance(action, (bool, np.bool_)) or not isinstance(action, (int, np.integer)):
            raise TypeError(f"action must be an int, got {type(action).__name__}")
        if not _INT32.min <= action <= _INT32.max:
            raise InvalidActionError(f"{self.env_id}: action {action} is out of range")
        return self._call_text(_lib.lib.csim_vec_env_action_name, self._live(), int(action))

    def event_name(self, code):
        """Name of an event code ("" for 0); the info buffer stores codes as float32."""
        name = _lib.lib.csim_vec_env_event_name(self._live(), int(code))
        if name is None:
            raise InvalidArgumentError(f"{self.env_id}: unknown event code {code}")
        return name.decode()

    def event_names(self):
        """Every event name, indexed by code (index 0 is "")."""
        names, code = [], 0
        while True:
            name = _lib.lib.csim_vec_env_event_name(self._live(), code)
            if name is None:
                return names
            names.append(name.decode())
            code += 1


class _Release:
    __slots__ = ("_lock",)

    def __init__(self, lock):
        self._lock = lock

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._lock.release()
        return False

