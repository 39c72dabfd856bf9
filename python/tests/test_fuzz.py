"""Bounded, seeded fuzzing of the Python API (the driver is fuzz_api.py).

Each seed makes a few thousand random calls across the families (grid worlds, Wordle, the arm):
make / make_vec / envpool_make / reset / step / close / captions / names, with valid and invalid
arguments (wrong types, out of range, NaN and inf, wrong shapes, calls after close), close() from
one thread while another steps, and two threads on one batch. Every call must return finite
values or raise a documented exception. It runs in a child interpreter, so that a crash in the
core fails this test instead of killing pytest, and with RuntimeWarning as an error, so that a
cast that silently changes a value (numpy's "overflow encountered in cast") fails it too.
To replay a failure: python python/tests/fuzz_api.py SEED CALLS."""
import json
import os

import pytest

DRIVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fuzz_api.py")
CALLS = 3000


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_random_api_calls_never_crash_and_stay_finite(seed, python_child):
    rc, out = python_child(["-W", "error::RuntimeWarning", DRIVER, str(seed), str(CALLS)], timeout=120)
    assert rc == 0, f"fuzz seed {seed} failed (exit {rc}):\n{out[-4000:]}"
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["calls"] >= CALLS and summary["ok"] > CALLS // 5, summary
    assert summary["raised"], "no invalid call was refused: the fuzzer lost its invalid arguments"
