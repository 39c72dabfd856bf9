#include "arm_ode.hpp"

#include <atomic>
#include <cstdarg>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <new>

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

// Room for ODE to finish a scene after memory ran out: a scene takes a few tens of KiB.
constexpr size_t kReserveBytes = size_t{4} << 20;

// Owns this thread's ODE data; the destructor runs when the thread exits.
struct ThreadData {
  bool ready = false;
  // While a BuildGuard lives: its reserve (nullptr once given back), and whether it was needed.
  void* reserve = nullptr;
  bool exhausted = false;
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

// The reserve goes back to the heap so that the failed allocation can be retried; without a
// guard (a step) the failure is ODE's to handle, as it would be with its default handlers.
bool give_back_reserve() {
  if (data.reserve == nullptr) return false;
  std::free(data.reserve);
  data.reserve = nullptr;
  data.exhausted = true;
  return true;
}

void* allocate(dsizeint size) {
  void* p = std::malloc(size);
  if (p == nullptr && give_back_reserve()) p = std::malloc(size);
  if (p == nullptr) data.exhausted = true;
  return p;
}

void* reallocate(void* old, dsizeint /*old_size*/, dsizeint new_size) {
  void* p = std::realloc(old, new_size);
  if (p == nullptr && give_back_reserve()) p = std::realloc(old, new_size);
  if (p == nullptr) data.exhausted = true;
  return p;
}

}  // namespace

bool ensure_ode_thread() {
  static std::once_flag once;
  // Manual thread cleanup: our ThreadData destructor, not ODE, frees each thread's data.
  std::call_once(once, [] {
    // Before ODE allocates anything. The free handler stays ODE's default, free().
    dSetAllocHandler(&allocate);
    dSetReallocHandler(&reallocate);
    dInitODE2(dInitFlagManualThreadCleanup);
    // ODE reports recoverable solver trouble ("LCP internal error") on stderr; a library must
    // not write to its host's stderr, and the per-step fault check catches what matters.
    dSetMessageHandler(&ignore_message);
  });
  if (!data.ready) data.ready = dAllocateODEDataForThread(dAllocateMaskAll) != 0;
  return data.ready;
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

BuildGuard::BuildGuard() {
  data.exhausted = false;
  data.reserve = std::malloc(kReserveBytes);
  if (data.reserve == nullptr) throw std::bad_alloc();
  const bool ready = ensure_ode_thread();
  // The creating thread steps too: its step arena is made here, where running out is safe.
  if (ready) thread_arena();
  if (!ready || data.exhausted) {
    give_back_reserve();
    throw std::bad_alloc();
  }
}

BuildGuard::~BuildGuard() {
  std::free(data.reserve);
  data.reserve = nullptr;
}

bool BuildGuard::exhausted() const { return data.exhausted; }

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
