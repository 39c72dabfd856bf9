// The kernels a third time, for AVX-512 (F, VL, DQ, BW), built the way gemm_avx2.cpp builds the
// AVX2 ones (standard headers first, instruction-set macros and a target pragma, Eigen renamed).
// Eigen's 16-float packets make the small MLP products about 1.4x faster than AVX2 on a Xeon that
// has AVX-512 (Bench/cnet_bench.sh). gemm.cpp calls these only when the CPU reports all four.
#include "gemm.hpp"

#if defined(__x86_64__) && defined(__clang__) && !defined(__AVX512F__)

#include "gemm_std_headers.hpp"

#include "gemm_avx2_macros.hpp"
#define __AVX512F__ 1
#define __AVX512VL__ 1
#define __AVX512DQ__ 1
#define __AVX512BW__ 1
#define Eigen EigenAVX512
#pragma clang attribute push(__attribute__((target("avx2,fma,avx512f,avx512vl,avx512dq,avx512bw"))), \
                             apply_to = function)
#include <Eigen/Core>

#include "gemm_body.hpp"
#pragma clang attribute pop
#undef Eigen

const cnet::GemmKernels* cnet::avx512_gemm() { return &kKernels; }

#elif defined(__x86_64__) && defined(__AVX512F__) && defined(__AVX512VL__) && defined(__AVX512DQ__) && \
    defined(__AVX512BW__)

// The whole build already targets AVX-512: the baseline kernels are the AVX-512 ones.
const cnet::GemmKernels* cnet::avx512_gemm() { return &cnet::kBaselineGemm; }

#else

const cnet::GemmKernels* cnet::avx512_gemm() { return nullptr; }

#endif
