#include "arm_ode.hpp"

#include <atomic>
#include <cstdarg>
#include <cstdint>
#include <mutex>

#include <ode/ode.h>

namespace csim {
namespace arm {

namespace {

// Guards the reference counts of shared arenas: ODE's are not atomic, and a world moving
// from thread A's arena to thread B's releases A's arena on thread B while A may be binding
// another world to it.
std::mutex& arena_mutex() {
  static std::mutex mutex;
  return mutex;
}

// Owns this thread's ODE data; the destructor runs when the thread exits.
struct ThreadData {
  bool ready = false;
  dWorldID arena = nullptr;
  // Names this thread's arena for good: a later thread's arena world may reuse the address.
  uint64_t arena_id = 0;
  ~ThreadData() {
    // Worlds still sharing the arena keep it alive through its reference count.
    if (arena != nullptr) {
      std::lock_guard<std::mutex> lock(arena_mutex());
      dWorldDestroy(arena);
    }
    if (ready) dCleanupODEAllDataForThread();
  }
};

thread_local ThreadData data;

void ignore_message(int /*number*/, const char* /*format*/, va_list /*arguments*/) {}

}  // namespace

void ensure_ode_thread() {
  static std::once_flag once;
  // Manual thread cleanup: our ThreadData destructor, not ODE, frees each thread's data.
  std::call_once(once, [] {
    dInitODE2(dInitFlagManualThreadCleanup);
    // ODE reports recoverable solver trouble ("LCP internal error") on stderr; a library must
    // not write to its host's stderr, and the per-step fault check catches what matters.
    dSetMessageHandler(&ignore_message);
  });
  if (!data.ready) {
    dAllocateODEDataForThread(dAllocateMaskAll);
    data.ready = true;
  }
}

static dWorldID thread_arena() {
  if (data.arena == nullptr) {
    // The arena world steps on ODE's global default threading implementation, which is not
    // thread-safe: two threads making their arenas at once failed ODE's job-pool assertion
    // (seen once in a full test run). Arenas are made once per thread, so a lock costs nothing.
    std::lock_guard<std::mutex> lock(arena_mutex());
    static std::atomic<uint64_t> next_id{1};
    data.arena_id = next_id.fetch_add(1, std::memory_order_relaxed);
    data.arena = dWorldCreate();
    // Reserve generously (this is per thread): the arena should never need to grow.
    dWorldStepReserveInfo reserve{};
    reserve.struct_size = sizeof(reserve);
    reserve.reserve_factor = 1.5f;
    reserve.reserve_minimum = 256 * 1024;  // per thread, not per env: room to spare
    dWorldSetStepMemoryReservationPolicy(data.arena, &reserve);
    // Step the arena's own world once (with one body, so that it really steps) to make it the
    // owner of the arena's synchronisation objects. Otherwise the first env world stepped
    // here would own them, and the arena would keep a dangling pointer to that world after
    // the world moved to another thread and was destroyed (a crash at the arena's end).
    dBodySetGravityMode(dBodyCreate(data.arena), 0);
    dWorldStep(data.arena, 0.001);
  }
  return data.arena;
}

void use_thread_arena(dWorldID world, uint64_t& bound) {
  const dWorldID arena = thread_arena();
  if (bound == data.arena_id) return;
  std::lock_guard<std::mutex> lock(arena_mutex());
  dWorldUseSharedWorkingMemory(world, nullptr);  // detach first: ODE refuses to switch
  dWorldUseSharedWorkingMemory(world, arena);
  bound = data.arena_id;
}

void destroy_world(dWorldID world) {
  std::lock_guard<std::mutex> lock(arena_mutex());
  dWorldDestroy(world);
}

}  // namespace arm
}  // namespace csim
