"""pavlov_envs: Pavlov's batched C++ environments (MiniGrid worlds, Wordle) for Python.

    import pavlov_envs
    envs = pavlov_envs.make_vec("MiniGrid-DoorKey-8x8-v0", num_envs=4096, seed=1)
    obs, infos = envs.reset()
    obs, rewards, terminated, truncated, infos = envs.step(envs.action_space.sample())

Arrays returned by a vector env view buffers the env owns and are overwritten by its next
reset/step: copy what you keep. Stepping releases the GIL (ctypes calls into the core).
"""
from .envpool_compat import envpool_make, envpool_task_ids
from .errors import (ConcurrentUseError, EnvClosedError, InternalError, InvalidActionError, InvalidArgumentError,
                     PavlovError, UnavailableError, UnknownEnvError)
from .registry import EnvSpec, ObservationPart, env_spec, list_envs
from .single import PavlovEnv
from .vector import PavlovVectorEnv

__version__ = "0.1.0"


def make_vec(env_id, num_envs, seed=0, *, num_threads=0, max_episode_steps=0, reward_kind=0,
             observation_format="flat"):
    """A gymnasium VectorEnv of `num_envs` copies of `env_id` (same-step autoreset).

    num_threads: core worker threads (0 = all cores, 1 = the caller only);
    max_episode_steps: 0 = the environment's own limit; reward_kind: environment-specific variant
    (Wordle: 0 solve, 1 solve minus 0.1 per miss, 2 shaped); observation_format: "flat" (one row
    per env, the default) or "dict" (the spec's named parts: a gymnasium Dict of MultiDiscrete
    and Box spaces, each value a view of the rows)."""
    return PavlovVectorEnv(env_id, num_envs, seed=seed, num_threads=num_threads,
                           max_episode_steps=max_episode_steps, reward_kind=reward_kind,
                           observation_format=observation_format)


def make(env_id, *, seed=None, render_mode=None, max_episode_steps=0, reward_kind=0):
    """A single gymnasium.Env (passes gymnasium's check_env; runs under SB3 and CleanRL)."""
    return PavlovEnv(env_id, seed=seed, render_mode=render_mode, max_episode_steps=max_episode_steps,
                     reward_kind=reward_kind)


def gymnasium_id(env_id):
    """The id under which a core id is registered with gymnasium: "pavlov/<id>", except that ids
    with a family prefix go into a namespace of their own ("arm/reach" -> "pavlov-arm/reach"),
    because a gymnasium id may contain only one slash."""
    family, slash, name = env_id.partition("/")
    return f"pavlov-{family}/{name}" if slash else f"pavlov/{env_id}"


def _register_with_gymnasium():
    """gymnasium.make(gymnasium_id(id)) and gymnasium.make_vec(gymnasium_id(id), n), e.g.
    "pavlov/MiniGrid-DoorKey-8x8-v0" or "pavlov-arm/reach" (cheap: no core call)."""
    import gymnasium

    for env_id in list_envs():
        name = gymnasium_id(env_id)
        if name in gymnasium.registry:
            continue
        gymnasium.register(
            id=name,
            entry_point="pavlov_envs.single:PavlovEnv",
            vector_entry_point="pavlov_envs.vector:PavlovVectorEnv",
            kwargs={"env_id": env_id},
            # The core truncates by itself (max_episode_steps option); no TimeLimit wrapper on top.
            max_episode_steps=None,
            disable_env_checker=False,
        )


_register_with_gymnasium()

__all__ = [
    "gymnasium_id", "make_vec", "make", "envpool_make", "envpool_task_ids", "list_envs", "env_spec", "EnvSpec",
    "ObservationPart",
    "PavlovEnv", "PavlovVectorEnv", "PavlovError", "UnknownEnvError", "InvalidActionError",
    "InvalidArgumentError", "EnvClosedError", "ConcurrentUseError", "InternalError",
    "UnavailableError",
]
