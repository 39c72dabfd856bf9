// The one-hot input layer: a first linear layer evaluated from active indices only.
//
// A MiniGrid view one-hot encoded is 984 numbers of which 50 are 1. A dense first layer would
// multiply all 984; summing the 50 selected table rows gives the same numbers (up to float
// summation order) about 20× cheaper, and the backward pass touches only those rows.
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <string>

#include "errors.hpp"
#include "gemm.hpp"
#include "init.hpp"
#include "workspace.hpp"

namespace {

void require_shape(int32_t num_categories, int32_t out, int32_t batch, int32_t per_row) {
  cnet::require_positive(num_categories, "num_categories");
  cnet::require_positive(out, "out");
  cnet::require_positive(batch, "batch");
  cnet::require_positive(per_row, "per_row");
}

void require_activation(CNetActivation activation) {
  if (activation != CNET_ACTIVATION_TANH && activation != CNET_ACTIVATION_RELU &&
      activation != CNET_ACTIVATION_IDENTITY) {
    cnet::fail(CNET_ERROR_INVALID_ARGUMENT, "unknown activation " + std::to_string(static_cast<int>(activation)));
  }
}

// Per-thread workspace for dLoss/dPreactivation, on 64-byte boundaries: unaligned 64-byte loads
// each touch two cache lines, and the AVX-512 scatter ran a third slower with them.
float* delta_workspace(size_t count) {
  thread_local cnet::AlignedWorkspace buffer;
  return buffer.reserve(count);
}

}  // namespace

extern "C" CNetStatus cnet_onehot_forward(const float* table, int64_t table_length, const float* bias,
                                          int64_t bias_length, int32_t num_categories, int32_t out,
                                          const int32_t* indices, int64_t indices_length, int32_t batch,
                                          int32_t per_row, CNetActivation activation, float* output,
                                          int64_t output_length) {
  return cnet::guarded([&] {
    require_shape(num_categories, out, batch, per_row);
    require_activation(activation);
    cnet::require_buffer(table, table_length, static_cast<int64_t>(num_categories) * out, "table");
    cnet::require_buffer(bias, bias_length, out, "bias");
    cnet::require_buffer(indices, indices_length, static_cast<int64_t>(batch) * per_row, "indices");
    cnet::require_buffer(output, output_length, static_cast<int64_t>(batch) * out, "output");
    // Validate every index before writing anything: a bad observation must not half-fill output.
    // A branch-free pass (vectorised) first; the slow search for the culprit only on failure.
    const int64_t total = static_cast<int64_t>(batch) * per_row;
    bool bad = false;
    for (int64_t k = 0; k < total; ++k) bad |= static_cast<uint32_t>(indices[k]) >= static_cast<uint32_t>(num_categories);
    if (bad) {
      for (int64_t k = 0; k < total; ++k) {
        if (indices[k] < 0 || indices[k] >= num_categories) {
          cnet::fail(CNET_ERROR_INVALID_ARGUMENT, "indices[" + std::to_string(k / per_row) + ", " +
                                                      std::to_string(k % per_row) + "] = " +
                                                      std::to_string(indices[k]) + " is outside [0, " +
                                                      std::to_string(num_categories) + ")");
        }
      }
    }
    cnet::gemm().onehot_sum(table, bias, indices, batch, per_row, out, output);
    // Eigen's tanh is vectorised (std::tanh per element is several times slower), with AVX2 where
    // the CPU has it.
    if (activation == CNET_ACTIVATION_TANH) {
      cnet::gemm().tanh_in_place(output, static_cast<int64_t>(batch) * out);
    } else if (activation == CNET_ACTIVATION_RELU) {
      Eigen::Map<Eigen::ArrayXf> all(output, static_cast<Eigen::Index>(batch) * out);
      all = all.max(0.0f);
    }
  });
}

extern "C" CNetStatus cnet_onehot_backward(const int32_t* indices, int64_t indices_length, int32_t batch,
                                           int32_t per_row, int32_t num_categories, int32_t out,
                                           CNetActivation activation, const float* output, int64_t output_length,
                                           const float* d_output, int64_t d_output_length, float* d_table,
                                           int64_t d_table_length, float* d_bias, int64_t d_bias_length) {
  return cnet::guarded([&] {
    require_shape(num_categories, out, batch, per_row);
    require_activation(activation);
    cnet::require_buffer(indices, indices_length, static_cast<int64_t>(batch) * per_row, "indices");
    cnet::require_buffer(output, output_length, static_cast<int64_t>(batch) * out, "output");
    cnet::require_buffer(d_output, d_output_length, static_cast<int64_t>(batch) * out, "d_output");
    cnet::require_buffer(d_table, d_table_length, static_cast<int64_t>(num_categories) * out, "d_table");
    cnet::require_buffer(d_bias, d_bias_length, out, "d_bias");
    // dLoss/dPreactivation, written over a workspace row by row, then scattered into the table.
    const int64_t total = static_cast<int64_t>(batch) * out;
    float* delta = delta_workspace(static_cast<size_t>(total));
    if (activation == CNET_ACTIVATION_TANH) {
      cnet::gemm().tanh_backward(output, d_output, delta, total);
    } else if (activation == CNET_ACTIVATION_RELU) {
      for (int64_t k = 0; k < total; ++k) delta[k] = output[k] > 0.0f ? d_output[k] : 0.0f;
    } else {
      std::copy(d_output, d_output + total, delta);
    }
    for (int32_t i = 0; i < batch; ++i) {
      for (int32_t o = 0; o < out; ++o) d_bias[o] += delta[static_cast<size_t>(i) * out + o];
    }
    cnet::gemm().onehot_scatter(delta, indices, batch, per_row, out, d_table);
  });
}

extern "C" CNetStatus cnet_onehot_init(float* table, int64_t table_length, int32_t num_categories, int32_t out,
                                       float gain, uint64_t seed) {
  return cnet::guarded([&] {
    cnet::require_positive(num_categories, "num_categories");
    cnet::require_positive(out, "out");
    cnet::require_buffer(table, table_length, static_cast<int64_t>(num_categories) * out, "table");
    if (!std::isfinite(gain)) cnet::fail(CNET_ERROR_INVALID_ARGUMENT, "gain must be finite");
    // The transpose of an orthogonal (out x categories) matrix is an orthogonal
    // (categories x out) one: draw that directly in the table's layout.
    cnet::orthogonal_init(table, num_categories, out, gain, seed, 0);
  });
}
