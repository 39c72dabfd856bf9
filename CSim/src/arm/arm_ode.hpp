// ODE's process-wide and per-thread set-up, in one place.
//
// ODE keeps collision scratch data per thread: every thread that creates, collides or steps
// a world must have called dAllocateODEDataForThread first (measured: sharing it crashed
// 6 of 6 runs). The core's worker pool knows nothing about ODE, so the arm calls
// ensure_ode_thread() at the top of reset and step: a thread-local flag makes that one
// predictable branch after the first call on each thread.
#pragma once
#include <cstdint>

#include <ode/ode.h>

namespace csim {
namespace arm {

// Initialises ODE once per process and this thread's ODE data once per thread. The thread's
// data is released when the thread exits. False when memory for the thread's data ran out.
bool ensure_ode_thread();

// Makes building a scene on this thread survive running out of memory. ODE uses the result
// of a failed allocation (a segfault in dCreateCylinder was seen), so ODE allocates through
// handlers of ours, and a guard holds a reserve while a scene is built: an ODE allocation
// that fails gives the reserve back and is retried, and exhausted() then tells the builder to
// throw the finished scene away and report std::bad_alloc. The reserve is far larger than a
// scene needs, so ODE never sees a failure. Guards on one thread must not nest.
class BuildGuard {
 public:
  // Initialises ODE on this thread and takes the reserve; throws std::bad_alloc if either fails
  // (then ODE was never asked for anything).
  BuildGuard();
  ~BuildGuard();
  BuildGuard(const BuildGuard&) = delete;
  BuildGuard& operator=(const BuildGuard&) = delete;

  // Memory ran out since the guard was made: whatever was built must be given up.
  bool exhausted() const;
};

// Makes `world` step in this thread's arena: the working memory of a world owned by this
// thread, shared (dWorldUseSharedWorkingMemory) by every world stepped here. One arena per
// thread instead of 20-40 KiB per env, and it stops growing once it has seen the largest
// island. `bound` remembers which arena the world uses now (0: none yet), so that only a world
// that moved to another thread is rebound. Call ensure_ode_thread() first.
void use_thread_arena(dWorldID world, uint64_t& bound);

// Destroys a world that may share a thread's arena (see use_thread_arena).
void destroy_world(dWorldID world);

}  // namespace arm
}  // namespace csim
