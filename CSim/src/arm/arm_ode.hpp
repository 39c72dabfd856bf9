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
// data is released when the thread exits.
void ensure_ode_thread();

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
