"""A huge num_threads ends in a clear error (or a working batch), never in a hang or an abort.

The child caps its address space: every worker thread reserves a stack (8 MiB by default), so
only a few dozen fit and a core that tries to start thousands fails within milliseconds, without
starving the machine. Before the core capped num_threads, that failure left csim_vec_env_create
waiting forever (WorkerPool's constructor destroyed a condition variable its started workers
were waiting on), so the call never returned to Python."""
import sys

import pytest

CHILD = """
import resource
import numpy as np
import pavlov_envs

vm = next(int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith("VmSize"))
cap = vm + (256 << 20)
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
try:
    env = pavlov_envs.make_vec("MiniGrid-Empty-5x5-v0", 4096, num_threads=2**31 - 1)
except (pavlov_envs.PavlovError, MemoryError) as e:
    assert str(e), "an error without a message"
    print("refused:", type(e).__name__, e)
else:
    env.reset()
    env.step(np.zeros(env.num_envs, np.int32))
    print("stepped with", env.num_threads, "threads")
    env.close()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc and RLIMIT_AS (Linux)")
def test_a_huge_thread_count_is_refused_or_served_not_hung(run_child):
    rc, out = run_child(CHILD, timeout=30)
    assert rc == 0, f"child exited with {rc}:\n{out[-3000:]}"
    assert out.startswith(("refused:", "stepped with")), out
