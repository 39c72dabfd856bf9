// The GEMM kernels again, for AVX2+FMA, inside a build whose flags allow only SSE2.
//
// SwiftPM compiles C++ without -march and a package must not use unsafeFlags, so target_clones
// would be the usual tool, but it does not help Eigen: Eigen picks its SIMD width from the
// __AVX2__/__FMA__ macros at preprocessing time, so a cloned wrapper still runs SSE2 packets
// (measured: 26 GFLOP/s either way). Instead this file
//   1. includes every standard header Eigen uses first, so no std inline function below is
//      compiled for AVX2 (the linker could otherwise pick that copy for the baseline code);
//   2. defines the instruction-set macros and gives every function that follows the
//      target("avx2,fma") attribute (#pragma clang attribute), so Eigen emits AVX2+FMA code;
//   3. renames namespace Eigen to EigenAVX2, so its inline and template functions cannot be
//      merged with the baseline ones of the same name (an ODR clash).
// gemm.cpp calls these only when the CPU reports AVX2 and FMA. Elsewhere (arm64, GCC) this file
// compiles to a stub.
#include "gemm.hpp"

#if defined(__x86_64__) && defined(__clang__) && !defined(__AVX2__)

#include "gemm_std_headers.hpp"

#include "gemm_avx2_macros.hpp"
#define Eigen EigenAVX2
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#include <Eigen/Core>

#include "gemm_body.hpp"
#pragma clang attribute pop
#undef Eigen

const cnet::GemmKernels* cnet::avx2_gemm() { return &kKernels; }

#elif defined(__x86_64__) && defined(__AVX2__) && defined(__FMA__)

// The whole build already targets AVX2+FMA: the baseline kernels are the AVX2 ones.
const cnet::GemmKernels* cnet::avx2_gemm() { return &cnet::kBaselineGemm; }

#else

const cnet::GemmKernels* cnet::avx2_gemm() { return nullptr; }

#endif
