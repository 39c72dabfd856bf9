// A fixed set of worker threads that share out a range of environments.
//
// Batches are short (tens of microseconds), so a dispatch must cost far less than a
// thread wake-up through the kernel: workers spin on an atomic ticket for a while before
// sleeping on a condition variable. The range is cut into many small chunks that threads
// claim one at a time, so a thread the OS does not schedule (the other core is busy) holds
// up nothing: whoever runs takes the remaining chunks, and the caller always takes part.
// One thread means no workers and no synchronisation at all.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace csim {

// Thrown by the pool's constructor when the system refuses a thread (out of memory for its
// stack, or a limit on threads). The threads already started have been stopped and joined.
struct ThreadStartError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class WorkerPool {
 public:
  // A chunk of work: [begin, end) of the range given to run().
  using Task = void (*)(void* context, int32_t begin, int32_t end);

  // Starts num_threads - 1 workers (the caller is the last one). Throws ThreadStartError.
  explicit WorkerPool(int32_t num_threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  int32_t num_threads() const { return static_cast<int32_t>(workers_.size()) + 1; }

  // Runs task over [0, count) and returns when every chunk is done. Not re-entrant.
  void run(Task task, void* context, int32_t count);

 private:
  void worker_loop();
  // Tells every started worker to return and joins it.
  void stop_workers();
  // Claims and runs chunks of job `generation` until none are left. Returns how many it ran.
  int32_t work_on(uint32_t generation);

  std::vector<std::thread> workers_;
  // The ticket packs (generation << 32) | (chunk count << 16) | next chunk. A thread may run
  // a chunk only after claiming it with a compare-and-swap on the whole ticket, so a late
  // worker can never claim a chunk of a job that has finished or touch the next job's fields.
  std::atomic<uint64_t> ticket_{0};
  std::atomic<int32_t> completed_{0};
  // Set before the final ticket is published, so a worker that sees that ticket sees it.
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  // Job fields: written by run() before the ticket is published, read only by a thread
  // that holds a claimed chunk of that job (run() waits for all of them before returning).
  Task task_ = nullptr;
  void* context_ = nullptr;
  int32_t count_ = 0;
  int32_t chunks_ = 0;
};

// Number of hardware threads (at least 1).
int32_t hardware_threads();

}  // namespace csim
