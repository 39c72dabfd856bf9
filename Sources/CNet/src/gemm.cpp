// Chooses the GEMM kernels once per process from what the CPU supports; cnet_set_simd overrides.
#include "gemm.hpp"

#include <atomic>

#include "errors.hpp"

namespace {

bool cpu_has_avx2_fma() {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

const cnet::GemmKernels* best_available() {
  const cnet::GemmKernels* avx2 = cnet::avx2_gemm();
  return (avx2 != nullptr && cpu_has_avx2_fma()) ? avx2 : &cnet::kBaselineGemm;
}

std::atomic<const cnet::GemmKernels*> current{nullptr};

}  // namespace

const cnet::GemmKernels& cnet::gemm() {
  const GemmKernels* kernels = current.load(std::memory_order_acquire);
  if (kernels == nullptr) {
    kernels = best_available();
    current.store(kernels, std::memory_order_release);
  }
  return *kernels;
}

extern "C" CNetSimd cnet_simd(void) {
  return &cnet::gemm() == &cnet::kBaselineGemm ? CNET_SIMD_BASELINE : CNET_SIMD_AVX2_FMA;
}

extern "C" CNetStatus cnet_set_simd(CNetSimd simd) {
  return cnet::guarded([&] {
    switch (simd) {
      case CNET_SIMD_BASELINE:
        current.store(&cnet::kBaselineGemm, std::memory_order_release);
        return;
      case CNET_SIMD_AVX2_FMA:
        if (cnet::avx2_gemm() == nullptr || !cpu_has_avx2_fma()) {
          cnet::fail(CNET_ERROR_INVALID_ARGUMENT, "AVX2+FMA kernels are not available on this CPU or build");
        }
        current.store(cnet::avx2_gemm(), std::memory_order_release);
        return;
    }
    cnet::fail(CNET_ERROR_INVALID_ARGUMENT, "unknown SIMD level " + std::to_string(static_cast<int>(simd)));
  });
}
