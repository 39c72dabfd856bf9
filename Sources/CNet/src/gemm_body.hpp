// Bodies of the GEMM and one-hot kernels, included once per instruction set (gemm_baseline.cpp and
// gemm_avx2.cpp); `Eigen` may be a renamed namespace there. Maps wrap the caller's memory: no copies.
// No include guard on purpose: each including file wants its own copy.

namespace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstMap = Eigen::Map<const RowMatrix>;
using MutableMap = Eigen::Map<RowMatrix>;

void a_bt(const float* a, const float* b, float* c, int m, int n, int k) {
  MutableMap(c, m, n).noalias() = ConstMap(a, m, k) * ConstMap(b, n, k).transpose();
}

void at_b_add(const float* a, const float* b, float* c, int m, int n, int k) {
  MutableMap(c, m, n).noalias() += ConstMap(a, k, m).transpose() * ConstMap(b, k, n);
}

void a_b(const float* a, const float* b, float* c, int m, int n, int k) {
  MutableMap(c, m, n).noalias() = ConstMap(a, m, k) * ConstMap(b, k, n);
}

// The one-hot loops, with the row width a compile-time constant where it is a common hidden
// size: the accumulator then lives in vector registers across all of a sample's rows instead
// of being reloaded and stored per row (the compiler cannot prove `z` and `table` do not alias).
template <int kOut>
void onehot_sum_fixed(const float* table, const float* bias, const int32_t* indices, int batch, int per_row,
                      float* z) {
  for (int i = 0; i < batch; ++i) {
    float acc[kOut];
    for (int o = 0; o < kOut; ++o) acc[o] = bias[o];
    const int32_t* active = indices + static_cast<long>(i) * per_row;
    for (int j = 0; j < per_row; ++j) {
      const float* w = table + static_cast<long>(active[j]) * kOut;
      for (int o = 0; o < kOut; ++o) acc[o] += w[o];
    }
    float* row = z + static_cast<long>(i) * kOut;
    for (int o = 0; o < kOut; ++o) row[o] = acc[o];
  }
}

void onehot_sum(const float* table, const float* bias, const int32_t* indices, int batch, int per_row, int out,
                float* z) {
  switch (out) {
    case 32: return onehot_sum_fixed<32>(table, bias, indices, batch, per_row, z);
    case 64: return onehot_sum_fixed<64>(table, bias, indices, batch, per_row, z);
    case 128: return onehot_sum_fixed<128>(table, bias, indices, batch, per_row, z);
    default: break;
  }
  for (int i = 0; i < batch; ++i) {
    float* row = z + static_cast<long>(i) * out;
    for (int o = 0; o < out; ++o) row[o] = bias[o];
    const int32_t* active = indices + static_cast<long>(i) * per_row;
    for (int j = 0; j < per_row; ++j) {
      const float* __restrict w = table + static_cast<long>(active[j]) * out;
      for (int o = 0; o < out; ++o) row[o] += w[o];
    }
  }
}

// One block of samples [first, end) of onehot_scatter_fixed.
template <int kOut>
void onehot_scatter_block(const float* delta, const int32_t* indices, int first, int end, int per_row,
                          float* d_table) {
  for (int j = 0; j < per_row; ++j) {
    int32_t current = indices[static_cast<long>(first) * per_row + j];
    float acc[kOut];
    for (int o = 0; o < kOut; ++o) acc[o] = delta[static_cast<long>(first) * kOut + o];
    for (int i = first + 1; i < end; ++i) {
      const int32_t index = indices[static_cast<long>(i) * per_row + j];
      const float* d = delta + static_cast<long>(i) * kOut;
      if (index != current) {
        float* g = d_table + static_cast<long>(current) * kOut;
        for (int o = 0; o < kOut; ++o) g[o] += acc[o];
        current = index;
        for (int o = 0; o < kOut; ++o) acc[o] = d[o];
      } else {
        for (int o = 0; o < kOut; ++o) acc[o] += d[o];
      }
    }
    float* g = d_table + static_cast<long>(current) * kOut;
    for (int o = 0; o < kOut; ++o) g[o] += acc[o];
  }
}

template <int kOut>
void onehot_scatter_fixed(const float* delta, const int32_t* indices, int batch, int per_row, float* d_table) {
  // Feature by feature rather than sample by sample: at one feature (a grid cell) most samples
  // show one of a few categories (wall, unseen, floor), so consecutive samples often hit the same
  // table row; their deltas are summed in registers and the row is written once per run.
  // In blocks of 64 samples, whose deltas (32 KiB at width 128) stay in L1 while every feature
  // reads them: over the whole batch each feature streamed them from L2 again (measured at batch
  // 512, 50 features, AVX-512: 236 µs unblocked, 175 in blocks of 32, 139 in blocks of 64).
  constexpr int kBlock = 64;
  for (int first = 0; first < batch; first += kBlock) {
    const int end = batch - first < kBlock ? batch : first + kBlock;
    onehot_scatter_block<kOut>(delta, indices, first, end, per_row, d_table);
  }
}

void onehot_scatter(const float* delta, const int32_t* indices, int batch, int per_row, int out, float* d_table) {
  switch (out) {
    case 32: return onehot_scatter_fixed<32>(delta, indices, batch, per_row, d_table);
    case 64: return onehot_scatter_fixed<64>(delta, indices, batch, per_row, d_table);
    case 128: return onehot_scatter_fixed<128>(delta, indices, batch, per_row, d_table);
    default: break;
  }
  for (int i = 0; i < batch; ++i) {
    const float* __restrict d = delta + static_cast<long>(i) * out;
    const int32_t* active = indices + static_cast<long>(i) * per_row;
    for (int j = 0; j < per_row; ++j) {
      float* g = d_table + static_cast<long>(active[j]) * out;
      for (int o = 0; o < out; ++o) g[o] += d[o];
    }
  }
}

void tanh_in_place(float* x, int64_t n) {
  Eigen::Map<Eigen::ArrayXf> all(x, static_cast<Eigen::Index>(n));
  all = all.tanh();
}

void tanh_backward(const float* __restrict y, const float* d_y, float* delta, int64_t n) {
  for (int64_t i = 0; i < n; ++i) delta[i] = d_y[i] * (1.0f - y[i] * y[i]);
}

double gradient_sum(float* __restrict target, const float* const* sources, int num_sources, int64_t n) {
  for (int s = 0; s < num_sources; ++s) {
    const float* __restrict source = sources[s];
    for (int64_t i = 0; i < n; ++i) target[i] += source[i];
  }
  // Squares in double, as cnet_clip_grad_norm sums them (float would lose the small ones), into
  // independent partial sums: one running sum is a chain of dependent adds that cannot vectorise
  // (measured: 5% of a PPO run).
  constexpr int kLanes = 16;
  double partial[kLanes] = {};
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (int j = 0; j < kLanes; ++j) partial[j] += static_cast<double>(target[i + j]) * target[i + j];
  }
  for (; i < n; ++i) partial[0] += static_cast<double>(target[i]) * target[i];
  double sum = 0.0;
  for (int j = 0; j < kLanes; ++j) sum += partial[j];
  return sum;
}

// Categorical head, one row of n logits. Eigen's vectorised exp over this instruction set's
// packets, with float sums (Eigen's packet-wise reduction): from SSE2 with double sums to
// AVX-512 with float ones, 2,315 logits (Wordle) went from about 6 to 0.8 ns per logit
// (a microbenchmark, while another job ran).
// e (and p below) is a 64-byte aligned workspace, declared so: Eigen then starts its vector loops
// and its sum's lanes at element 0 instead of wherever the address is aligned, and computes no
// element through its scalar path, so the results do not depend on where e lies (workspace.hpp).
using AlignedArray = Eigen::Map<Eigen::ArrayXf, Eigen::Aligned64>;
using ConstAlignedArray = Eigen::Map<const Eigen::ArrayXf, Eigen::Aligned64>;

// e = exp(row − max(row)); returns the log-sum-exp log Σ exp(row), and max(row) in *top.
float categorical_exp(const float* row, int n, float* e, float* top) {
  Eigen::Map<const Eigen::ArrayXf> r(row, n);
  AlignedArray out(e, n);
  *top = r.maxCoeff();
  out = (r - *top).exp();
  return *top + std::log(out.sum());
}

// p = softmax(row) from categorical_exp's e (in place); returns the entropy −Σ p (row − lse).
float categorical_softmax(const float* row, int n, float top, float lse, float* p) {
  Eigen::Map<const Eigen::ArrayXf> r(row, n);
  AlignedArray probabilities(p, n);
  probabilities *= std::exp(top - lse);
  return -(probabilities * (r - lse)).sum();
}

// d = w_log_p · dlog p_a/dz + w_h · dH/dz without the one-hot term: dlog p_a/dz_j = [j = a] − p_j,
// dH/dz_j = −p_j (log p_j + H); the caller adds w_log_p at the action taken.
void categorical_gradient(const float* row, const float* p, int n, float lse, float entropy, float w_log_p,
                          float w_h, float* d) {
  Eigen::Map<const Eigen::ArrayXf> r(row, n);
  ConstAlignedArray probabilities(p, n);
  Eigen::Map<Eigen::ArrayXf> out(d, n);
  out = -w_log_p * probabilities - w_h * probabilities * ((r - lse) + entropy);
}

// Index sums, output by output from the index as given (outputs x per_output): each output's
// reads are independent and it is stored once. (Slot by slot, reading and writing the output row
// per slot, was slower; compilers do not turn either into gathers.)
void index_sum(const float* in, int batch, int in_width, const int32_t* __restrict index, int num_outputs,
               int per_output, float* out) {
  for (int i = 0; i < batch; ++i) {
    const float* __restrict x = in + static_cast<long>(i) * in_width;
    float* __restrict y = out + static_cast<long>(i) * num_outputs;
    if (per_output == 5) {  // Wordle's words: the loop over the slots unrolled
      for (int o = 0; o < num_outputs; ++o) {
        const int32_t* s = index + 5L * o;
        y[o] = ((x[s[0]] + x[s[1]]) + (x[s[2]] + x[s[3]])) + x[s[4]];
      }
      continue;
    }
    for (int o = 0; o < num_outputs; ++o) {
      const int32_t* s = index + static_cast<long>(per_output) * o;
      float sum = 0.0f;
      for (int k = 0; k < per_output; ++k) sum += x[s[k]];
      y[o] = sum;
    }
  }
}

// The transpose as gathered sums, one per input: a scatter (d_in[index] += d_out) chains
// dependent adds through memory wherever neighbouring outputs share an input (alphabetical
// words share their first letters), which made it several times slower. Four accumulators keep
// the adds independent.
void index_sum_transpose(const float* d_out, int batch, int num_outputs, const int32_t* __restrict order,
                         const int32_t* __restrict starts, int in_width, float* d_in) {
  for (int i = 0; i < batch; ++i) {
    const float* __restrict g = d_out + static_cast<long>(i) * num_outputs;
    float* __restrict d = d_in + static_cast<long>(i) * in_width;
    for (int j = 0; j < in_width; ++j) {
      float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      int t = starts[j];
      const int end = starts[j + 1];
      for (; t + 4 <= end; t += 4) {
        a0 += g[order[t]];
        a1 += g[order[t + 1]];
        a2 += g[order[t + 2]];
        a3 += g[order[t + 3]];
      }
      for (; t < end; ++t) a0 += g[order[t]];
      d[j] = (a0 + a1) + (a2 + a3);
    }
  }
}

// sqrt without errno, so the loop vectorises (std::sqrt's domain check keeps it scalar); v >= 0.
inline float sqrt_no_errno(float x) {
#if defined(__has_builtin)
#if __has_builtin(__builtin_elementwise_sqrt)
#define CNET_ELEMENTWISE_SQRT 1
#endif
#endif
#ifdef CNET_ELEMENTWISE_SQRT
  return __builtin_elementwise_sqrt(x);
#else
  return std::sqrt(x);
#endif
}

void adam(float* __restrict parameters, const float* __restrict gradients, float scale, float* __restrict m,
          float* __restrict v, int64_t n, float beta1, float beta2, float step_size, float inv_sqrt_bias2,
          float epsilon) {
#if defined(__clang__)
  // No fused multiply-adds: every instruction set rounds exactly as torch.optim.Adam's float ops.
#pragma clang fp contract(off)
#endif
  for (int64_t i = 0; i < n; ++i) {
    const float g = gradients[i] * scale;
    m[i] = beta1 * m[i] + (1.0f - beta1) * g;
    v[i] = beta2 * v[i] + (1.0f - beta2) * g * g;
    parameters[i] -= step_size * m[i] / (sqrt_no_errno(v[i]) * inv_sqrt_bias2 + epsilon);
  }
}

// This instruction set's table.
constexpr cnet::GemmKernels kKernels = {a_bt,          at_b_add,      a_b,          onehot_sum, onehot_scatter,
                                        tanh_in_place, tanh_backward, gradient_sum, adam,
                                        categorical_exp, categorical_softmax, categorical_gradient,
                                        index_sum,     index_sum_transpose};

}  // namespace
