#include "worker_pool.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CSIM_PAUSE() _mm_pause()
#else
#define CSIM_PAUSE() std::this_thread::yield()
#endif

namespace csim {

namespace {
// About 20-50 µs of spinning before a worker sleeps: longer than the gap between the
// steps of a rollout loop, far shorter than anything a user would notice as busy CPU.
constexpr int kSpinIterations = 20000;
}  // namespace

int32_t hardware_threads() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int32_t>(n);
}

WorkerPool::WorkerPool(int32_t num_threads) {
  int32_t extra = num_threads > 1 ? num_threads - 1 : 0;
  workers_.reserve(static_cast<size_t>(extra));
  for (int32_t i = 0; i < extra; ++i) workers_.emplace_back([this, i] { worker_loop(i + 1); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_.store(true, std::memory_order_release);
    generation_.fetch_add(1, std::memory_order_acq_rel);
  }
  wake_.notify_all();
  for (auto& t : workers_) t.join();
}

void WorkerPool::chunk(int32_t part, int32_t& begin, int32_t& end) const {
  int64_t parts = num_threads();
  begin = static_cast<int32_t>(count_ * part / parts);
  end = static_cast<int32_t>(count_ * (part + 1) / parts);
}

void WorkerPool::run(Task task, void* context, int32_t count) {
  if (workers_.empty()) {
    task(context, 0, count);
    return;
  }
  task_ = task;
  context_ = context;
  count_ = count;
  pending_.store(static_cast<int32_t>(workers_.size()), std::memory_order_relaxed);
  {
    // The lock orders the generation bump against a worker about to sleep.
    std::lock_guard<std::mutex> lock(mutex_);
    generation_.fetch_add(1, std::memory_order_acq_rel);
  }
  wake_.notify_all();

  int32_t begin, end;
  chunk(0, begin, end);
  if (begin < end) task(context, begin, end);

  for (int i = 0; i < kSpinIterations; ++i) {
    if (pending_.load(std::memory_order_acquire) == 0) return;
    CSIM_PAUSE();
  }
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [this] { return pending_.load(std::memory_order_acquire) == 0; });
}

void WorkerPool::worker_loop(int32_t index) {
  // Start from the generation at construction (0), not from whatever it is when this
  // thread first runs: run() may already have published a job by then.
  uint64_t seen = 0;
  for (;;) {
    bool woke = false;
    for (int i = 0; i < kSpinIterations; ++i) {
      if (generation_.load(std::memory_order_acquire) != seen) {
        woke = true;
        break;
      }
      CSIM_PAUSE();
    }
    if (!woke) {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return generation_.load(std::memory_order_acquire) != seen; });
    }
    seen = generation_.load(std::memory_order_acquire);
    if (stopping_.load(std::memory_order_acquire)) return;

    int32_t begin, end;
    chunk(index, begin, end);
    if (begin < end) task_(context_, begin, end);

    if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      std::lock_guard<std::mutex> lock(mutex_);
      done_.notify_one();
    }
  }
}

}  // namespace csim
