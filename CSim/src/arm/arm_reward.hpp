// MetaWorld v2's reward vocabulary (after dm_control's rewards.tolerance): smooth 0..1
// terms that are 1 inside a band and fall off with a long tail, combined with the Hamacher
// t-norm. Written from the published definitions; see metaworld/utils/reward_utils.py.
#pragma once
#include <cmath>

namespace csim {
namespace arm {

// 1 when lower <= x <= upper; otherwise the long-tail sigmoid 1 / ((d * s)^2 + 1) of the
// distance d to the band in units of `margin`, with s chosen so the value at d = margin is
// 0.1. A zero margin gives a hard 0/1 band.
inline double tolerance(double x, double lower, double upper, double margin) {
  if (x >= lower && x <= upper) return 1.0;
  if (margin <= 0.0) return 0.0;
  const double d = (x < lower ? lower - x : x - upper) / margin;
  const double scale = 3.0;  // sqrt(1 / 0.1 - 1)
  return 1.0 / ((d * scale) * (d * scale) + 1.0);
}

// The same band with dm_control's gaussian sigmoid exp(-(d s)^2 / 2), 0.1 at d = margin.
inline double tolerance_gaussian(double x, double lower, double upper, double margin) {
  if (x >= lower && x <= upper) return 1.0;
  if (margin <= 0.0) return 0.0;
  const double d = (x < lower ? lower - x : x - upper) / margin;
  const double scale = 2.1459660262893472;  // sqrt(-2 ln 0.1)
  return std::exp(-0.5 * (d * scale) * (d * scale));
}

// The Hamacher product a b / (a + b - a b): a soft "and" of two terms in [0, 1].
inline double hamacher(double a, double b) {
  const double denominator = a + b - a * b;
  return denominator > 0.0 ? a * b / denominator : 0.0;
}

inline double clamp01(double x) { return x < 0.0 ? 0.0 : (x > 1.0 ? 1.0 : x); }

}  // namespace arm
}  // namespace csim
