// Deterministic parameter initialisation (CleanRL's layer_init).
#pragma once

#include <cstdint>

namespace cnet {

// Fills weights (rows x cols, row-major) with a scaled orthogonal matrix, as PyTorch's
// nn.init.orthogonal_: QR of a standard normal matrix, signs fixed by diag(R), times gain.
// Rows are orthonormal when rows <= cols, columns when rows >= cols. `stream` separates layers.
void orthogonal_init(float* weights, int32_t rows, int32_t cols, float gain, uint64_t seed, uint64_t stream);

}  // namespace cnet
