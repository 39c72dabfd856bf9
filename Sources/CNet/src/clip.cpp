// Global gradient-norm clipping over several buffers (actor, critic, log-std), as
// torch.nn.utils.clip_grad_norm_ does over all of a model's parameters at once.
#include <cmath>

#include "errors.hpp"
#include "gemm.hpp"

extern "C" CNetStatus cnet_clip_grad_norm(float* const* gradients, const int64_t* lengths, int32_t count,
                                          float max_norm, float* norm) {
  return cnet::guarded([&] {
    cnet::require_positive(count, "count");
    cnet::require_pointer(gradients, "gradients");
    cnet::require_pointer(lengths, "lengths");
    if (!(max_norm > 0.0f) || !std::isfinite(max_norm)) {
      cnet::fail(CNET_ERROR_INVALID_ARGUMENT, "max_norm must be finite and > 0");
    }
    for (int32_t k = 0; k < count; ++k) {
      const std::string name = "gradients[" + std::to_string(k) + "]";
      if (lengths[k] < 0) cnet::fail(CNET_ERROR_INVALID_ARGUMENT, "lengths[" + std::to_string(k) + "] is negative");
      if (lengths[k] > 0) cnet::require_pointer(gradients[k], name.c_str());
    }
    // Squares summed in double: float would lose the small entries next to the large ones.
    double sum = 0.0;
    for (int32_t k = 0; k < count; ++k)
      for (int64_t i = 0; i < lengths[k]; ++i) sum += static_cast<double>(gradients[k][i]) * gradients[k][i];
    const double total = std::sqrt(sum);
    if (norm) *norm = static_cast<float>(total);
    const double coefficient = max_norm / (total + 1e-6);
    if (coefficient < 1.0) {
      const float scale = static_cast<float>(coefficient);
      for (int32_t k = 0; k < count; ++k)
        for (int64_t i = 0; i < lengths[k]; ++i) gradients[k][i] *= scale;
    }
  });
}

extern "C" CNetStatus cnet_gradient_sum(float* target, const float* const* sources, int32_t num_sources,
                                        int64_t length, double* sum_squares) {
  return cnet::guarded([&] {
    if (num_sources < 0) cnet::fail(CNET_ERROR_INVALID_ARGUMENT, "num_sources is negative");
    if (length < 0) cnet::fail(CNET_ERROR_INVALID_ARGUMENT, "length is negative");
    if (length > 0) cnet::require_pointer(target, "target");
    if (num_sources > 0) cnet::require_pointer(sources, "sources");
    for (int32_t s = 0; s < num_sources && length > 0; ++s) {
      const std::string name = "sources[" + std::to_string(s) + "]";
      cnet::require_pointer(sources[s], name.c_str());
    }
    const double sum = length > 0 ? cnet::gemm().gradient_sum(target, sources, num_sources, length) : 0.0;
    if (sum_squares) *sum_squares = sum;
  });
}
