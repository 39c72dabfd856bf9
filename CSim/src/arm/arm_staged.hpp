// Staged progress: the order in which a careful reader of the captions ranks two moments of a
// manipulation task. The task's own `progress` counts only the object's way to the goal (or
// the door's angle), so every moment before the object moves ties at 0 (or differs only by a
// resting object's micrometre settling) and a teacher that compares it says nothing true about
// reaching or grasping. Staged progress splits the task into
// MetaWorld's stages (its rewards' reach, grasp and in-place terms): reach the object, be at
// it, hold or move it, each stage above every value of the stages before it:
//
//   (0, 1/3)    reaching: (1/3) L / (L + d - 3 cm) for the hand d from the object, L = 10 cm
//               (1/6 at 13 cm), strictly falling with d, so any two distances are told apart
//   [1/3, 1/2]  at the object (within 3 cm): closer is better
//   [2/3, 1]    holding it, or it has moved 5% of its way: 2/3 + progress / 3
//
// The reach term is in metres, not a share of the episode's starting distance: a reader of
// "12 cm from the cube" ranks the same way in every episode, and the reward model, which sees
// only observations, is not asked to learn a per-episode scale. It reads only what the task
// reports (the hand, the first object, `grasped`, `progress`), so equal states give equal
// values. Privileged (the SIMULATED teacher `scripted:staged` compares it); the env's reward
// and success are unchanged.
#pragma once

#include "arm_task.hpp"

namespace csim {
namespace arm {

// Hand-to-object distance under which the hand is "at" the object (near_object's radius).
constexpr double kStagedAt = 0.03;
// The reach term's length scale: 10 cm beyond kStagedAt halves it.
constexpr double kStagedReachScale = 0.1;
// The share of its way an unheld object must have moved to count as moved, so that a nudge
// of a few millimetres does not outrank a hand that is reaching well.
constexpr double kStagedMoved = 0.05;

// `hand_to_object`: metres from the tool centre point to the first object (the handle, the
// button's top, the puck). Tasks whose progress is the hand's own (`Task::staged` false:
// reach) return `e.progress`.
double staged_progress(const Task& task, double hand_to_object, const Evaluation& e);

}  // namespace arm
}  // namespace csim
