"""Shared by the tests that must survive what they provoke: a child interpreter to run it in."""
import os
import subprocess
import sys
import textwrap

import pytest


def _run_child(code, timeout=120):
    """Runs `code` in a fresh interpreter with this one's import path; returns (returncode, output).
    A crash of the child (abort, segfault) shows as a negative return code instead of killing
    pytest; a hang raises subprocess.TimeoutExpired once the child has been killed."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p), OPENBLAS_NUM_THREADS="1")
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=timeout, env=env)
    return proc.returncode, proc.stdout + proc.stderr


@pytest.fixture
def run_child():
    return _run_child
