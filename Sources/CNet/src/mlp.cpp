// The MLP: parameters, gradients and workspace in one handle; forward/backward over caller buffers.
//
// Layer l maps (batch x in_l) to (batch x out_l): Z = A Wᵀ + b with W (out_l x in_l) row-major,
// PyTorch's nn.Linear layout, so a checkpoint is one memcpy either way. Every matrix is an
// Eigen::Map over a caller or workspace buffer: no copies and no allocation after creation.
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "errors.hpp"
#include "gemm.hpp"
#include "init.hpp"

namespace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatrixMap = Eigen::Map<RowMatrix>;
using ConstMatrixMap = Eigen::Map<const RowMatrix>;
using VectorMap = Eigen::Map<Eigen::RowVectorXf>;
using ConstVectorMap = Eigen::Map<const Eigen::RowVectorXf>;

}  // namespace

struct CNetMLP {
  std::vector<int32_t> sizes;          // input, hidden..., output
  CNetActivation activation;
  int32_t max_batch;
  std::vector<float> parameters;       // per layer: W (out x in) then b (out)
  std::vector<float> gradients;        // same layout
  std::vector<int64_t> weight_offset;  // per layer, into parameters/gradients
  std::vector<int64_t> bias_offset;
  // activations[0] is a copy of the input (the caller may reuse its buffer before backward);
  // activations[l] for 0 < l < layers is the post-activation output of hidden layer l.
  std::vector<std::vector<float>> activations;
  std::vector<float> scratch[2];       // ping-pong buffers for the backward deltas
  int32_t last_batch = 0;              // rows of the last forward; 0 = none yet

  int32_t layers() const { return static_cast<int32_t>(sizes.size()) - 1; }
};

namespace {

void initialise(CNetMLP& mlp, float output_gain, uint64_t seed) {
  const float hidden_gain = std::sqrt(2.0f);
  for (int32_t l = 0; l < mlp.layers(); ++l) {
    const float gain = (l == mlp.layers() - 1) ? output_gain : hidden_gain;
    cnet::orthogonal_init(mlp.parameters.data() + mlp.weight_offset[l], mlp.sizes[l + 1], mlp.sizes[l], gain,
                          seed, static_cast<uint64_t>(l));
    std::fill_n(mlp.parameters.data() + mlp.bias_offset[l], mlp.sizes[l + 1], 0.0f);
  }
  std::fill(mlp.gradients.begin(), mlp.gradients.end(), 0.0f);
  mlp.last_batch = 0;
}

void require_mlp(const CNetMLP* mlp) { cnet::require_pointer(mlp, "mlp"); }

void require_gain(float gain) {
  if (!std::isfinite(gain)) cnet::fail(CNET_ERROR_INVALID_ARGUMENT, "output_gain must be finite");
}

// Applies the hidden nonlinearity in place.
void activate(CNetActivation activation, MatrixMap z) {
  if (activation == CNET_ACTIVATION_TANH) {
    cnet::gemm().tanh_in_place(z.data(), static_cast<int64_t>(z.size()));
  } else if (activation == CNET_ACTIVATION_RELU) {
    z = z.array().max(0.0f);
  }
}

// delta *= f'(z) where a = f(z) is what we kept: tanh' = 1 - a², relu' = [a > 0].
void activation_backward(CNetActivation activation, ConstMatrixMap a, MatrixMap delta) {
  if (activation == CNET_ACTIVATION_TANH) {
    cnet::gemm().tanh_backward(a.data(), delta.data(), delta.data(), static_cast<int64_t>(delta.size()));
  } else if (activation == CNET_ACTIVATION_RELU) {
    delta.array() = (a.array() > 0.0f).select(delta.array(), 0.0f);
  }
}

}  // namespace

extern "C" CNetStatus cnet_mlp_create(const int32_t* layer_sizes, int32_t num_sizes, CNetActivation activation,
                                      float output_gain, uint64_t seed, int32_t max_batch, CNetMLP** out,
                                      char* error, size_t error_capacity) {
  CNetMLP* created = nullptr;
  CNetStatus status = cnet::guarded([&] {
    cnet::require_pointer(out, "out");
    *out = nullptr;
    cnet::require_pointer(layer_sizes, "layer_sizes");
    if (num_sizes < 2 || num_sizes > CNET_MAX_LAYER_SIZES) {
      cnet::fail(CNET_ERROR_INVALID_ARGUMENT, "num_sizes must be in [2, " + std::to_string(CNET_MAX_LAYER_SIZES) +
                                                  "], got " + std::to_string(num_sizes));
    }
    for (int32_t i = 0; i < num_sizes; ++i) {
      if (layer_sizes[i] <= 0 || layer_sizes[i] > (1 << 20)) {
        cnet::fail(CNET_ERROR_INVALID_ARGUMENT, "layer_sizes[" + std::to_string(i) + "] must be in [1, 2^20], got " +
                                                    std::to_string(layer_sizes[i]));
      }
    }
    if (activation != CNET_ACTIVATION_TANH && activation != CNET_ACTIVATION_RELU &&
        activation != CNET_ACTIVATION_IDENTITY) {
      cnet::fail(CNET_ERROR_INVALID_ARGUMENT, "unknown activation " + std::to_string(static_cast<int>(activation)));
    }
    cnet::require_positive(max_batch, "max_batch");
    require_gain(output_gain);

    auto mlp = std::make_unique<CNetMLP>();
    mlp->sizes.assign(layer_sizes, layer_sizes + num_sizes);
    mlp->activation = activation;
    mlp->max_batch = max_batch;
    int64_t count = 0, widest = 0;
    for (int32_t l = 0; l < mlp->layers(); ++l) {
      mlp->weight_offset.push_back(count);
      count += static_cast<int64_t>(mlp->sizes[l]) * mlp->sizes[l + 1];
      mlp->bias_offset.push_back(count);
      count += mlp->sizes[l + 1];
    }
    for (int32_t size : mlp->sizes) widest = std::max<int64_t>(widest, size);
    mlp->parameters.assign(count, 0.0f);
    mlp->gradients.assign(count, 0.0f);
    mlp->activations.resize(mlp->layers());
    for (int32_t l = 0; l < mlp->layers(); ++l) {
      mlp->activations[l].assign(static_cast<size_t>(max_batch) * mlp->sizes[l], 0.0f);
    }
    for (auto& buffer : mlp->scratch) buffer.assign(static_cast<size_t>(max_batch) * widest, 0.0f);
    initialise(*mlp, output_gain, seed);
    created = mlp.release();
  });
  if (status == CNET_OK) {
    *out = created;
  } else {
    cnet::copy_message(cnet_last_error(), error, error_capacity);
  }
  return status;
}

extern "C" void cnet_mlp_destroy(CNetMLP* mlp) { delete mlp; }

extern "C" int32_t cnet_mlp_num_sizes(const CNetMLP* mlp) {
  return mlp ? static_cast<int32_t>(mlp->sizes.size()) : 0;
}

extern "C" int32_t cnet_mlp_layer_size(const CNetMLP* mlp, int32_t index) {
  if (!mlp || index < 0 || index >= static_cast<int32_t>(mlp->sizes.size())) return 0;
  return mlp->sizes[index];
}

extern "C" int32_t cnet_mlp_max_batch(const CNetMLP* mlp) { return mlp ? mlp->max_batch : 0; }

extern "C" int64_t cnet_mlp_parameter_count(const CNetMLP* mlp) {
  return mlp ? static_cast<int64_t>(mlp->parameters.size()) : 0;
}

extern "C" float* cnet_mlp_parameters(CNetMLP* mlp) { return mlp ? mlp->parameters.data() : nullptr; }

extern "C" float* cnet_mlp_gradients(CNetMLP* mlp) { return mlp ? mlp->gradients.data() : nullptr; }

extern "C" void cnet_mlp_zero_gradients(CNetMLP* mlp) {
  if (mlp) std::fill(mlp->gradients.begin(), mlp->gradients.end(), 0.0f);
}

extern "C" CNetStatus cnet_mlp_reset_parameters(CNetMLP* mlp, float output_gain, uint64_t seed) {
  return cnet::guarded([&] {
    require_mlp(mlp);
    require_gain(output_gain);
    initialise(*mlp, output_gain, seed);
  });
}

extern "C" CNetStatus cnet_mlp_forward(CNetMLP* mlp, const float* input, int64_t input_length, int32_t batch,
                                       float* output, int64_t output_length) {
  return cnet::guarded([&] {
    require_mlp(mlp);
    if (batch <= 0 || batch > mlp->max_batch) {
      cnet::fail(CNET_ERROR_INVALID_ARGUMENT,
                 "batch must be in [1, " + std::to_string(mlp->max_batch) + "], got " + std::to_string(batch));
    }
    const int32_t layers = mlp->layers();
    cnet::require_buffer(input, input_length, static_cast<int64_t>(batch) * mlp->sizes[0], "input");
    cnet::require_buffer(output, output_length, static_cast<int64_t>(batch) * mlp->sizes[layers], "output");

    std::copy_n(input, static_cast<size_t>(batch) * mlp->sizes[0], mlp->activations[0].data());
    const cnet::GemmKernels& kernels = cnet::gemm();
    mlp->last_batch = 0;  // invalid until this pass completes
    for (int32_t l = 0; l < layers; ++l) {
      const int32_t in = mlp->sizes[l], out = mlp->sizes[l + 1];
      ConstMatrixMap a(mlp->activations[l].data(), batch, in);
      const float* w = mlp->parameters.data() + mlp->weight_offset[l];
      ConstVectorMap b(mlp->parameters.data() + mlp->bias_offset[l], out);
      // The last layer writes straight into the caller's output; hidden ones into the workspace.
      float* z_data = (l == layers - 1) ? output : mlp->activations[l + 1].data();
      kernels.a_bt(a.data(), w, z_data, batch, out, in);
      MatrixMap z(z_data, batch, out);
      z.rowwise() += b;
      if (l < layers - 1) activate(mlp->activation, z);
    }
    mlp->last_batch = batch;
  });
}

namespace {

// The backward pass of the last forward. With parameter_gradients, adds dLoss/dW and dLoss/db
// to the gradient vector; without, leaves it untouched and does only the delta chain to d_input,
// which is then required. The deltas are the same either way: the same kernels on the same data.
void backward_pass(CNetMLP* mlp, const float* d_output, int64_t d_output_length, float* d_input,
                   int64_t d_input_length, bool parameter_gradients) {
  require_mlp(mlp);
  const int32_t batch = mlp->last_batch;
  if (batch == 0) cnet::fail(CNET_ERROR_INVALID_STATE, "backward needs a completed forward first");
  const int32_t layers = mlp->layers();
  cnet::require_buffer(d_output, d_output_length, static_cast<int64_t>(batch) * mlp->sizes[layers], "d_output");
  if (parameter_gradients) {
    cnet::check_optional(d_input, d_input_length, static_cast<int64_t>(batch) * mlp->sizes[0], "d_input");
  } else {
    cnet::require_buffer(d_input, d_input_length, static_cast<int64_t>(batch) * mlp->sizes[0], "d_input");
  }

  // delta = dLoss/dZ of the current layer; starts as the caller's d_output (the output is linear).
  const float* delta_data = d_output;
  const cnet::GemmKernels& kernels = cnet::gemm();
  int next_scratch = 0;
  for (int32_t l = layers - 1; l >= 0; --l) {
    const int32_t in = mlp->sizes[l], out = mlp->sizes[l + 1];
    ConstMatrixMap delta(delta_data, batch, out);
    ConstMatrixMap a(mlp->activations[l].data(), batch, in);
    const float* w = mlp->parameters.data() + mlp->weight_offset[l];
    if (parameter_gradients) {
      VectorMap db(mlp->gradients.data() + mlp->bias_offset[l], out);
      kernels.at_b_add(delta_data, a.data(), mlp->gradients.data() + mlp->weight_offset[l], out, in, batch);
      db += delta.colwise().sum();
    }
    if (l > 0) {
      float* previous = mlp->scratch[next_scratch].data();
      next_scratch ^= 1;
      kernels.a_b(delta_data, w, previous, batch, in, out);
      activation_backward(mlp->activation, a, MatrixMap(previous, batch, in));
      delta_data = previous;
    } else if (d_input != nullptr) {
      kernels.a_b(delta_data, w, d_input, batch, in, out);
    }
  }
}

}  // namespace

extern "C" CNetStatus cnet_mlp_backward(CNetMLP* mlp, const float* d_output, int64_t d_output_length,
                                        float* d_input, int64_t d_input_length) {
  return cnet::guarded([&] { backward_pass(mlp, d_output, d_output_length, d_input, d_input_length, true); });
}

extern "C" CNetStatus cnet_mlp_backward_input(CNetMLP* mlp, const float* d_output, int64_t d_output_length,
                                              float* d_input, int64_t d_input_length) {
  return cnet::guarded([&] { backward_pass(mlp, d_output, d_output_length, d_input, d_input_length, false); });
}
