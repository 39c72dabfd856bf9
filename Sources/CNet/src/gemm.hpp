// The three matrix products of an MLP's forward and backward passes, and the other hot loops of
// a learner step, behind a table of function pointers so that one build can carry a baseline and
// an AVX2+FMA version (see gemm_avx2.cpp).
// All matrices are row-major float32; sizes are rows x columns.
#pragma once

#include "cnet.h"

namespace cnet {

struct GemmKernels {
  // C (m x n) = A (m x k) · Bᵀ, B (n x k): a layer's forward, Z = A Wᵀ.
  void (*a_bt)(const float* a, const float* b, float* c, int m, int n, int k);
  // C (m x n) += Aᵀ · B, A (k x m), B (k x n): a weight gradient, dW += δᵀ A.
  void (*at_b_add)(const float* a, const float* b, float* c, int m, int n, int k);
  // C (m x n) = A (m x k) · B, B (k x n): an input gradient, dA = δ W.
  void (*a_b)(const float* a, const float* b, float* c, int m, int n, int k);
  // One-hot layer, pre-activation: Z[i] = bias + Σ_j table[indices[i, j]] (rows of width out).
  void (*onehot_sum)(const float* table, const float* bias, const int32_t* indices, int batch, int per_row,
                     int out, float* z);
  // One-hot layer, weight gradient: dTable[indices[i, j]] += delta[i] for every i, j.
  void (*onehot_scatter)(const float* delta, const int32_t* indices, int batch, int per_row, int out,
                         float* d_table);
  // x = tanh(x), n floats in place (Eigen's rational approximation).
  void (*tanh_in_place)(float* x, int64_t n);
  // delta = d_y * (1 - y²), the gradient through y = tanh(z); delta may be d_y.
  void (*tanh_backward)(const float* y, const float* d_y, float* delta, int64_t n);
  // target += sources[0] + ... (n floats each); returns the sum of target's squares, in double.
  double (*gradient_sum)(float* target, const float* const* sources, int num_sources, int64_t n);
  // Adam over n parameters from gradients times `scale` (torch.optim.Adam's arithmetic, see adam.cpp).
  void (*adam)(float* parameters, const float* gradients, float scale, float* m, float* v, int64_t n, float beta1,
               float beta2, float step_size, float inv_sqrt_bias2, float epsilon);
  // Categorical head, one row of n logits (see categorical.cpp): e = exp(row − max), returning
  // the log-sum-exp and the max; e → softmax in place, returning the entropy; the gradient of
  // w_log_p · log p_a + w_h · H without its one-hot term. e and p must lie on 64-byte boundaries
  // (workspace.hpp): the results would otherwise depend on their addresses.
  float (*categorical_exp)(const float* row, int n, float* e, float* top);
  float (*categorical_softmax)(const float* row, int n, float top, float lse, float* p);
  void (*categorical_gradient)(const float* row, const float* p, int n, float lse, float entropy, float w_log_p,
                               float w_h, float* d);
  // Index sums (index_sum.cpp): out[i, o] = Σ_k in[i, index[o · per_output + k]], and the
  // transpose d_in[i, j] = Σ d_out[i, order[t]] for t in starts[j]..starts[j+1].
  void (*index_sum)(const float* in, int batch, int in_width, const int32_t* index, int num_outputs,
                    int per_output, float* out);
  void (*index_sum_transpose)(const float* d_out, int batch, int num_outputs, const int32_t* order,
                              const int32_t* starts, int in_width, float* d_in);
};

// The kernels compiled with the build's own flags (SSE2 on x86-64 under SwiftPM).
extern const GemmKernels kBaselineGemm;

// The AVX2+FMA kernels, or nullptr where they are not compiled in (not x86-64, not clang).
const GemmKernels* avx2_gemm();

// The AVX-512 (F, VL, DQ, BW) kernels, or nullptr where they are not compiled in.
const GemmKernels* avx512_gemm();

// The kernels in use: the best the CPU supports, unless cnet_set_simd chose otherwise.
const GemmKernels& gemm();

}  // namespace cnet
