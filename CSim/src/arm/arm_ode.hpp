// ODE's process-wide and per-thread set-up, in one place.
//
// ODE keeps collision scratch data per thread: every thread that creates, collides or steps
// a world must have called dAllocateODEDataForThread first (measured: sharing it crashed
// 6 of 6 runs). The core's worker pool knows nothing about ODE, so the arm calls
// ensure_ode_thread() at the top of reset and step: a thread-local flag makes that one
// predictable branch after the first call on each thread.
#pragma once

namespace csim {
namespace arm {

// Initialises ODE once per process and this thread's ODE data once per thread. The thread's
// data is released when the thread exits.
void ensure_ode_thread();

}  // namespace arm
}  // namespace csim
