// Categorical policy head over logits: log-probabilities, entropy, their weighted gradient, sampling.
// Rows are tiny (a handful of actions), so plain loops in double beat any matrix machinery and keep
// the log-sum-exp exact enough for finite-difference tests.
#include <cmath>
#include <vector>

#include "errors.hpp"

namespace {

void require_shape(int32_t batch, int32_t num_actions) {
  cnet::require_positive(batch, "batch");
  cnet::require_positive(num_actions, "num_actions");
}

// log-sum-exp of one row, shifted by its maximum so exp never overflows.
double log_sum_exp(const float* row, int32_t n) {
  double top = row[0];
  for (int32_t j = 1; j < n; ++j) top = std::max(top, static_cast<double>(row[j]));
  double sum = 0.0;
  for (int32_t j = 0; j < n; ++j) sum += std::exp(static_cast<double>(row[j]) - top);
  return top + std::log(sum);
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
    for (int32_t i = 0; i < batch; ++i) {
      const float* row = logits + static_cast<int64_t>(i) * num_actions;
      const double lse = log_sum_exp(row, num_actions);
      // When d_logits is wanted, its row first holds the probabilities, so each exp runs once
      // (exp dominates this head); the second loop then turns them into gradients in place.
      float* d_row = d_logits ? d_logits + static_cast<int64_t>(i) * num_actions : nullptr;
      // H = -sum p log p, with log p = z - lse.
      double h = 0.0;
      for (int32_t j = 0; j < num_actions; ++j) {
        const double log_p = row[j] - lse, p = std::exp(log_p);
        if (d_row) d_row[j] = static_cast<float>(p);
        h -= p * log_p;
      }
      if (log_probs) log_probs[i] = static_cast<float>(row[actions[i]] - lse);
      if (entropy) entropy[i] = static_cast<float>(h);
      if (d_row) {
        // d log p_a / dz_j = [j = a] - p_j;  dH / dz_j = -p_j (log p_j + H).
        const double w_log_p = log_prob_weights ? log_prob_weights[i] : 0.0;
        const double w_h = entropy_weights ? entropy_weights[i] : 0.0;
        for (int32_t j = 0; j < num_actions; ++j) {
          const double log_p = row[j] - lse, p = d_row[j];
          const double d = w_log_p * ((j == actions[i] ? 1.0 : 0.0) - p) - w_h * p * (log_p + h);
          d_row[j] = static_cast<float>(d);
        }
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
    for (int32_t i = 0; i < batch; ++i) {
      const float* row = logits + static_cast<int64_t>(i) * num_actions;
      const double lse = log_sum_exp(row, num_actions);
      // Inverse CDF: the first action whose cumulative probability passes u. Rounding may leave the
      // total just below 1, so the fallback is the last action with nonzero probability.
      int32_t chosen = -1, last_possible = 0;
      double cumulative = 0.0;
      for (int32_t j = 0; j < num_actions; ++j) {
        const double p = std::exp(row[j] - lse);
        if (p > 0.0) last_possible = j;
        cumulative += p;
        if (chosen < 0 && uniforms[i] < cumulative && p > 0.0) chosen = j;
      }
      if (chosen < 0) chosen = last_possible;
      actions[i] = chosen;
      if (log_probs) log_probs[i] = static_cast<float>(row[chosen] - lse);
    }
  });
}
