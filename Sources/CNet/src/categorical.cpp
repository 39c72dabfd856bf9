// Categorical policy head over logits: log-probabilities, entropy, their weighted gradient, sampling.
// Rows run from a handful of actions (grid worlds) to thousands (Wordle's words): the per-row
// exponentials, sums and gradient run in the instruction set's kernels (gemm_body.hpp), where a
// scalar libm exp per logit, and then SSE2 with double sums, dominated training on Wordle.
#include <cmath>
#include <string>

#include "errors.hpp"
#include "gemm.hpp"
#include "workspace.hpp"

namespace {

void require_shape(int32_t batch, int32_t num_actions) {
  cnet::require_positive(batch, "batch");
  cnet::require_positive(num_actions, "num_actions");
}

// Per-thread workspace for one row of exponentials (grows once to the widest row seen), on the
// 64-byte boundary the kernels require: see workspace.hpp for why results depend on it.
float* row_scratch(int32_t n) {
  thread_local cnet::AlignedWorkspace scratch;
  return scratch.reserve(static_cast<size_t>(n));
}

}  // namespace

extern "C" CNetStatus cnet_categorical_evaluate(const float* logits, int64_t logits_length, int32_t batch,
                                                int32_t num_actions, const int32_t* actions,
                                                int64_t actions_length, float* log_probs, int64_t log_probs_length,
                                                float* entropy, int64_t entropy_length,
                                                const float* log_prob_weights, int64_t log_prob_weights_length,
                                                const float* entropy_weights, int64_t entropy_weights_length,
                                                float* d_logits, int64_t d_logits_length) {
  return cnet::guarded([&] {
    require_shape(batch, num_actions);
    const int64_t cells = static_cast<int64_t>(batch) * num_actions;
    cnet::require_buffer(logits, logits_length, cells, "logits");
    cnet::require_buffer(actions, actions_length, batch, "actions");
    cnet::check_optional(log_probs, log_probs_length, batch, "log_probs");
    cnet::check_optional(entropy, entropy_length, batch, "entropy");
    cnet::check_optional(log_prob_weights, log_prob_weights_length, batch, "log_prob_weights");
    cnet::check_optional(entropy_weights, entropy_weights_length, batch, "entropy_weights");
    cnet::check_optional(d_logits, d_logits_length, cells, "d_logits");
    for (int32_t i = 0; i < batch; ++i) {
      if (actions[i] < 0 || actions[i] >= num_actions) {
        cnet::fail(CNET_ERROR_INVALID_ARGUMENT, "actions[" + std::to_string(i) + "] = " + std::to_string(actions[i]) +
                                                    " is outside [0, " + std::to_string(num_actions) + ")");
      }
    }
    const cnet::GemmKernels& kernels = cnet::gemm();
    float* p = row_scratch(num_actions);
    for (int32_t i = 0; i < batch; ++i) {
      const float* row = logits + static_cast<int64_t>(i) * num_actions;
      float top = 0.0f;
      const float lse = kernels.categorical_exp(row, num_actions, p, &top);
      const float h = kernels.categorical_softmax(row, num_actions, top, lse, p);
      if (log_probs) log_probs[i] = row[actions[i]] - lse;
      if (entropy) entropy[i] = h;
      if (d_logits) {
        const float w_log_p = log_prob_weights ? log_prob_weights[i] : 0.0f;
        const float w_h = entropy_weights ? entropy_weights[i] : 0.0f;
        float* d = d_logits + static_cast<int64_t>(i) * num_actions;
        kernels.categorical_gradient(row, p, num_actions, lse, h, w_log_p, w_h, d);
        d[actions[i]] += w_log_p;
      }
    }
  });
}

extern "C" CNetStatus cnet_categorical_sample(const float* logits, int64_t logits_length, int32_t batch,
                                              int32_t num_actions, const float* uniforms, int64_t uniforms_length,
                                              int32_t* actions, int64_t actions_length, float* log_probs,
                                              int64_t log_probs_length) {
  return cnet::guarded([&] {
    require_shape(batch, num_actions);
    cnet::require_buffer(logits, logits_length, static_cast<int64_t>(batch) * num_actions, "logits");
    cnet::require_buffer(uniforms, uniforms_length, batch, "uniforms");
    cnet::require_buffer(actions, actions_length, batch, "actions");
    cnet::check_optional(log_probs, log_probs_length, batch, "log_probs");
    for (int32_t i = 0; i < batch; ++i) {
      if (!(uniforms[i] >= 0.0f && uniforms[i] < 1.0f)) {
        cnet::fail(CNET_ERROR_INVALID_ARGUMENT, "uniforms[" + std::to_string(i) + "] is outside [0, 1)");
      }
    }
    const cnet::GemmKernels& kernels = cnet::gemm();
    float* e = row_scratch(num_actions);
    for (int32_t i = 0; i < batch; ++i) {
      const float* row = logits + static_cast<int64_t>(i) * num_actions;
      float top = 0.0f;
      const float lse = kernels.categorical_exp(row, num_actions, e, &top);
      // e holds exp(row − max): invert the CDF in those units (their sum, not 1).
      const double total = std::exp(static_cast<double>(lse) - static_cast<double>(top));
      const double target = static_cast<double>(uniforms[i]) * total;
      int32_t chosen = -1, last_possible = 0;
      double cumulative = 0.0;
      for (int32_t j = 0; j < num_actions; ++j) {
        if (e[j] > 0.0f) last_possible = j;
        cumulative += e[j];
        if (target < cumulative && e[j] > 0.0f) {
          chosen = j;
          break;
        }
      }
      if (chosen < 0) chosen = last_possible;
      actions[i] = chosen;
      if (log_probs) log_probs[i] = static_cast<float>(row[chosen] - lse);
    }
  });
}
