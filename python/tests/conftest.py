"""Shared by the tests that must survive what they provoke: a child interpreter to run it in."""
import os
import subprocess
import sys
import textwrap

import pytest


def run_python(args, timeout=120):
    """Runs `python *args` with this interpreter's import path; returns (returncode, output).
    A crash of the child (abort, segfault) shows as a negative return code instead of killing
    pytest; a hang raises subprocess.TimeoutExpired once the child has been killed."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p), OPENBLAS_NUM_THREADS="1")
    proc = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=timeout, env=env)
    return proc.returncode, proc.stdout + proc.stderr


@pytest.fixture
def run_child():
    """run_child(code, timeout=120): runs the Python source `code` in a child interpreter."""
    return lambda code, timeout=120: run_python(["-c", textwrap.dedent(code)], timeout)


@pytest.fixture
def python_child():
    """python_child(args, timeout=120): runs `python *args` in a child interpreter."""
    return run_python
