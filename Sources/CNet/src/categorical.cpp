// Categorical policy head over logits: log-probabilities, entropy, their weighted gradient, sampling.
// Rows run from a handful of actions (grid worlds) to thousands (Wordle's words): exponentials
// are vectorised in float, sums and the log-sum-exp kept in double.
#include <Eigen/Dense>
#include <cmath>
#include <vector>

#include "errors.hpp"

namespace {

void require_shape(int32_t batch, int32_t num_actions) {
  cnet::require_positive(batch, "batch");
  cnet::require_positive(num_actions, "num_actions");
}

using ArrayMap = Eigen::Map<Eigen::ArrayXf>;
using ConstArrayMap = Eigen::Map<const Eigen::ArrayXf>;

// exp(row − max(row)) into `e`, vectorised by Eigen (a scalar libm exp per logit dominated
// training with thousands of actions, as Wordle's 2,315), returning log Σ exp(row) in double.
double exp_shifted(const float* row, int32_t n, float* e) {
  ConstArrayMap r(row, n);
  ArrayMap out(e, n);
  const float top = r.maxCoeff();
  out = (r - top).exp();
  return static_cast<double>(top) + std::log(out.cast<double>().sum());
}

// Per-thread workspace for one row of exponentials (grows once to the widest row seen).
float* row_scratch(int32_t n) {
  thread_local std::vector<float> scratch;
  if (scratch.size() < static_cast<size_t>(n)) scratch.resize(static_cast<size_t>(n));
  return scratch.data();
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
    float* e = row_scratch(num_actions);
    for (int32_t i = 0; i < batch; ++i) {
      const float* row = logits + static_cast<int64_t>(i) * num_actions;
      const double lse = exp_shifted(row, num_actions, e);
      const float shift = static_cast<float>(lse);
      ConstArrayMap r(row, num_actions);
      ArrayMap p(e, num_actions);
      p *= static_cast<float>(std::exp(static_cast<double>(r.maxCoeff()) - lse));  // now softmax(row)
      // H = −Σ p log p, with log p = z − lse.
      const double h = -(p * (r - shift)).cast<double>().sum();
      if (log_probs) log_probs[i] = static_cast<float>(row[actions[i]] - lse);
      if (entropy) entropy[i] = static_cast<float>(h);
      if (d_logits) {
        // d log p_a / dz_j = [j = a] − p_j;  dH / dz_j = −p_j (log p_j + H).
        const float w_log_p = log_prob_weights ? log_prob_weights[i] : 0.0f;
        const float w_h = entropy_weights ? entropy_weights[i] : 0.0f;
        ArrayMap d(d_logits + static_cast<int64_t>(i) * num_actions, num_actions);
        d = -w_log_p * p - w_h * p * ((r - shift) + static_cast<float>(h));
        d(actions[i]) += w_log_p;
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
    float* e = row_scratch(num_actions);
    for (int32_t i = 0; i < batch; ++i) {
      const float* row = logits + static_cast<int64_t>(i) * num_actions;
      const double lse = exp_shifted(row, num_actions, e);
      // e holds exp(row − max): invert the CDF in those units (their sum, not 1).
      const double total = std::exp(lse - static_cast<double>(ConstArrayMap(row, num_actions).maxCoeff()));
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
