#include "worker_pool.hpp"

#include <string>
#include <system_error>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CSIM_PAUSE() _mm_pause()
#else
#define CSIM_PAUSE() std::this_thread::yield()
#endif

namespace csim {

namespace {
// About 20-50 µs of spinning before a thread sleeps: longer than the gap between the
// steps of a rollout loop, far shorter than anything a user would notice as busy CPU.
constexpr int kSpinIterations = 20000;
// Chunks per thread: enough that a thread which is not scheduled leaves little behind,
// few enough that claiming (one compare-and-swap) costs nothing next to the chunk.
constexpr int32_t kChunksPerThread = 16;
constexpr int32_t kMaxChunks = 0xFFFF;

inline uint32_t generation_of(uint64_t t) { return static_cast<uint32_t>(t >> 32); }
inline int32_t chunks_of(uint64_t t) { return static_cast<int32_t>((t >> 16) & 0xFFFF); }
inline int32_t next_of(uint64_t t) { return static_cast<int32_t>(t & 0xFFFF); }
}  // namespace

int32_t hardware_threads() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int32_t>(n);
}

WorkerPool::WorkerPool(int32_t num_threads) {
  int32_t extra = num_threads > 1 ? num_threads - 1 : 0;
  workers_.reserve(static_cast<size_t>(extra));
  for (int32_t i = 0; i < extra; ++i) {
    try {
      workers_.emplace_back([this] { worker_loop(); });
    } catch (const std::exception& e) {  // std::system_error, or std::bad_alloc for its state
      // Unwinding with workers running would destroy the condition variables they wait on
      // (a hang) and then joinable threads (std::terminate): stop them first.
      stop_workers();
      throw ThreadStartError("the system refused to start worker thread " + std::to_string(i + 2) + " of " +
                             std::to_string(num_threads) + " (" + e.what() + ")");
    }
  }
}

WorkerPool::~WorkerPool() { stop_workers(); }

void WorkerPool::stop_workers() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_.store(true, std::memory_order_relaxed);
    uint32_t next = generation_of(ticket_.load(std::memory_order_relaxed)) + 1;
    ticket_.store(static_cast<uint64_t>(next) << 32, std::memory_order_release);
  }
  wake_.notify_all();
  for (auto& t : workers_) t.join();
  workers_.clear();
}

int32_t WorkerPool::work_on(uint32_t generation) {
  int32_t ran = 0;
  uint64_t t = ticket_.load(std::memory_order_acquire);
  for (;;) {
    if (generation_of(t) != generation || next_of(t) >= chunks_of(t)) return ran;
    if (!ticket_.compare_exchange_weak(t, t + 1, std::memory_order_acq_rel, std::memory_order_acquire)) continue;
    // Chunk next_of(t) of this job is ours; run() cannot return before we report it.
    const int64_t part = next_of(t);
    const int32_t begin = static_cast<int32_t>(count_ * part / chunks_);
    const int32_t end = static_cast<int32_t>(count_ * (part + 1) / chunks_);
    if (begin < end) task_(context_, begin, end);
    ++ran;
    if (completed_.fetch_add(1, std::memory_order_acq_rel) + 1 == chunks_) {
      std::lock_guard<std::mutex> lock(mutex_);
      done_.notify_one();
    }
    t = ticket_.load(std::memory_order_acquire);
  }
}

void WorkerPool::run(Task task, void* context, int32_t count) {
  if (workers_.empty() || count <= 1) {
    if (count > 0) task(context, 0, count);
    return;
  }
  int32_t chunks = num_threads() * kChunksPerThread;
  if (chunks > count) chunks = count;
  if (chunks > kMaxChunks) chunks = kMaxChunks;
  task_ = task;
  context_ = context;
  count_ = count;
  chunks_ = chunks;
  completed_.store(0, std::memory_order_relaxed);
  uint32_t generation;
  {
    // The lock orders publishing the job against a worker about to sleep.
    std::lock_guard<std::mutex> lock(mutex_);
    generation = generation_of(ticket_.load(std::memory_order_relaxed)) + 1;
    ticket_.store((static_cast<uint64_t>(generation) << 32) | (static_cast<uint64_t>(chunks) << 16),
                  std::memory_order_release);
  }
  wake_.notify_all();

  work_on(generation);

  for (int i = 0; i < kSpinIterations; ++i) {
    if (completed_.load(std::memory_order_acquire) == chunks) return;
    CSIM_PAUSE();
  }
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [&] { return completed_.load(std::memory_order_acquire) == chunks; });
}

void WorkerPool::worker_loop() {
  // Start from generation 0, not from whatever the ticket says when this thread first
  // runs: run() may already have published a job by then.
  uint32_t seen = 0;
  for (;;) {
    bool woke = false;
    for (int i = 0; i < kSpinIterations; ++i) {
      if (generation_of(ticket_.load(std::memory_order_acquire)) != seen) {
        woke = true;
        break;
      }
      CSIM_PAUSE();
    }
    if (!woke) {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return generation_of(ticket_.load(std::memory_order_acquire)) != seen; });
    }
    if (stopping_.load(std::memory_order_acquire)) return;
    seen = generation_of(ticket_.load(std::memory_order_acquire));
    work_on(seen);
  }
}

}  // namespace csim
