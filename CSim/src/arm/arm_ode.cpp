#include "arm_ode.hpp"

#include <mutex>

#include <ode/ode.h>

namespace csim {
namespace arm {

namespace {

// Owns this thread's ODE data; the destructor runs when the thread exits.
struct ThreadData {
  bool ready = false;
  ~ThreadData() {
    if (ready) dCleanupODEAllDataForThread();
  }
};

}  // namespace

void ensure_ode_thread() {
  static std::once_flag once;
  // Manual thread cleanup: our ThreadData destructor, not ODE, frees each thread's data.
  std::call_once(once, [] { dInitODE2(dInitFlagManualThreadCleanup); });
  thread_local ThreadData data;
  if (!data.ready) {
    dAllocateODEDataForThread(dAllocateMaskAll);
    data.ready = true;
  }
}

}  // namespace arm
}  // namespace csim
