"""One CSimVecEnv handle with its numpy buffers: creation, reset, step, text. No gymnasium here.

The buffers are numpy arrays owned by this object and handed to the core by pointer once; the
core writes each step straight into them. Everything returned from reset/step is a view of
these arrays, overwritten by the next call (copy what you keep).
"""
import contextlib
import ctypes
import json
import math
import threading

import numpy as np

from . import _lib
from .errors import ConcurrentUseError, EnvClosedError, InvalidActionError, InvalidArgumentError, raise_for
from .registry import EnvSpec, encode_env_id, learner_hints

_INT32 = np.iinfo(np.int32)
_FLOAT32_MAX = float(np.finfo(np.float32).max)
_PICTURE_MIN, _PICTURE_MAX = 16, 512  # csim_vec_env_render_rgb's sides


def _int_option(name, value, minimum):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if not minimum <= value <= _INT32.max:
        raise InvalidArgumentError(f"{name} must be in [{minimum}, {_INT32.max}], got {value}")
    return int(value)


def check_seed(value):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"seed must be a non-negative int, got {type(value).__name__}")
    if not 0 <= value < 2**64:
        raise InvalidArgumentError(f"seed must be in [0, 2**64), got {value}")
    return int(value)


class CoreBatch:
    """num_envs copies of env_id stepped together by the C core."""

    def __init__(self, env_id, num_envs, seed=0, num_threads=0, max_episode_steps=0, reward_kind=0):
        self._env_id_bytes = encode_env_id(env_id)
        self.num_envs = _int_option("num_envs", num_envs, 1)
        self._options = _lib.Options()
        _lib.lib.csim_options_default(ctypes.byref(self._options))
        self._options.num_threads = _int_option("num_threads", num_threads, 0)
        self._options.max_episode_steps = _int_option("max_episode_steps", max_episode_steps or 0, 0)
        self._options.reward_kind = _int_option("reward_kind", reward_kind, 0)
        self.env_id = env_id
        self._handle = None
        self._closed = False
        self._user = None  # the thread inside a call on the handle (see _guard)
        self._state = threading.Condition(threading.Lock())
        self._create(check_seed(seed))

        c_spec = _lib.Spec()
        raise_for(_lib.lib.csim_vec_env_get_spec(self._handle, ctypes.byref(c_spec)), self.last_error())
        self.spec = spec = EnvSpec.from_c(c_spec)
        n = self.num_envs
        self.info_names = [_lib.lib.csim_vec_env_info_name(self._handle, c).decode() for c in range(spec.info_dim)]
        self._event_names = self._read_event_names()  # static per environment kind

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
    #
    # csim.h: one handle must not be used from two threads at once, and destroying it while a
    # call runs frees what that call is using (the arm's ODE world aborts the process). ctypes
    # drops the GIL during every call, so Python threads really do overlap here. Every call
    # that touches the handle therefore runs inside _guard(): a second call from another thread
    # raises ConcurrentUseError at once, because two overlapping steps are a bug in the caller.
    # close() is different: it waits for the running call to finish and then frees the handle.
    # Closing from another thread is how a program shuts down a batch a worker is stepping
    # (a signal handler, a timeout, a GUI); raising there would leak the batch and leave the
    # caller nothing sensible to do, and a step is bounded in time, so waiting is the useful
    # answer. close() marks the batch closed before it waits, so the stepping thread's next
    # call raises EnvClosedError instead of starving close() of the lock.

    def _create(self, seed):
        handle = ctypes.c_void_p()
        error = ctypes.create_string_buffer(2048)
        status = _lib.lib.csim_vec_env_create(self._env_id_bytes, self.num_envs, seed,
                                              ctypes.byref(self._options), ctypes.byref(handle),
                                              error, len(error))
        raise_for(status, error.value.decode(errors="replace"))
        old, self._handle = self._handle, handle
        if old:
            _lib.lib.csim_vec_env_destroy(old)
        self.seed = seed
        if getattr(self, "_keep_screen", False):  # a re-created batch keeps the screen as asked
            raise_for(_lib.lib.csim_vec_env_keep_screen(handle, 1), self.last_error())

    def reseed(self, seed):
        """Re-creates the handle with `seed`: the core's RNG is keyed by (seed, env index), so this
        gives exactly the trajectories of a fresh batch made with that seed."""
        seed = check_seed(seed)
        with self._guard():
            self._create(seed)

    @property
    def closed(self):
        return self._closed

    def close(self):
        """Frees the handle; waits for a call running on another thread first. Idempotent."""
        state = getattr(self, "_state", None)
        if state is None:  # __init__ raised before the guard existed: nothing to free
            return
        with state:
            self._closed = True
            if self._user == threading.get_ident():
                # Called from inside a call on this thread (a signal handler, a __del__ during it):
                # waiting would deadlock; the call frees the handle as it leaves the guard.
                return
            while self._user is not None:
                state.wait()
            self._free()

    def _free(self):
        # Under self._state, with no call running.
        handle, self._handle = self._handle, None
        if handle and _lib is not None and _lib.lib is not None:
            _lib.lib.csim_vec_env_destroy(handle)

    def __del__(self):
        try:
            self.close()
        except Exception:  # interpreter shutdown: module globals may already be gone
            pass

    def check_open(self):
        """Raises EnvClosedError after close(); for calls that must refuse before doing anything."""
        if self._closed:
            raise EnvClosedError(f"{self.env_id}: the environment is closed; make a new one")

    def _enter(self):
        """Marks the batch in use by this thread and returns its handle (refusing a closed batch
        and a batch another thread is using). Pair with _leave in a finally."""
        with self._state:
            self.check_open()
            if self._user is not None:
                raise ConcurrentUseError(
                    f"{self.env_id}: this environment is being used by another thread; one batch must "
                    "not be stepped or queried from two threads at once (give each thread its own batch)")
            self._user = threading.get_ident()
        return self._handle

    def _leave(self):
        with self._state:
            self._user = None
            if self._closed:
                self._free()  # close() ran meanwhile (it waits, or left the freeing to us)
                self._state.notify_all()  # the only waiter is close(), which marked the batch closed

    @contextlib.contextmanager
    def _guard(self):
        handle = self._enter()
        try:
            yield handle
        finally:
            self._leave()

    @property
    def num_threads(self):
        with self._guard() as handle:
            return int(_lib.lib.csim_vec_env_num_threads(handle))

    def last_error(self):
        msg = _lib.lib.csim_vec_env_last_error(self._handle) if self._handle else None
        return msg.decode(errors="replace") if msg else ""

    # -- stepping ----------------------------------------------------------------------------

    def reset(self):
        with self._guard() as handle:
            raise_for(_lib.lib.csim_vec_env_reset(handle, self._buffers_ref), self.last_error())

    def set_state_json(self, index, state):
        """Starts a new episode in env `index` from a state given as JSON text (or a dict), writing
        its first observation and info row into the buffers (csim_vec_env_set_state_json)."""
        text = state if isinstance(state, str) else json.dumps(state)
        index = self._index(index)
        with self._guard() as handle:
            obs = self.observations[index]
            info = self.info[index]
            raise_for(_lib.lib.csim_vec_env_set_state_json(
                handle, index, text.encode(), ctypes.c_void_p(obs.ctypes.data), obs.size,
                ctypes.c_void_p(info.ctypes.data), info.size), self.last_error())

    def expert_actions(self):
        """The scripted expert's action for every env (privileged: a teacher's view), shaped like
        an action batch (int32 indices for discrete spaces)."""
        spec = self.spec
        out = np.zeros((self.num_envs, spec.action_dim), dtype=np.float32)
        with self._guard() as handle:
            raise_for(_lib.lib.csim_vec_env_expert_actions(handle, ctypes.c_void_p(out.ctypes.data), out.size),
                      self.last_error())
        return out[:, 0].astype(np.int32) if spec.discrete else out

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
            if np.issubdtype(a.dtype, np.floating) and a.dtype.itemsize > 4:
                # A cast to float32 would turn these into inf, and the core would name inf.
                with np.errstate(invalid="ignore"):
                    bad = np.argwhere(np.abs(a) > _FLOAT32_MAX)
                if bad.size:
                    i, j = (int(k) for k in bad[0])
                    raise InvalidActionError(f"{self.env_id}: action component {j} of env {i} is {a[i, j].item()!r}, "
                                             f"beyond float32; actions must be finite numbers in "
                                             f"[{spec.action_low:g}, {spec.action_high:g}]; nothing was stepped")
            np.copyto(self.actions, a, casting="unsafe")

    def step(self, actions):
        """Steps every env with `actions`; the results land in this object's buffers."""
        # _enter/_leave rather than the _guard context manager, and a fast path for an action
        # array already of the buffer's dtype and shape: a step of one NetHack env is ~30 us,
        # and the generator and dtype checks cost several of them.
        handle = self._enter()  # refuses a closed batch before judging the actions
        try:
            buffer = self.actions
            if actions.__class__ is np.ndarray and actions.dtype == buffer.dtype and actions.shape == buffer.shape:
                np.copyto(buffer, actions)  # ranges are the core's to check
            else:
                self.set_actions(actions)
            # ctypes releases the GIL for this call: other Python threads run while the core steps.
            status = _lib.lib.csim_vec_env_step(handle, self._actions_ptr, buffer.size, self._buffers_ref)
            if status != _lib.OK:
                raise_for(status, self.last_error())
        finally:
            self._leave()

    # -- text --------------------------------------------------------------------------------

    def _call_text(self, fn, *args):
        with self._guard() as handle:
            while True:
                status = fn(handle, *args, self._text, len(self._text), ctypes.byref(self._text_len))
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

    # Each call says "closed" before it judges its arguments: after close() that is the news.

    def caption(self, index):
        self.check_open()
        return self._call_text(_lib.lib.csim_vec_env_caption, self._index(index))

    def caption_observation(self, observation, event=0):
        self.check_open()
        obs = self._observation(observation)
        return self._call_text(_lib.lib.csim_vec_env_caption_observation, ctypes.c_void_p(obs.ctypes.data),
                               self._event_code(event))

    def _observation(self, observation):
        """`observation` as a contiguous array of the observation dtype, refusing every value that
        the cast would change (300.7 -> 44 and NaN -> 0 in uint8) or that lies outside the
        observation space, instead of captioning some other observation."""
        spec = self.spec
        a = np.asarray(observation)
        if a.dtype == np.bool_ or not (np.issubdtype(a.dtype, np.integer) or np.issubdtype(a.dtype, np.floating)):
            raise TypeError(f"{self.env_id}: an observation must hold real numbers, got dtype {a.dtype}")
        size = int(np.prod(spec.observation_shape))
        if a.size != size:
            raise InvalidArgumentError(f"{self.env_id}: an observation has {size} elements "
                                       f"(shape {spec.observation_shape}), got {a.size} (shape {a.shape})")
        flat = a.reshape(-1)
        integral = np.issubdtype(spec.observation_dtype, np.integer)
        with np.errstate(invalid="ignore", over="ignore"):
            bad = ~np.isfinite(flat) | (flat < spec.observation_low) | (flat > spec.observation_high)
            if integral and np.issubdtype(flat.dtype, np.floating):
                bad |= np.floor(flat) != flat
            out = np.ascontiguousarray(flat, dtype=spec.observation_dtype)
            bad |= ~np.isfinite(out)  # a float64 too large for float32 becomes inf
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            value = flat[i].item()
            kind = "integers" if integral else "finite numbers"
            raise InvalidArgumentError(
                f"{self.env_id}: observation value {value!r} at element {i} is not allowed; observations hold "
                f"{kind} in [{spec.observation_low:g}, {spec.observation_high:g}]")
        return out

    def render_text(self, index):
        self.check_open()
        return self._call_text(_lib.lib.csim_vec_env_render_text, self._index(index))

    # -- pictures ----------------------------------------------------------------------------

    def frame_size(self):
        """The picture side the environment suggests (its "frame_size" hint), or None when it
        draws no pictures (only the arm does today)."""
        return next((int(v) for k, v in learner_hints(self.env_id) if k == "frame_size"), None)

    def _picture_size(self, width, height):
        # Checked here as well as in the core: the buffer is allocated before the call, so a
        # width of 10**9 must be refused before numpy tries to allocate it.
        for name, value in (("width", width), ("height", height)):
            if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
                raise TypeError(f"{self.env_id}: picture {name} must be an int, got {type(value).__name__}")
            if not _PICTURE_MIN <= value <= _PICTURE_MAX:
                raise InvalidArgumentError(f"{self.env_id}: picture {name} {value} is out of range; pictures are "
                                           f"{_PICTURE_MIN} to {_PICTURE_MAX} pixels a side")
        if self.frame_size() is None:
            raise InvalidArgumentError(f"{self.env_id}: this environment draws no pictures (only environments "
                                       "with a frame_size hint do: the arm's); use render_text or caption")
        return int(width), int(height)

    def render_rgb(self, begin, end, width, height):
        """Envs [begin, end) drawn from the fixed camera: uint8 (end - begin, height, width, 3)."""
        self.check_open()
        width, height = self._picture_size(width, height)
        for name, value in (("begin", begin), ("end", end)):
            if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
                raise TypeError(f"{name} must be an int, got {type(value).__name__}")
        if not 0 <= begin < end <= self.num_envs:
            raise IndexError(f"{self.env_id}: envs [{begin}, {end}) are not a non-empty range of the batch's "
                             f"{self.num_envs}")
        out = np.zeros((end - begin, height, width, 3), dtype=np.uint8)
        with self._guard() as handle:
            raise_for(_lib.lib.csim_vec_env_render_rgb(handle, int(begin), int(end), width, height,
                                                       ctypes.c_void_p(out.ctypes.data), out.size), self.last_error())
        return out

    def render_observation_rgb(self, observation, width, height):
        """A stored observation drawn as the camera would see it: uint8 (height, width, 3). Reads
        the observation alone (no env's state); for judges comparing pictures of stored states."""
        self.check_open()
        width, height = self._picture_size(width, height)
        obs = self._observation(observation)
        out = np.zeros((height, width, 3), dtype=np.uint8)
        with self._guard() as handle:
            raise_for(_lib.lib.csim_vec_env_render_observation_rgb(
                handle, ctypes.c_void_p(obs.ctypes.data), width, height, ctypes.c_void_p(out.ctypes.data), out.size),
                self.last_error())
        return out

    def keep_screen(self, keep=True):
        """Whether the envs keep what render_text shows, from their next reset on (NetHack's
        terminal costs about a quarter of a step, so it is kept only when asked for)."""
        with self._guard() as handle:
            raise_for(_lib.lib.csim_vec_env_keep_screen(handle, 1 if keep else 0), self.last_error())
            self._keep_screen = bool(keep)

    def mission(self, index):
        self.check_open()
        return self._call_text(_lib.lib.csim_vec_env_mission, self._index(index))

    def action_name(self, action):
        self.check_open()
        if isinstance(action, (bool, np.bool_)) or not isinstance(action, (int, np.integer)):
            raise TypeError(f"action must be an int, got {type(action).__name__}")
        if not _INT32.min <= action <= _INT32.max:
            raise InvalidActionError(f"{self.env_id}: action {action} is out of range")
        return self._call_text(_lib.lib.csim_vec_env_action_name, int(action))

    def _read_event_names(self):
        names, code = [], 0
        while True:
            name = _lib.lib.csim_vec_env_event_name(self._handle, code)
            if name is None:
                return names
            names.append(name.decode())
            code += 1

    def _event_code(self, code):
        """An event code as an int in range. The info buffer stores codes as float32, so integral
        floats are codes too; anything else would be wrapped or truncated by a cast to int32."""
        if isinstance(code, (bool, np.bool_)) or not isinstance(code, (int, float, np.integer, np.floating)):
            raise TypeError(f"{self.env_id}: an event code must be an int, got {type(code).__name__}")
        last = len(self._event_names) - 1
        if isinstance(code, (float, np.floating)):
            valid = math.isfinite(code) and float(code).is_integer() and 0 <= code <= last
        else:
            valid = 0 <= code <= last
        if not valid:
            raise InvalidArgumentError(f"{self.env_id}: unknown event code {code}; event codes are integers "
                                       f"in [0, {last}] (event_names() lists them)")
        return int(code)

    def event_name(self, code):
        """Name of an event code ("" for 0); the info buffer stores codes as float32."""
        self.check_open()  # no handle needed, but every call after close() refuses alike
        return self._event_names[self._event_code(code)]

    def event_names(self):
        """Every event name, indexed by code (index 0 is "")."""
        self.check_open()
        return list(self._event_names)
