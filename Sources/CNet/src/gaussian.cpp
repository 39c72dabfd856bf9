// Diagonal-Gaussian policy head with a state-independent log-std (CleanRL's continuous PPO):
// log-probabilities and entropy summed over dimensions, their weighted gradients, sampling.
#include <cmath>

#include "errors.hpp"

namespace {

constexpr double kHalfLogTwoPi = 0.91893853320467274178;  // log(2π) / 2

void require_shape(int32_t batch, int32_t dim) {
  cnet::require_positive(batch, "batch");
  cnet::require_positive(dim, "dim");
}

}  // namespace

extern "C" CNetStatus cnet_gaussian_evaluate(const float* mean, int64_t mean_length, int32_t batch, int32_t dim,
                                             const float* log_std, int64_t log_std_length, const float* actions,
                                             int64_t actions_length, float* log_probs, int64_t log_probs_length,
                                             float* entropy, int64_t entropy_length, const float* log_prob_weights,
                                             int64_t log_prob_weights_length, const float* entropy_weights,
                                             int64_t entropy_weights_length, float* d_mean, int64_t d_mean_length,
                                             float* d_log_std, int64_t d_log_std_length) {
  return cnet::guarded([&] {
    require_shape(batch, dim);
    const int64_t cells = static_cast<int64_t>(batch) * dim;
    cnet::require_buffer(mean, mean_length, cells, "mean");
    cnet::require_buffer(log_std, log_std_length, dim, "log_std");
    cnet::require_buffer(actions, actions_length, cells, "actions");
    cnet::check_optional(log_probs, log_probs_length, batch, "log_probs");
    cnet::check_optional(entropy, entropy_length, batch, "entropy");
    cnet::check_optional(log_prob_weights, log_prob_weights_length, batch, "log_prob_weights");
    cnet::check_optional(entropy_weights, entropy_weights_length, batch, "entropy_weights");
    cnet::check_optional(d_mean, d_mean_length, cells, "d_mean");
    cnet::check_optional(d_log_std, d_log_std_length, dim, "d_log_std");

    // The entropy does not depend on the sample: sum_k (1/2 + log(2π)/2 + log σ_k).
    double h = 0.0;
    for (int32_t k = 0; k < dim; ++k) h += 0.5 + kHalfLogTwoPi + log_std[k];
    for (int32_t i = 0; i < batch; ++i) {
      const float* mu = mean + static_cast<int64_t>(i) * dim;
      const float* a = actions + static_cast<int64_t>(i) * dim;
      const double w_log_p = log_prob_weights ? log_prob_weights[i] : 0.0;
      const double w_h = entropy_weights ? entropy_weights[i] : 0.0;
      double log_p = 0.0;
      for (int32_t k = 0; k < dim; ++k) {
        const double inv_var = std::exp(-2.0 * log_std[k]);
        const double diff = static_cast<double>(a[k]) - mu[k];
        const double z2 = diff * diff * inv_var;
        log_p += -0.5 * z2 - log_std[k] - kHalfLogTwoPi;
        // d log p / dμ = (a - μ) / σ²;  d log p / d log σ = z² - 1;  dH / d log σ = 1.
        if (d_mean) d_mean[static_cast<int64_t>(i) * dim + k] = static_cast<float>(w_log_p * diff * inv_var);
        if (d_log_std) d_log_std[k] += static_cast<float>(w_log_p * (z2 - 1.0) + w_h);
      }
      if (log_probs) log_probs[i] = static_cast<float>(log_p);
      if (entropy) entropy[i] = static_cast<float>(h);
    }
  });
}

extern "C" CNetStatus cnet_gaussian_sample(const float* mean, int64_t mean_length, int32_t batch, int32_t dim,
                                           const float* log_std, int64_t log_std_length, const float* normals,
                                           int64_t normals_length, float* actions, int64_t actions_length,
                                           float* log_probs, int64_t log_probs_length) {
  return cnet::guarded([&] {
    require_shape(batch, dim);
    const int64_t cells = static_cast<int64_t>(batch) * dim;
    cnet::require_buffer(mean, mean_length, cells, "mean");
    cnet::require_buffer(log_std, log_std_length, dim, "log_std");
    cnet::require_buffer(normals, normals_length, cells, "normals");
    cnet::require_buffer(actions, actions_length, cells, "actions");
    cnet::check_optional(log_probs, log_probs_length, batch, "log_probs");
    for (int32_t i = 0; i < batch; ++i) {
      double log_p = 0.0;
      for (int32_t k = 0; k < dim; ++k) {
        const int64_t c = static_cast<int64_t>(i) * dim + k;
        const double eps = normals[c];
        actions[c] = static_cast<float>(mean[c] + std::exp(static_cast<double>(log_std[k])) * eps);
        log_p += -0.5 * eps * eps - log_std[k] - kHalfLogTwoPi;
      }
      if (log_probs) log_probs[i] = static_cast<float>(log_p);
    }
  });
}
