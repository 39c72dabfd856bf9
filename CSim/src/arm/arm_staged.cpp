#include "arm_staged.hpp"

#include "arm_reward.hpp"

namespace csim {
namespace arm {

double staged_progress(const Task& task, double hand_to_object, const Evaluation& e) {
  if (!task.staged) return e.progress;
  if (e.success) return 1.0;
  if (e.grasped || e.progress >= kStagedMoved) return 2.0 / 3.0 + clamp01(e.progress) / 3.0;
  if (hand_to_object <= kStagedAt) return 1.0 / 3.0 + (1.0 - hand_to_object / kStagedAt) / 6.0;
  return kStagedReachScale / (kStagedReachScale + hand_to_object - kStagedAt) / 3.0;
}

}  // namespace arm
}  // namespace csim
