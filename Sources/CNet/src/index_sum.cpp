// Sums of selected inputs and their transpose: the word-letter policy head, where a Wordle
// word's logit is the sum of its five (position, letter) scores. The loops are per instruction
// set (gemm_body.hpp); this file validates the index and lays it out for the transpose.
#include <algorithm>
#include <string>
#include <vector>

#include "errors.hpp"
#include "gemm.hpp"

namespace {

void require_index(const int32_t* index, int64_t index_length, int32_t num_outputs, int32_t per_output,
                   int32_t in_width) {
  cnet::require_positive(num_outputs, "num_outputs");
  cnet::require_positive(per_output, "per_output");
  cnet::require_positive(in_width, "in_width");
  const int64_t count = static_cast<int64_t>(num_outputs) * per_output;
  cnet::require_buffer(index, index_length, count, "index");
  for (int64_t k = 0; k < count; ++k) {
    if (index[k] < 0 || index[k] >= in_width) {
      cnet::fail(CNET_ERROR_INVALID_ARGUMENT, "index[" + std::to_string(k / per_output) + ", " +
                                                  std::to_string(k % per_output) + "] = " + std::to_string(index[k]) +
                                                  " is outside [0, " + std::to_string(in_width) + ")");
    }
  }
}

// Every check of a call: the index, and the two buffers, one per input (batch x in_width) and
// one per output (batch x num_outputs), whichever way the call goes.
void require_call(int32_t batch, const int32_t* index, int64_t index_length, int32_t num_outputs, int32_t per_output,
                  int32_t in_width, const void* inputs, int64_t inputs_length, const char* inputs_name,
                  const void* outputs, int64_t outputs_length, const char* outputs_name) {
  cnet::require_positive(batch, "batch");
  require_index(index, index_length, num_outputs, per_output, in_width);
  cnet::require_buffer(inputs, inputs_length, static_cast<int64_t>(batch) * in_width, inputs_name);
  cnet::require_buffer(outputs, outputs_length, static_cast<int64_t>(batch) * num_outputs, outputs_name);
}

// The transpose's layout is rebuilt per call (a counting sort of num_outputs x per_output
// entries), far below the cost of a batch; the workspace is per thread, so calls never allocate
// once warm.
struct Layout {
  std::vector<int32_t> order, starts, next;
};

Layout& layout() {
  thread_local Layout workspace;
  return workspace;
}

}  // namespace

extern "C" CNetStatus cnet_index_sum_forward(const float* input, int64_t input_length, int32_t batch,
                                             int32_t in_width, const int32_t* index, int64_t index_length,
                                             int32_t num_outputs, int32_t per_output, float* output,
                                             int64_t output_length) {
  return cnet::guarded([&] {
    require_call(batch, index, index_length, num_outputs, per_output, in_width, input, input_length, "input", output,
                 output_length, "output");
    cnet::gemm().index_sum(input, batch, in_width, index, num_outputs, per_output, output);
  });
}

extern "C" CNetStatus cnet_index_sum_backward(const float* d_output, int64_t d_output_length, int32_t batch,
                                              int32_t num_outputs, const int32_t* index, int64_t index_length,
                                              int32_t per_output, int32_t in_width, float* d_input,
                                              int64_t d_input_length) {
  return cnet::guarded([&] {
    require_call(batch, index, index_length, num_outputs, per_output, in_width, d_input, d_input_length, "d_input",
                 d_output, d_output_length, "d_output");
    // Outputs grouped by the input they read (counting sort): input j's are order[starts[j]..starts[j+1]).
    Layout& l = layout();
    l.starts.assign(static_cast<size_t>(in_width) + 1, 0);
    const int64_t count = static_cast<int64_t>(num_outputs) * per_output;
    for (int64_t k = 0; k < count; ++k) ++l.starts[static_cast<size_t>(index[k]) + 1];
    for (int32_t j = 0; j < in_width; ++j) l.starts[j + 1] += l.starts[j];
    l.order.resize(static_cast<size_t>(count));
    l.next.assign(l.starts.begin(), l.starts.end() - 1);  // next free place per input
    for (int64_t k = 0; k < count; ++k) l.order[l.next[index[k]]++] = static_cast<int32_t>(k / per_output);
    cnet::gemm().index_sum_transpose(d_output, batch, num_outputs, l.order.data(), l.starts.data(), in_width,
                                     d_input);
  });
}
