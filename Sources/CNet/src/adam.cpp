// Adam over one flat parameter vector, step for step as torch.optim.Adam (no weight decay, no amsgrad).
#include <cmath>

#include "errors.hpp"
#include "gemm.hpp"

extern "C" void cnet_adam_options_default(CNetAdamOptions* options) {
  if (!options) return;
  options->learning_rate = 1e-3f;
  options->beta1 = 0.9f;
  options->beta2 = 0.999f;
  options->epsilon = 1e-8f;
}

extern "C" CNetStatus cnet_adam_step_scaled(float* parameters, const float* gradients, float gradient_scale, float* m,
                                            float* v, int64_t length, int64_t step, const CNetAdamOptions* options) {
  return cnet::guarded([&] {
    CNetAdamOptions o;
    cnet_adam_options_default(&o);
    if (options) o = *options;
    cnet::require_positive(length, "length");
    cnet::require_pointer(parameters, "parameters");
    cnet::require_pointer(gradients, "gradients");
    cnet::require_pointer(m, "m");
    cnet::require_pointer(v, "v");
    cnet::require_positive(step, "step");
    if (!(o.learning_rate >= 0.0f) || !std::isfinite(o.learning_rate)) {
      cnet::fail(CNET_ERROR_INVALID_ARGUMENT, "learning_rate must be finite and >= 0");
    }
    if (!(o.beta1 >= 0.0f && o.beta1 < 1.0f) || !(o.beta2 >= 0.0f && o.beta2 < 1.0f)) {
      cnet::fail(CNET_ERROR_INVALID_ARGUMENT, "beta1 and beta2 must be in [0, 1)");
    }
    if (!(o.epsilon >= 0.0f) || !std::isfinite(o.epsilon)) {
      cnet::fail(CNET_ERROR_INVALID_ARGUMENT, "epsilon must be finite and >= 0");
    }
    if (!std::isfinite(gradient_scale)) cnet::fail(CNET_ERROR_INVALID_ARGUMENT, "gradient_scale must be finite");
    // PyTorch: step_size = lr / (1 - β1^t); denom = sqrt(v) / sqrt(1 - β2^t) + eps.
    const double bias1 = 1.0 - std::pow(static_cast<double>(o.beta1), static_cast<double>(step));
    const double bias2 = 1.0 - std::pow(static_cast<double>(o.beta2), static_cast<double>(step));
    const float step_size = static_cast<float>(o.learning_rate / bias1);
    const float inv_sqrt_bias2 = static_cast<float>(1.0 / std::sqrt(bias2));
    // The loop itself is in the per-instruction-set table (gemm_body.hpp): same rounding everywhere.
    cnet::gemm().adam(parameters, gradients, gradient_scale, m, v, length, o.beta1, o.beta2, step_size,
                      inv_sqrt_bias2, o.epsilon);
  });
}

extern "C" CNetStatus cnet_adam_step(float* parameters, const float* gradients, float* m, float* v, int64_t length,
                                     int64_t step, const CNetAdamOptions* options) {
  // Times 1 is exact: the same update as without a scale.
  return cnet_adam_step_scaled(parameters, gradients, 1.0f, m, v, length, step, options);
}
