// Orthogonal initialisation from our own RNG: std::normal_distribution differs between standard
// libraries, and the same seed must give the same parameters on every platform.
#include "init.hpp"

#include <Eigen/Dense>
#include <cmath>

namespace cnet {
namespace {

// SplitMix64: tiny, well mixed, and fully specified (bit-identical everywhere).
struct SplitMix64 {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in (0, 1]: never 0, so log() below is finite.
  double uniform() { return (static_cast<double>(next() >> 11) + 1.0) * 0x1.0p-53; }
  // Standard normal by Box–Muller (one of the pair is enough here).
  double normal() {
    const double kTwoPi = 6.283185307179586476925286766559;
    double u1 = uniform(), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(kTwoPi * u2);
  }
};

}  // namespace

void orthogonal_init(float* weights, int32_t rows, int32_t cols, float gain, uint64_t seed, uint64_t stream) {
  SplitMix64 rng{seed ^ (0xD1B54A32D192ED03ULL * (stream + 1))};
  // Work on the tall orientation (m >= n) so the reduced Q has orthonormal columns.
  const bool transpose = rows < cols;
  const int m = transpose ? cols : rows, n = transpose ? rows : cols;
  Eigen::MatrixXd a(m, n);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) a(i, j) = rng.normal();
  Eigen::HouseholderQR<Eigen::MatrixXd> qr(a);
  Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(m, n);
  // Fixing the signs by diag(R) makes Q uniformly distributed (Mezzadri 2007), as PyTorch does.
  for (int j = 0; j < n; ++j) {
    if (qr.matrixQR()(j, j) < 0) q.col(j) = -q.col(j);
  }
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j)
      weights[static_cast<int64_t>(i) * cols + j] = static_cast<float>(gain * (transpose ? q(j, i) : q(i, j)));
}

}  // namespace cnet
