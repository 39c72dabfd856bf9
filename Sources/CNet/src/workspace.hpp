// Per-thread float workspaces on 64-byte boundaries (a cache line, and AVX-512's packet).
//
// The boundary is part of the result, not only of the speed: Eigen runs the elements before a
// buffer's first aligned packet through scalar code (libm's exp instead of its own polynomial)
// and starts its sums' vector lanes there. A workspace wherever malloc put it thus gave results
// that changed with the thread and the heap's layout (same-seed Wordle training differed from
// run to run); on a fixed boundary they depend on the data alone.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>

namespace cnet {

class AlignedWorkspace {
 public:
  static constexpr size_t kAlignment = 64;

  AlignedWorkspace() = default;
  AlignedWorkspace(const AlignedWorkspace&) = delete;
  AlignedWorkspace& operator=(const AlignedWorkspace&) = delete;
  ~AlignedWorkspace() { std::free(data_); }

  // At least `count` floats on a kAlignment boundary; grows, never shrinks. The contents are
  // not kept across growth.
  float* reserve(size_t count) {
    if (count_ < count) {
      std::free(data_);
      data_ = static_cast<float*>(std::aligned_alloc(kAlignment, (count * sizeof(float) + kAlignment - 1) /
                                                                     kAlignment * kAlignment));
      count_ = data_ != nullptr ? count : 0;
      if (data_ == nullptr) throw std::bad_alloc();
    }
    return data_;
  }

 private:
  float* data_ = nullptr;
  size_t count_ = 0;
};

}  // namespace cnet
