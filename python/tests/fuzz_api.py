"""Seeded random calls on the Python API: `python fuzz_api.py SEED CALLS`.

test_fuzz.py runs this in a child interpreter, so that a crash of the core fails one test instead
of killing pytest. Each call, with valid or invalid arguments, must either return finite values
or raise one of the package's documented exceptions; calls that are valid on an open, reset env
must succeed, and every call on a closed env must raise EnvClosedError. On the first violation
it prints the seed, the call number and what was called, and exits 1. Prints one JSON summary.
"""
import json
import math
import random
import sys
import threading
import time
import traceback

import numpy as np

import pavlov_envs
from pavlov_envs import ConcurrentUseError, EnvClosedError, InternalError, PavlovError

IDS = ["MiniGrid-DoorKey-5x5-v0", "MiniGrid-LavaGapS5-v0", "MiniGrid-KeyCorridorS3R1-v0", "Wordle-v0",
       "Wordle-Answers-v0", "arm/reach", "arm/pick-place", "arm/door-open-goal-hidden"]
BAD_IDS = ["", "Nope-v0", "MiniGrid-DoorKey-5x5-v0\0x", "\0", "arm/", "Wordle-v0 ", "\udc80", "é" * 70,
           "x" * 5000, 42, None, b"Wordle-v0", ["Wordle-v0"]]
# What the package documents: its own errors (most are ValueErrors), TypeError for a wrong type,
# ValueError for a bad value or shape, IndexError for an env index. InternalError means a bug.
ALLOWED = (PavlovError, TypeError, ValueError, IndexError)
MAX_LIVE = 6
JOIN_S = 20


class Violation(AssertionError):
    pass


def check_finite(value, what):
    """Every number in `value` (arrays, dicts, tuples, object arrays of arrays) is finite."""
    if isinstance(value, dict):
        for k, v in value.items():
            check_finite(v, f"{what}[{k!r}]")
    elif isinstance(value, (tuple, list)):
        for i, v in enumerate(value):
            check_finite(v, f"{what}[{i}]")
    elif isinstance(value, np.ndarray):
        if value.dtype == object:
            for i, v in enumerate(value.ravel().tolist()):
                check_finite(v, f"{what}[{i}]")
        elif np.issubdtype(value.dtype, np.floating) and not np.isfinite(value).all():
            raise Violation(f"{what} holds a non-finite value: {value[~np.isfinite(value)][:4]}")
    elif isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            raise Violation(f"{what} is {value}")


class Entry:
    """One env the fuzzer holds, with what it knows of its state."""

    def __init__(self, env, kind, env_id):
        self.env, self.kind, self.env_id = env, kind, env_id
        self.open, self.reset = True, False
        core = env._vec._core if kind == "pool" else env._core
        self.spec = core.spec
        self.n = core.num_envs

    def __repr__(self):
        return f"<{self.kind} {self.env_id} n={self.n} open={self.open} reset={self.reset}>"


class Fuzzer:
    def __init__(self, seed):
        self.seed = seed
        self.rng = random.Random(seed)
        self.np_rng = np.random.default_rng(seed)
        self.live = []
        self.counts = {"calls": 0, "ok": 0, "raised": {}}
        self.last = ""

    # -- the checks ---------------------------------------------------------------------------

    def call(self, what, fn, expect=None):
        """Runs fn(). expect: None (may raise an allowed error), "ok" (must return), "raise" (must
        raise an allowed error) or an exception class (must raise it).
        Returns (True, result) or (False, exception)."""
        self.counts["calls"] += 1
        self.last = what
        try:
            result = fn()
        except Violation:
            raise
        except BaseException as e:  # noqa: BLE001 -- classifying every outcome is the point
            name = type(e).__name__
            self.counts["raised"][name] = self.counts["raised"].get(name, 0) + 1
            if expect == "ok":
                raise Violation(f"{what}: valid call raised {name}: {e}") from e
            if isinstance(expect, type) and not isinstance(e, expect):
                raise Violation(f"{what}: expected {expect.__name__}, got {name}: {e}") from e
            if not isinstance(e, ALLOWED) or isinstance(e, (InternalError, UnicodeError)):
                raise Violation(f"{what}: undocumented exception {name}: {e}") from e
            if not str(e):
                raise Violation(f"{what}: {name} without a message")
            return False, e
        if isinstance(expect, type) or expect == "raise":
            raise Violation(f"{what}: expected {getattr(expect, '__name__', 'an error')}, "
                            f"but the call returned {result!r:.200}")
        check_finite(result, what)
        self.counts["ok"] += 1
        return True, result

    # -- random arguments ---------------------------------------------------------------------

    def pick(self, *choices):
        return self.rng.choice(choices)

    def valid_seed(self):
        return self.pick(0, 1, 7, 12345, 2**63, 2**64 - 1, np.int64(3), np.uint64(2**64 - 1))

    def any_seed(self):
        if self.rng.random() < 0.7:
            return self.valid_seed()
        return self.pick(-1, 2**64, 1.5, "1", True, float("nan"), [1, 2], np.float32(2))

    def valid_options(self, env_id=""):
        wordle = str(env_id).startswith("Wordle")
        return dict(seed=self.valid_seed(), num_threads=self.pick(0, 1, 2),
                    max_episode_steps=self.pick(0, 3, 6 if wordle else 20),
                    reward_kind=self.pick(*((0, 1, 2) if wordle else (0,))))

    def invalid_options(self):
        opts = self.valid_options(self.pick("Wordle", ""))
        key = self.pick("seed", "num_threads", "max_episode_steps", "reward_kind")
        opts[key] = {"seed": self.pick(-1, 2**64, 1.5, "1", True),
                     "num_threads": self.pick(-1, 2**40, "1", 1.0, None),
                     "max_episode_steps": self.pick(-1, 2**40, 2.0, "3"),
                     "reward_kind": self.pick(-1, 3, 2**31, 1.0, "1")}[key]
        return opts

    def discrete_actions(self, n_actions, shape, valid):
        if valid:
            a = self.np_rng.integers(0, n_actions, size=shape)
            dtype = self.pick(np.int64, np.int32, np.uint16 if n_actions <= 65536 else np.int64)
            return a.astype(dtype) if self.rng.random() < 0.8 else a.tolist()
        bad = self.rng.randrange(7)
        a = self.np_rng.integers(0, n_actions, size=shape).astype(np.int64)
        if bad == 0 and a.size:
            a.flat[self.rng.randrange(a.size)] = self.pick(n_actions, -1, 2**33 + 1, -2**40, 2**63 - 1)
            return a
        if bad == 1:
            return a.astype(self.pick(np.float32, np.float64, np.bool_, np.complex64))
        if bad == 2:
            return np.full(shape, self.pick(np.nan, np.inf, -np.inf, 0.5))
        if bad == 3:
            return np.zeros(self.pick((shape[0] + 1,) if shape else (2,), (0,), shape + (1,), (1, 1, 1)), np.int32)
        if bad == 4:
            return self.pick("left", None, object(), {"a": 1}, b"\x00\x01")
        if bad == 5:
            return np.array([1, "x"] * max(1, (shape[0] if shape else 1) // 2), dtype=object)
        return self.pick(2**70, -2**70, 1e300, float("nan"))

    def continuous_actions(self, dim, shape, valid):
        full = shape + (dim,)
        if valid:
            a = self.np_rng.uniform(-1, 1, size=full)
            return a.astype(self.pick(np.float32, np.float64)) if self.rng.random() < 0.8 else a.tolist()
        bad = self.rng.randrange(6)
        a = self.np_rng.uniform(-1, 1, size=full).astype(np.float32)
        if bad == 0:
            a.flat[self.rng.randrange(a.size)] = self.pick(np.nan, np.inf, -np.inf)
            return a
        if bad == 1:
            return a * self.pick(5.0, 1e30, -1e30)  # out of the box: clipped or refused, never NaN
        if bad == 2:
            return np.zeros(self.pick(full[:-1] + (dim + 1,), full[:-1], (1,) + full, (0, dim)), np.float32)
        if bad == 3:
            return a.astype(self.pick(np.bool_, np.complex64, object))
        if bad == 4:
            return self.pick("up", None, {"x": 1}, [[1.0, "a"]])
        return np.full(full, self.pick(1e39, -1e39, 2**70), dtype=np.float64)

    def actions(self, entry, valid):
        spec = entry.spec
        shape = () if entry.kind == "single" else (entry.n,)
        if spec.discrete:
            return self.discrete_actions(spec.num_actions, shape, valid)
        return self.continuous_actions(spec.action_dim, shape, valid)

    def observation(self, entry, valid):
        spec = entry.spec
        size = int(np.prod(spec.observation_shape))
        if entry.kind == "pool" or not entry.reset or not entry.open:
            obs = np.zeros(size, spec.observation_dtype)
        else:
            core = entry.env._core
            obs = core.observations[self.rng.randrange(entry.n)].reshape(-1).copy()
        if valid:
            return obs
        obs = obs.astype(np.float64)
        bad = self.rng.randrange(4)
        if bad == 0:
            obs[self.rng.randrange(size)] = self.pick(300.7, np.nan, np.inf, -1.0, 2.5, 1e39, spec.observation_high + 1)
            return obs
        if bad == 1:
            return obs[: self.rng.randrange(size)]
        if bad == 2:
            return obs.astype(self.pick(np.bool_, np.complex64, object, str))
        return self.pick(None, "obs", 3, [[]])

    def event_code(self, valid, count):
        if valid:
            code = self.rng.randrange(count)
            return self.pick(code, np.int32(code), float(code), np.float32(code))
        return self.pick(-1, count, 2**32 + 1, 2**31, 1.5, float("nan"), float("inf"), "1", None, True)

    def env_index(self, entry, valid):
        if valid:
            return self.rng.randrange(entry.n)
        return self.pick(-1, entry.n, 2**40, 1.0, "0", None, True)

    # -- operations ---------------------------------------------------------------------------

    def op_make(self):
        valid = self.rng.random() < 0.75
        kind = self.pick("vec", "vec", "single", "pool")
        ids = [i for i in IDS if i.startswith("MiniGrid")] if kind == "pool" else IDS
        env_id = self.pick(*ids) if valid else self.pick(*ids, *BAD_IDS)
        opts = self.valid_options(env_id) if valid else self.invalid_options()
        if kind == "vec":
            n = self.pick(1, 2, 3, 4) if valid else self.pick(1, 2, 0, -1, 2.5, "2", True, 2**40)
            ok, env = self.call(f"make_vec({env_id!r}, {n!r}, **{opts})",
                                lambda: pavlov_envs.make_vec(env_id, n, **opts), "ok" if valid else None)
        elif kind == "single":
            opts.pop("num_threads")
            opts["render_mode"] = self.pick(None, "ansi") if valid else self.pick(None, "ansi", "human", 3)
            if not valid and self.rng.random() < 0.3:
                opts["seed"] = None
            ok, env = self.call(f"make({env_id!r}, **{opts})", lambda: pavlov_envs.make(env_id, **opts),
                                "ok" if valid else None)
        else:
            n = self.pick(1, 2, 3)
            ok, env = self.call(f"envpool_make({env_id!r}, num_envs={n}, **{opts})",
                                lambda: pavlov_envs.envpool_make(env_id, num_envs=n, **opts),
                                "ok" if valid else None)
        if ok:
            self.live.append(Entry(env, kind, env_id))
            if len(self.live) > MAX_LIVE:
                old = self.live.pop(0)
                self.call(f"close {old}", old.env.close, "ok")

    def expect_for(self, entry, valid, needs_reset=True):
        if not entry.open:  # "closed" comes before any complaint about the arguments
            return EnvClosedError
        if valid and (entry.reset or not needs_reset):
            return "ok"
        return None

    def op_reset(self, e):
        valid = self.rng.random() < 0.8
        seed = self.pick(None, self.valid_seed()) if valid else self.any_seed()
        options = None if valid else self.pick(None, {}, {"x": 1})
        ok, out = self.call(f"{e}.reset(seed={seed!r}, options={options!r})",
                            lambda: e.env.reset(seed=seed, options=options), self.expect_for(e, valid, False))
        if ok:
            e.reset = True

    def op_step(self, e):
        valid = self.rng.random() < 0.7
        a = self.actions(e, valid)
        ok, out = self.call(f"{e}.step({a!r:.120})", lambda: e.env.step(a), self.expect_for(e, valid))
        if ok:
            obs = out[0]
            if e.kind == "vec" and obs.shape != (e.n, *e.spec.observation_shape):
                raise Violation(f"{e}.step returned observations of shape {obs.shape}")

    def op_text(self, e):
        if e.kind == "pool":
            name = self.pick("caption", "render_text")
            valid = self.rng.random() < 0.7
            i = self.env_index(e, valid)
            self.call(f"{e}.{name}({i!r})", lambda: getattr(e.env, name)(i), self.expect_for(e, valid))
            return
        name = self.pick("caption", "render_text", "mission", "caption_observation", "action_name",
                         "event_name", "event_names", "num_threads", "captions", "render")
        valid = self.rng.random() < 0.6
        env = e.env
        if name in ("caption", "render_text", "mission"):
            if e.kind == "single":
                if name == "mission":
                    name = "caption"
                self.call(f"{e}.{name}()", getattr(env, name), self.expect_for(e, True))
            else:
                i = self.env_index(e, valid)
                self.call(f"{e}.{name}({i!r})", lambda: getattr(env, name)(i), self.expect_for(e, valid))
        elif name == "caption_observation":
            obs = self.observation(e, valid)
            count = len(e.env._core._event_names)
            event = self.event_code(valid or self.rng.random() < 0.5, count)
            # A valid observation may still be refused by the core (an object a grid cannot hold,
            # as an all-zero grid); only the closed case is certain.
            self.call(f"{e}.caption_observation({obs!r:.80}, {event!r})",
                      lambda: env.caption_observation(obs, event), EnvClosedError if not e.open else None)
        elif name == "action_name":
            n = e.spec.num_actions or 0
            a = self.rng.randrange(n) if valid and n else self.pick(-1, n, 2**31, 2**63, 1.0, "1", None, True)
            self.call(f"{e}.action_name({a!r})", lambda: env.action_name(a),
                      self.expect_for(e, valid and n > 0, False))
        elif name == "event_name":
            count = len(e.env._core._event_names)
            code = self.event_code(valid, count)
            self.call(f"{e}.event_name({code!r})", lambda: env._core.event_name(code) if e.kind == "single"
                      else env.event_name(code), self.expect_for(e, valid, False))
        elif name == "event_names":
            self.call(f"{e}.event_names()", env.event_names, self.expect_for(e, True, False))
        elif name == "num_threads" and e.kind == "vec":
            self.call(f"{e}.num_threads", lambda: env.num_threads, self.expect_for(e, True, False))
        elif name == "captions" and e.kind == "vec":
            self.call(f"{e}.captions()", env.captions, self.expect_for(e, True))
        elif name == "render" and e.kind == "single":
            self.call(f"{e}.render()", env.render, self.expect_for(e, True))

    def op_close(self, e):
        self.call(f"{e}.close()", e.env.close, "ok")
        e.open = False
        if self.rng.random() < 0.5:
            self.live.remove(e)

    def op_registry(self):
        env_id = self.pick(*IDS, *BAD_IDS)
        self.call(f"env_spec({env_id!r})", lambda: pavlov_envs.env_spec(env_id),
                  "ok" if env_id in IDS else None)

    def op_close_during_step(self, e):
        """close() from this thread while another thread steps: the stepper sees EnvClosedError."""
        if e.kind == "pool" or not e.open or not e.reset:
            return
        a = self.actions(e, True)
        env, outcome, stepping = e.env, [], threading.Event()

        def stepper():
            try:
                for _ in range(5000):
                    check_finite(env.step(a), "threaded step")
                    stepping.set()
                outcome.append("done")
            except EnvClosedError:
                outcome.append("closed")
            except BaseException as exc:  # noqa: BLE001
                outcome.append(exc)

        t = threading.Thread(target=stepper, daemon=True)
        t.start()
        stepping.wait(JOIN_S)
        time.sleep(self.rng.random() * 0.002)
        self.call(f"{e}.close() while another thread steps", env.close, "ok")
        e.open = False
        t.join(JOIN_S)
        if t.is_alive():
            raise Violation(f"{e}: the stepping thread did not stop within {JOIN_S} s of close()")
        if outcome not in (["closed"], ["done"]):
            raise Violation(f"{e}: the stepping thread ended with {outcome!r}")

    def op_two_threads(self, e):
        """Two threads on one batch: the loser of each race gets ConcurrentUseError, nothing else."""
        if e.kind != "vec" or not e.open or not e.reset:
            return
        a = self.actions(e, True)
        env, errors = e.env, []

        def worker(text):
            for i in range(30):
                try:
                    if text:
                        env.caption(i % e.n)
                    else:
                        check_finite(env.step(a), "threaded step")
                except ConcurrentUseError:
                    pass
                except BaseException as exc:  # noqa: BLE001
                    errors.append(exc)
                    return

        threads = [threading.Thread(target=worker, args=(k == 1,), daemon=True) for k in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(JOIN_S)
        self.counts["calls"] += 60
        if any(t.is_alive() for t in threads):
            raise Violation(f"{e}: two threads on one batch did not finish within {JOIN_S} s")
        if errors:
            raise Violation(f"{e}: a thread on a shared batch raised {errors[0]!r}")

    def step_once(self):
        r = self.rng.random()
        if not self.live or r < 0.08:
            return self.op_make()
        if r < 0.10:
            return self.op_registry()
        e = self.rng.choice(self.live)
        r = self.rng.random()
        if r < 0.15:
            self.op_reset(e)
        elif r < 0.55:
            self.op_step(e)
        elif r < 0.88:
            self.op_text(e)
        elif r < 0.93:
            self.op_close(e)
        elif r < 0.96:
            self.op_close_during_step(e)
        else:
            self.op_two_threads(e)

    def run(self, calls):
        while self.counts["calls"] < calls:
            self.step_once()
        for e in self.live:
            self.call(f"final close {e}", e.env.close, "ok")
        return self.counts


def main(argv):
    seed, calls = int(argv[1]), int(argv[2])
    fuzzer = Fuzzer(seed)
    started = time.perf_counter()
    try:
        counts = fuzzer.run(calls)
    except BaseException:  # noqa: BLE001 -- report which call broke, with its seed
        print(f"FUZZ FAILURE seed={seed} call #{fuzzer.counts['calls']}: {fuzzer.last}", flush=True)
        traceback.print_exc(file=sys.stdout)
        return 1
    counts["seconds"] = round(time.perf_counter() - started, 2)
    counts["seed"] = seed
    print(json.dumps(counts), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
