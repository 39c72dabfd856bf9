"""Stepping releases the GIL: another Python thread runs while the core steps.

Not a timing test. The switch interval is raised so that Python never forces the GIL from the
stepping thread; the counting thread can then only run while that thread has released the GIL
of its own accord, which ctypes does for the duration of each call into the core. The flag is
raised around the core call alone: numpy also drops the GIL in large copies, which must not count."""
import sys
import threading
import time

import numpy as np

import pavlov_envs
from pavlov_envs import _lib


def test_other_threads_run_during_a_step():
    env = pavlov_envs.make_vec("MiniGrid-DoorKey-16x16-v0", 65536, seed=0, num_threads=1)
    env.reset()
    core = env._core
    core.set_actions(np.full(env.num_envs, 2, dtype=np.int32))
    step = _lib.lib.csim_vec_env_step  # the very binding PavlovVectorEnv.step calls
    args = (core._handle, core._actions_ptr, core.actions.size, core._buffers_ref)
    in_step = threading.Event()
    stop = threading.Event()
    counts = [0]

    def count():
        while not stop.is_set():
            if in_step.is_set():
                counts[0] += 1
            time.sleep(0.0001)  # gives the GIL back, so the stepping thread is never held up

    old_interval = sys.getswitchinterval()
    worker = threading.Thread(target=count, daemon=True)
    worker.start()
    sys.setswitchinterval(100.0)
    try:
        for _ in range(20):
            in_step.set()
            status = step(*args)
            assert status == _lib.OK
            in_step.clear()
            if counts[0] > 0:
                break
    finally:
        sys.setswitchinterval(old_interval)
        stop.set()
        worker.join()
    assert counts[0] > 0
