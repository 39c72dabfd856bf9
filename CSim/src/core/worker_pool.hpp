// A fixed set of worker threads that split a range of environments between them.
//
// Batches are short (tens of microseconds), so a dispatch must cost far less than a
// thread wake-up through the kernel: workers spin on an atomic generation counter for
// a while before sleeping on a condition variable. The caller always does the first
// chunk itself, so one thread means no workers and no synchronisation at all.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace csim {

class WorkerPool {
 public:
  // A chunk of work: [begin, end) of the range given to run().
  using Task = void (*)(void* context, int32_t begin, int32_t end);

  explicit WorkerPool(int32_t num_threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  int32_t num_threads() const { return static_cast<int32_t>(workers_.size()) + 1; }

  // Runs task over [0, count) split into contiguous chunks, one per thread, and returns
  // when all chunks are done. Not re-entrant.
  void run(Task task, void* context, int32_t count);

 private:
  void worker_loop(int32_t index);
  void chunk(int32_t part, int32_t& begin, int32_t& end) const;

  std::vector<std::thread> workers_;
  std::atomic<uint64_t> generation_{0};
  std::atomic<int32_t> pending_{0};
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  Task task_ = nullptr;
  void* context_ = nullptr;
  int32_t count_ = 0;
};

// Number of hardware threads (at least 1).
int32_t hardware_threads();

}  // namespace csim
