"""PavlovVectorEnv: a gymnasium.vector.VectorEnv over one core batch, same-step autoreset.

Returned arrays are views of buffers this object owns; the core writes them on every reset and
step, so they are overwritten by the next call. Copy (np.copy / arr.copy()) what you keep.
"""
import numpy as np
from gymnasium.vector import AutoresetMode, VectorEnv

from ._core import CoreBatch, check_seed
from .spaces import action_space, batched, observation_dict_space, observation_space, split_parts

OBSERVATION_FORMATS = ("flat", "dict")


class PavlovVectorEnv(VectorEnv):
    """num_envs copies of one Pavlov environment, stepped by the C++ core on its own threads.

    Autoreset is SAME_STEP (gymnasium.vector.AutoresetMode): an env whose episode ends returns
    the first observation of its next episode in `obs`, and `infos["final_obs"]` /
    `infos["final_info"]` (masked by `infos["_final_obs"]` / `infos["_final_info"]`) hold the
    last observation and info of the episode that ended.

    `infos` carries the core's privileged columns (success, progress, event, episode_step and the
    family's extras such as agent_x or answer_index) as float32 views of the info buffer, each
    with an all-True "_name" mask. Event codes decode with `event_name(code)`. Policies must not
    read these; scripted teachers and analyses may.

    observation_format "flat" (the default) returns observations as the core writes them, one row
    per env; "dict" returns a dict of the spec's named parts (spec_info.observation_parts), each a
    view of those rows in the part's shape (MiniGrid: "image" (n, 7, 7, 3), "direction" (n,)),
    and single_observation_space is the matching gymnasium Dict of MultiDiscrete/Box parts.
    """

    metadata = {"autoreset_mode": AutoresetMode.SAME_STEP, "render_modes": []}

    def __init__(self, env_id, num_envs, seed=0, num_threads=0, max_episode_steps=0, reward_kind=0,
                 observation_format="flat"):
        if observation_format not in OBSERVATION_FORMATS:
            raise ValueError(f"observation_format must be one of {', '.join(map(repr, OBSERVATION_FORMATS))}, "
                             f"got {observation_format!r}")
        self._core = core = CoreBatch(env_id, num_envs, seed=seed, num_threads=num_threads,
                                      max_episode_steps=max_episode_steps, reward_kind=reward_kind)
        self.num_envs = core.num_envs
        self.env_id = env_id
        self.spec_info = core.spec  # the core's spec with options applied (EnvSpec)
        self.observation_format = observation_format
        is_dict = observation_format == "dict"
        self.single_observation_space = observation_dict_space(core.spec) if is_dict else observation_space(core.spec)
        self.single_action_space = action_space(core.spec)
        self.observation_space = batched(self.single_observation_space, self.num_envs)
        self.action_space = batched(self.single_action_space, self.num_envs)
        self.render_mode = None
        self.closed = False
        self._seed = core.seed

        n = self.num_envs
        # Views made once: flags as bool (the core writes 0/1 bytes), info columns by name.
        self._terminations = core.terminated.view(np.bool_)
        self._truncations = core.truncated.view(np.bool_)
        all_true = np.ones(n, dtype=np.bool_)
        all_true.flags.writeable = False
        self._infos = {}
        for c, name in enumerate(core.info_names):
            self._infos[name] = core.info[:, c]
            self._infos["_" + name] = all_true
        # Same-step autoreset outputs, in gymnasium's layout: final_obs is an object array of
        # per-env observations (None where no episode ended); final_info a dict of columns.
        self._final_info = np.zeros_like(core.info)
        self._final_info_views = {name: self._final_info[:, c] for c, name in enumerate(core.info_names)}
        self._final_obs = np.full(n, None, dtype=object)
        self._final_rows = list(core.final_observations)  # one view per env, made once
        # Dict format: views of the same buffers, made once (no copy per step).
        parts = core.spec.observation_parts
        self._obs = split_parts(core.observations, parts) if is_dict else core.observations
        if is_dict:
            self._final_rows = [split_parts(row, parts) for row in self._final_rows]
        self._last_done = np.zeros(0, dtype=np.intp)

    # -- gymnasium API -------------------------------------------------------------------------

    def reset(self, *, seed=None, options=None):
        """Resets every env. With `seed`, re-creates the batch so the same seed gives identical
        arrays (the core's RNG is keyed by (seed, env index)); without, episodes continue the
        current random streams."""
        # Every check before anything changes: a refused reset leaves the batch as it was (a
        # closed env stays closed; bad options do not re-create the batch).
        self._core.check_open()
        if options:
            raise ValueError(f"{self.env_id}: reset options are not supported, got {sorted(options)}")
        if seed is not None:
            if isinstance(seed, (list, tuple, np.ndarray)):
                raise ValueError("Pavlov seeds a whole batch with one int (each env draws from "
                                 "(seed, env index)); pass seed=int")
            seed = check_seed(seed)
            super().reset(seed=seed)  # seeds self.np_random for users
            self.action_space.seed(seed)
            self._core.reseed(seed)
            self._seed = seed
        self._core.reset()
        self._clear_final()
        return self._obs, dict(self._infos)

    def step(self, actions):
        """Steps every env. Raises ValueError/TypeError (nothing stepped) on a bad action batch."""
        core = self._core
        if self._last_done.size:
            self._clear_final()
        core.step(actions)
        infos = dict(self._infos)
        if not (self._terminations.any() or self._truncations.any()):  # most steps: nothing ended
            return self._obs, core.rewards, self._terminations, self._truncations, infos
        done = self._terminations | self._truncations
        idx = np.flatnonzero(done)
        if idx.size:
            # info rows of ended envs describe their last step: move them to final_info and put
            # the first info row of the new episode (reset_info) where the obs now is.
            self._final_info[idx] = core.info[idx]
            core.info[idx] = core.reset_info[idx]
            for i in idx.tolist():
                self._final_obs[i] = self._final_rows[i]
            infos["final_obs"] = self._final_obs
            infos["_final_obs"] = done
            final_info = dict(self._final_info_views)
            for name in self._final_info_views:
                final_info["_" + name] = done
            infos["final_info"] = final_info
            infos["_final_info"] = done
            self._last_done = idx
        return self._obs, core.rewards, self._terminations, self._truncations, infos

    def _clear_final(self):
        idx = self._last_done
        if idx.size:
            self._final_obs[idx] = None
            self._final_info[idx] = 0
            self._last_done = np.zeros(0, dtype=np.intp)

    def close_extras(self, **kwargs):
        core = getattr(self, "_core", None)  # absent when __init__ raised
        if core is not None:
            core.close()

    # -- Pavlov extras -------------------------------------------------------------------------

    @property
    def num_threads(self):
        """Threads the core steps with (the caller's thread counts as one)."""
        return self._core.num_threads

    @property
    def seed(self):
        return self._seed

    @property
    def info_names(self):
        return list(self._core.info_names)

    def caption(self, index):
        """Plain-English caption of env `index`'s current observation and its last step's event."""
        return self._core.caption(index)

    def captions(self):
        """Captions of every env (not on the stepping hot path; about 1 µs each)."""
        return [self._core.caption(i) for i in range(self.num_envs)]

    def caption_observation(self, observation, event=0):
        """Caption of a stored observation with the event code recorded with it."""
        return self._core.caption_observation(observation, event)

    def set_state(self, index, state):
        """Starts a new episode in env `index` from `state` (JSON text or a dict; for the MiniWob
        tasks an instance exported from the real task, see docs/miniwob.md) and returns env
        `index`'s new first observation (a view, like step's)."""
        self._core.set_state_json(index, state)
        return self._obs[index] if self.observation_format == "flat" else {k: v[index] for k, v in self._obs.items()}

    def expert_actions(self):
        """The scripted expert's actions for every env (privileged; environments with an expert)."""
        return self._core.expert_actions()

    def render_text(self, index):
        """Text rendering of env `index` (full map / board): privileged, for people. NetHack's
        needs keep_screen() before the reset."""
        return self._core.render_text(index)

    def render_rgb(self, begin=0, end=None, width=None, height=None):
        """Envs [begin, end) (default: all) drawn from a fixed camera, uint8 (n, height, width, 3);
        the size defaults to the env's frame_size hint. A person's or a vision judge's view (it
        shows the goal even for goal-hidden ids); only environments with pictures (the arm's)."""
        side = self._core.frame_size() or 128
        return self._core.render_rgb(begin, self.num_envs if end is None else end,
                                     side if width is None else width, side if height is None else height)

    def render_observation_rgb(self, observation, width=None, height=None):
        """A stored observation (flat, as step returns it) drawn as the camera would see it, uint8
        (height, width, 3), from the observation alone: what a vision judge compares."""
        side = self._core.frame_size() or 128
        return self._core.render_observation_rgb(observation, side if width is None else width,
                                                 side if height is None else height)

    def keep_screen(self, keep=True):
        """Keep what render_text shows from each env's next reset on; only NetHack needs it (its
        terminal costs about a quarter of a step, so it is off until asked for)."""
        self._core.keep_screen(keep)

    def mission(self, index):
        """Env `index`'s mission, the task's instruction (public, as MiniGrid's obs["mission"])."""
        return self._core.mission(index)

    def action_name(self, action):
        return self._core.action_name(action)

    def action_names(self):
        """Names of every discrete action ("forward", or Wordle's guess words); [] if continuous."""
        spec = self._core.spec
        if not spec.discrete:
            return []
        if not hasattr(self, "_action_names"):
            self._action_names = [self._core.action_name(a) for a in range(spec.num_actions)]
        return list(self._action_names)

    def event_name(self, code):
        """Name of an event code from infos["event"] ("" for 0)."""
        return self._core.event_name(code)

    def event_names(self):
        """All event names, indexed by code."""
        return self._core.event_names()

    @property
    def buffers(self):
        """The raw buffers the core writes (observations, rewards, terminated, truncated,
        final_observations, info, reset_info): for zero-copy consumers."""
        c = self._core
        return {"observations": c.observations, "rewards": c.rewards, "terminated": c.terminated,
                "truncated": c.truncated, "final_observations": c.final_observations, "info": c.info,
                "reset_info": c.reset_info}

