// ArmKind: the spec, instances and info names of one arm id.
#include <new>
#include <string>

#include "../core/observation_parts.hpp"
#include "arm_env.hpp"
#include "arm_ode.hpp"

namespace csim {
namespace arm {

ArmKind::ArmKind(const Task& task, bool goal_visible)
    : task_(task), goal_visible_(goal_visible), id_(std::string("arm/") + task.name + (goal_visible ? "" : "-goal-hidden")) {}

CSimSpec ArmKind::spec(const CSimOptions& options) const {
  if (options.reward_kind != 0) {
    throw InvalidArgument(id_ + ": reward_kind " + std::to_string(options.reward_kind) +
                          " is not available; allowed: 0 (MetaWorld v2's dense reward in [0, 10])");
  }
  CSimSpec s = make_spec(id_.c_str(), options, kDefaultMaxSteps);
  s.observation_dtype = CSIM_DTYPE_FLOAT32;
  s.observation_rank = 1;
  s.observation_shape[0] = kObsSize;
  s.observation_size = kObsSize;
  // Finite bounds (JSON has no infinity); a state outside them is a physics fault and resets.
  s.observation_low = -10.0f;
  s.observation_high = 10.0f;
  s.action_kind = CSIM_ACTION_CONTINUOUS;
  s.num_actions = 0;
  s.action_dim = 4;
  s.action_low = -1.0f;
  s.action_high = 1.0f;
  s.reward_low = 0.0f;
  s.reward_high = 10.0f;
  s.info_dim = CSIM_INFO_COMMON + kNumExtraInfo;
  return s;
}

std::unique_ptr<Env> ArmKind::make(const CSimOptions& options) const {
  const CSimSpec s = spec(options);
  BuildGuard guard;
  std::unique_ptr<Env> env(new ArmEnv(task_, goal_visible_, s.max_episode_steps));
  if (guard.exhausted()) throw std::bad_alloc();  // the core reports CSIM_ERROR_OUT_OF_MEMORY
  return env;
}

std::vector<const char*> ArmKind::extra_info_names() const {
  return {"near_object", "grasped", "grasp_reward", "in_place_reward", "obj_to_target", "fault", "staged_progress"};
}

std::vector<const char*> ArmKind::event_names() const { return {"", "grasped", "solved", "physics_fault"}; }

// MetaWorld's 39 numbers (layout in arm_env.hpp) as parts. Positions keep the spec's ±10 (a
// state beyond it is a physics fault); the gripper opening is clamped to [0, 1] and quaternions
// are unit (zeros for a missing second object).
std::vector<CSimObservationPart> ArmKind::observation_parts() const {
  static_assert(kObsSize == 2 * kFrameSize + 3 && kFrameSize == 18, "the parts below cover the observation");
  std::vector<CSimObservationPart> parts;
  add_observation_part(parts, "hand", CSIM_DTYPE_FLOAT32, {3}, -10.0f, 10.0f);
  add_observation_part(parts, "gripper", CSIM_DTYPE_FLOAT32, {}, 0.0f, 1.0f);
  add_observation_part(parts, "object_position", CSIM_DTYPE_FLOAT32, {3}, -10.0f, 10.0f);
  add_observation_part(parts, "object_quaternion", CSIM_DTYPE_FLOAT32, {4}, -1.0f, 1.0f);
  add_observation_part(parts, "object2_position", CSIM_DTYPE_FLOAT32, {3}, -10.0f, 10.0f);
  add_observation_part(parts, "object2_quaternion", CSIM_DTYPE_FLOAT32, {4}, -1.0f, 1.0f);
  add_observation_part(parts, "previous_frame", CSIM_DTYPE_FLOAT32, {kFrameSize}, -10.0f, 10.0f);
  add_observation_part(parts, "goal", CSIM_DTYPE_FLOAT32, {3}, -10.0f, 10.0f);
  return parts;
}

// A scratch env of its own per picture: no live env's state is touched, and concurrent
// callers share nothing.
bool ArmKind::render_observation(const void* observation, int32_t width, int32_t height, uint8_t* rgb) const {
  if (task_.pose == nullptr) return false;
  BuildGuard guard;
  std::unique_ptr<ArmEnv> env(new ArmEnv(task_, goal_visible_, kDefaultMaxSteps));
  if (guard.exhausted()) throw std::bad_alloc();
  return env->render_observation(static_cast<const float*>(observation), width, height, rgb);
}

// "frame_size": stored observations can be drawn (csim_vec_env_render_observation_rgb), and
// this is the side a judge is shown by default (small enough for a vision model's context,
// large enough to see the gripper and the object).
std::vector<std::pair<const char*, const char*>> ArmKind::learner_hints() const {
  if (task_.pose == nullptr) return {};
  return {{"frame_size", "128"}};
}

std::string ArmKind::caption(const void* observation, int32_t event) const {
  return caption_observation(task_, static_cast<const float*>(observation), goal_visible_, event);
}

}  // namespace arm
}  // namespace csim
