// The predefined macros of an AVX2+FMA build (and of every x86 extension below it), defined by
// gemm_avx2.cpp and gemm_avx512.cpp after the standard headers, so that Eigen picks its wide packets.
// No include guard: each includer wants them once, and after its own checks.
#define __SSE3__ 1
#define __SSSE3__ 1
#define __SSE4_1__ 1
#define __SSE4_2__ 1
#define __AVX__ 1
#define __AVX2__ 1
#define __FMA__ 1
