#include "arm_staged.hpp"

#include <cmath>

#include "arm_reward.hpp"

namespace csim {
namespace arm {

double staged_progress(const Task& task, double hand_to_object, double reach_start, const Evaluation& e) {
  if (!task.staged) return e.progress;
  if (e.success) return 1.0;
  if (e.grasped || e.progress >= kStagedMoved) return 2.0 / 3.0 + clamp01(e.progress) / 3.0;
  if (hand_to_object <= kStagedAt) return 1.0 / 3.0 + (1.0 - hand_to_object / kStagedAt) / 6.0;
  // A reset that put the hand within reach of the object leaves nothing to reach: the share
  // is then 0 until the hand is at it.
  const double span = reach_start - kStagedAt;
  const double reached = span > 0.0 ? clamp01((reach_start - hand_to_object) / span) : 0.0;
  // Strictly below 1/3: the hand is not yet at the object.
  return std::fmin(reached, 1.0 - 1e-9) / 3.0;
}

}  // namespace arm
}  // namespace csim
