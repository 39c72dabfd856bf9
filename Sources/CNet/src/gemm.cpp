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

// The runtime's check includes the OS saving the 512-bit registers.
bool cpu_has_avx512() {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
  return cpu_has_avx2_fma() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
         __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw");
#else
  return false;
#endif
}

const cnet::GemmKernels* best_available() {
  const cnet::GemmKernels* avx512 = cnet::avx512_gemm();
  if (avx512 != nullptr && cpu_has_avx512()) return avx512;
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
  const cnet::GemmKernels* kernels = &cnet::gemm();
  if (kernels == &cnet::kBaselineGemm) return CNET_SIMD_BASELINE;
  return kernels == cnet::avx512_gemm() ? CNET_SIMD_AVX512 : CNET_SIMD_AVX2_FMA;
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
      case CNET_SIMD_AVX512:
        if (cnet::avx512_gemm() == nullptr || !cpu_has_avx512()) {
          cnet::fail(CNET_ERROR_INVALID_ARGUMENT, "AVX-512 kernels are not available on this CPU or build");
        }
        current.store(cnet::avx512_gemm(), std::memory_order_release);
        return;
    }
    cnet::fail(CNET_ERROR_INVALID_ARGUMENT, "unknown SIMD level " + std::to_string(static_cast<int>(simd)));
  });
}
