"""PavlovEnv: one Pavlov environment as a plain gymnasium.Env (a batch of one on the caller's thread).

Unlike the vector env it returns copies: one small observation per call costs nothing next to
Python's own overhead, and single-env code (replay buffers, SB3, CleanRL's SyncVectorEnv) often
keeps the arrays it is given.
"""
import gymnasium
import numpy as np

from ._core import CoreBatch, check_seed
from .spaces import action_space, observation_space


class PavlovEnv(gymnasium.Env):
    """A single environment: reset(seed=, options=) -> (obs, info); step(a) -> (obs, reward,
    terminated, truncated, info). `info` holds the privileged columns (success, progress, event
    name and code, episode_step, family extras) as Python numbers.

    render_mode="ansi" makes render() return the text map/board; render_mode="rgb_array" (for
    environments with pictures: the arm's) an RGB frame from a fixed camera, uint8 (H, W, 3) of
    the env's frame_size; caption() gives the plain-English caption of the current observation."""

    metadata = {"render_modes": ["ansi", "rgb_array"], "render_fps": 10}

    def __init__(self, env_id, seed=None, render_mode=None, max_episode_steps=0, reward_kind=0):
        if render_mode not in (None, "ansi", "rgb_array"):
            raise ValueError(f"render_mode must be None, 'ansi' or 'rgb_array', got {render_mode!r}")
        # The core is keyed by (seed, env index); a reset without a seed continues its streams.
        self._core = CoreBatch(env_id, 1, seed=0 if seed is None else seed, num_threads=1,
                               max_episode_steps=max_episode_steps, reward_kind=reward_kind)
        self._frame_size = self._core.frame_size()
        # Per instance: only environments that draw pictures offer rgb_array.
        self.metadata = {**PavlovEnv.metadata,
                         "render_modes": ["ansi", "rgb_array"] if self._frame_size else ["ansi"]}
        if render_mode == "rgb_array" and self._frame_size is None:
            self._core.close()
            raise ValueError(f"{env_id}: render_mode 'rgb_array' needs an environment that draws pictures "
                             "(the arm's ids); this one offers render_mode 'ansi'")
        self.env_id = env_id
        self.render_mode = render_mode
        # A single env is for people and checks: keep the picture render()/render_text() show.
        self._core.keep_screen(True)
        self.observation_space = observation_space(self._core.spec)
        self.action_space = action_space(self._core.spec)
        self.spec_info = self._core.spec
        self._discrete = self._core.spec.discrete

    def reset(self, *, seed=None, options=None):
        self._core.check_open()  # before seeding anything: a closed env stays closed
        if seed is not None:
            seed = check_seed(seed)
        if options:
            raise ValueError(f"{self.env_id}: reset options are not supported, got {sorted(options)}")
        super().reset(seed=seed)
        if seed is not None:
            self._core.reseed(seed)
        self._core.reset()
        return self._core.observations[0].copy(), self._info(self._core.info[0])

    def step(self, action):
        core = self._core
        core.check_open()  # "closed" before any complaint about the action
        a = np.asarray(action)
        if self._discrete:
            if a.shape not in ((), (1,)):
                raise ValueError(f"{self.env_id}: one discrete action expected, got shape {a.shape}")
            batch = a.reshape(1)
        else:
            if a.shape != (core.spec.action_dim,):
                raise ValueError(f"{self.env_id}: action must have shape ({core.spec.action_dim},), got {a.shape}")
            batch = a.reshape(1, -1)
        core.step(batch)  # checks dtype and range (the core names the env and the value)
        terminated, truncated = bool(core.terminated[0]), bool(core.truncated[0])
        if terminated or truncated:
            # The core has already started the next episode (same-step autoreset); a single env
            # shows the episode's last observation, as gymnasium.Env does, until reset().
            obs = core.final_observations[0].copy()
        else:
            obs = core.observations[0].copy()
        return obs, float(core.rewards[0]), terminated, truncated, self._info(core.info[0])

    def _info(self, row):
        info = {name: float(v) for name, v in zip(self._core.info_names, row.tolist())}
        code = int(info["event"])
        info["event"] = self._core.event_name(code)
        info["event_code"] = code
        info["success"] = bool(info["success"])
        info["episode_step"] = int(info["episode_step"])
        return info

    def render(self):
        self._core.check_open()
        if self.render_mode == "ansi":
            return self._core.render_text(0)
        if self.render_mode == "rgb_array":
            return self._core.render_rgb(0, 1, self._frame_size, self._frame_size)[0]
        return None

    def close(self):
        core = getattr(self, "_core", None)
        if core is not None:
            core.close()

    def caption(self):
        """Plain-English caption of the current observation and of what the last step changed."""
        return self._core.caption(0)

    def caption_observation(self, observation, event=0):
        return self._core.caption_observation(observation, event)

    def render_text(self):
        return self._core.render_text(0)

    def render_observation_rgb(self, observation, width=None, height=None):
        """A stored observation drawn as the camera would see it, uint8 (height, width, 3), from
        the observation alone (environments with pictures: the arm's)."""
        side = self._frame_size or 128
        return self._core.render_observation_rgb(observation, side if width is None else width,
                                                 side if height is None else height)

    def mission(self):
        """The task's instruction (MiniGrid's mission, a MiniWob task's utterance)."""
        return self._core.mission(0)

    def set_state(self, state):
        """Starts a new episode from `state` (JSON text or a dict: for the MiniWob tasks an
        instance exported from the real task, see docs/miniwob.md); returns (observation, info)
        as reset does."""
        self._core.set_state_json(0, state)
        return self._core.observations[0].copy(), self._info(self._core.info[0])

    def expert_action(self):
        """The scripted expert's action for the current state (privileged; envs with an expert)."""
        return self._core.expert_actions()[0]

    def action_name(self, action):
        return self._core.action_name(action)

    def action_names(self):
        spec = self._core.spec
        return [self._core.action_name(a) for a in range(spec.num_actions)] if spec.discrete else []

    def event_names(self):
        return self._core.event_names()
