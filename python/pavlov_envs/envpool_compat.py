"""envpool_make: EnvPool's `envpool.make(task_id, env_type="gymnasium", ...)` for the tasks Pavlov has.

Mirrors EnvPool 1.2.5's MiniGrid interface as observed: observation_space and action_space are
the *single-env* spaces (as EnvPool reports them), observations a dict
{"direction": int32 (N,), "image": uint8 (N, 7, 7, 3), "mission": uint8 (N, 96)}, rewards float32,
flags bool, infos {"env_id", "players": {"env_id"}, "agent_pos" (N, 2), "mission_id", "elapsed_step"}
as int32. One deliberate difference: autoreset is SAME_STEP (the step that ends an episode returns
the next episode's first observation; the last one is in infos["final_obs"]), not EnvPool's
NEXT_STEP; metadata["autoreset_mode"] says which. Only synchronous batches (batch_size == num_envs).

Task ids map to a Pavlov id and an adapter that turns the core's flat buffers into the peer's
layout. MetaWorld ids ("MetaWorld/Reach-v3") will map to the arm's ids with their own adapter.
"""
import numpy as np
from gymnasium import spaces
from gymnasium.vector import AutoresetMode, VectorEnv

from .registry import env_ids
from .vector import PavlovVectorEnv

MISSION_BYTES = 96  # EnvPool's mission_bytes


class MiniGridAdapter:
    """Pavlov's 148-byte grid observation (7x7x3 image in MiniGrid's [x][y][c] order, then the
    direction byte) as EnvPool's MiniGrid dict. The image is a strided view of the core's buffer
    (no copy); direction and the int32 info fields are converted into arrays made once."""

    single_observation_space = spaces.Dict({
        "direction": spaces.Discrete(4),
        "image": spaces.Box(0, 255, (7, 7, 3), np.uint8),
        "mission": spaces.Box(0, 255, (MISSION_BYTES,), np.uint8),
    })
    # Missions that name a colour drawn per episode; the others are fixed per task.
    _VARIABLE_MISSIONS = ("MiniGrid-KeyCorridor", "MiniGrid-UnlockPickup")

    def __init__(self, vec):
        self.vec = vec
        n = vec.num_envs
        raw = vec.buffers["observations"]
        self.image = raw[:, :147].reshape(n, 7, 7, 3)  # a view: rows keep their 148-byte stride
        self.direction = np.zeros(n, dtype=np.int32)
        self.mission = np.zeros((n, MISSION_BYTES), dtype=np.uint8)
        self.variable_mission = vec.env_id.startswith(self._VARIABLE_MISSIONS)
        names = vec.info_names
        self._x, self._y, self._step = names.index("agent_x"), names.index("agent_y"), names.index("episode_step")
        self.env_ids = np.arange(n, dtype=np.int32)
        self.agent_pos = np.zeros((n, 2), dtype=np.int32)
        self.mission_id = np.zeros(n, dtype=np.int32)
        self.elapsed_step = np.zeros(n, dtype=np.int32)
        self._raw = raw

    def _mission_of(self, index):
        # MiniGrid's public instruction, which EnvPool passes as bytes.
        return self.vec.mission(index).encode()[:MISSION_BYTES]

    def _write_mission(self, index, text):
        self.mission[index] = 0
        self.mission[index, :len(text)] = np.frombuffer(text, dtype=np.uint8)

    def on_reset(self):
        if self.variable_mission:
            for i in range(self.vec.num_envs):
                self._write_mission(i, self._mission_of(i))
        else:
            self._write_mission(slice(None), self._mission_of(0))

    def on_step(self, ended):
        if self.variable_mission:
            for i in ended.tolist():
                self._write_mission(i, self._mission_of(i))

    def observation(self):
        self.direction[:] = self._raw[:, 147]
        return {"direction": self.direction, "image": self.image, "mission": self.mission}

    def final_observation(self, row, index):
        """A copy, in EnvPool's layout, of a stored final observation of env `index`."""
        return {"direction": np.int32(row[147]), "image": row[:147].reshape(7, 7, 3).copy(),
                "mission": self.mission[index].copy()}

    def info(self, info_buffer):
        np.copyto(self.agent_pos[:, 0], info_buffer[:, self._x], casting="unsafe")
        np.copyto(self.agent_pos[:, 1], info_buffer[:, self._y], casting="unsafe")
        np.copyto(self.elapsed_step, info_buffer[:, self._step], casting="unsafe")
        return {"env_id": self.env_ids, "players": {"env_id": self.env_ids}, "agent_pos": self.agent_pos,
                "mission_id": self.mission_id, "elapsed_step": self.elapsed_step}


_ADAPTERS = {"minigrid": MiniGridAdapter}


def _task_table():
    """EnvPool task id -> (Pavlov id, adapter key), for every task both have."""
    table = {}
    for env_id in env_ids():
        if env_id.startswith("MiniGrid-"):
            table[env_id] = (env_id, "minigrid")  # EnvPool uses MiniGrid's own ids
    return table


def envpool_task_ids():
    """The EnvPool task ids envpool_make accepts."""
    return sorted(_task_table())


# EnvPool options accepted for compatibility that change nothing here.
_IGNORED_OPTIONS = {"thread_affinity_offset": None, "gym_reset_return_info": True, "max_num_players": 1}


class EnvPoolCompatEnv(VectorEnv):
    """A synchronous batch with EnvPool's gymnasium interface over a Pavlov core batch."""

    def __init__(self, task_id, pavlov_id, adapter_cls, num_envs, seed, num_threads, max_episode_steps,
                 reward_kind):
        self._vec = PavlovVectorEnv(pavlov_id, num_envs, seed=seed, num_threads=num_threads,
                                    max_episode_steps=max_episode_steps, reward_kind=reward_kind)
        self._adapter = adapter_cls(self._vec)
        self.task_id = task_id
        self.num_envs = num_envs
        self.metadata = {"autoreset_mode": AutoresetMode.SAME_STEP, "render_modes": []}
        # EnvPool reports single-env spaces under both names.
        self.single_observation_space = self.observation_space = adapter_cls.single_observation_space
        self.single_action_space = self.action_space = self._vec.single_action_space
        self.render_mode = None
        self.closed = False
        self.config = {"num_envs": num_envs, "batch_size": num_envs, "seed": seed, "num_threads": num_threads,
                       "max_episode_steps": self._vec.spec_info.max_episode_steps, "pavlov_id": pavlov_id}
        self.is_async = False

    @property
    def all_env_ids(self):
        return self._adapter.env_ids

    def _check_env_ids(self, env_id):
        if env_id is not None and not np.array_equal(np.asarray(env_id), self._adapter.env_ids):
            raise ValueError("pavlov envpool_make: only whole-batch calls are supported "
                             "(env_id=None or all ids); partial batches need the async mode it lacks")

    def reset(self, env_id=None, *, seed=None, options=None):
        self._check_env_ids(env_id)
        _, infos = self._vec.reset(seed=seed, options=options)
        self._adapter.on_reset()
        return self._adapter.observation(), self._adapter.info(self._vec.buffers["info"])

    def step(self, action, env_id=None):
        self._check_env_ids(env_id)
        _, rewards, terminated, truncated, infos = self._vec.step(action)
        out_info = self._adapter.info(self._vec.buffers["info"])
        if "final_obs" in infos:
            ended = np.flatnonzero(infos["_final_obs"])
            final = np.full(self.num_envs, None, dtype=object)
            for i in ended.tolist():
                final[i] = self._adapter.final_observation(infos["final_obs"][i], i)
            self._adapter.on_step(ended)  # new episodes may have new missions
            out_info["final_obs"], out_info["_final_obs"] = final, infos["_final_obs"]
        return self._adapter.observation(), rewards, terminated, truncated, out_info

    def close_extras(self, **kwargs):
        vec = getattr(self, "_vec", None)  # absent when __init__ raised
        if vec is not None:
            vec.close()

    # Pavlov's extras pass through.
    def caption(self, index):
        return self._vec.caption(index)

    def render_text(self, index):
        return self._vec.render_text(index)

    def action_names(self):
        return self._vec.action_names()


def envpool_make(task_id, env_type="gymnasium", *, num_envs=1, batch_size=None, seed=42, num_threads=0,
                 max_episode_steps=0, reward_kind=0, **kwargs):
    """Drop-in for envpool.make(task_id, env_type="gymnasium", num_envs=N, batch_size=N, seed=S).

    Unknown tasks raise ValueError listing the supported ones; batch_size < num_envs (EnvPool's
    async mode) and env types other than "gymnasium" raise ValueError."""
    table = _task_table()
    if task_id not in table:
        raise ValueError(f"pavlov envpool_make: no Pavlov environment for EnvPool task '{task_id}'; "
                         f"supported: {', '.join(sorted(table))}")
    if env_type != "gymnasium":
        raise ValueError(f"pavlov envpool_make: env_type '{env_type}' is not supported; use env_type='gymnasium'")
    if batch_size is not None and batch_size != num_envs:
        raise ValueError(f"pavlov envpool_make: batch_size ({batch_size}) must equal num_envs ({num_envs}); "
                         "EnvPool's asynchronous mode (batch_size < num_envs) is not implemented")
    for key, value in kwargs.items():
        if key not in _IGNORED_OPTIONS:
            raise ValueError(f"pavlov envpool_make: unsupported option '{key}'; supported: num_envs, batch_size, "
                             f"seed, num_threads, max_episode_steps, reward_kind, {', '.join(_IGNORED_OPTIONS)}")
        expected = _IGNORED_OPTIONS[key]
        if expected is not None and value != expected:
            raise ValueError(f"pavlov envpool_make: option {key}={value!r} is not supported (only {expected!r})")
    pavlov_id, adapter_key = table[task_id]
    return EnvPoolCompatEnv(task_id, pavlov_id, _ADAPTERS[adapter_key], num_envs, seed, num_threads,
                            max_episode_steps, reward_kind)
