// The robot-arm environments: "arm/<task>" for MetaWorld's tasks on an ODE Sawyer-like arm.
//
// Action: 4 float32 in [-1, 1]: the hand's displacement (x, y, z) times 1/100 m added to the
// mocap target (MetaWorld's action_scale), clipped to MetaWorld's mocap box, and the gripper
// effort (-1 open, +1 close). Out-of-range actions are clipped by the core, non-finite ones
// rejected. 5 physics substeps of 2.5 ms per action (80 Hz).
//
// Observation: MetaWorld's 39 float32: [0:3] hand (tool centre point between the finger pads),
// [3] gripper opening (finger gap / 10 cm, in [0, 1]), [4:7] first object position,
// [7:11] its quaternion (w, x, y, z), [11:14] second object position, [14:18] its quaternion
// (zeros when the task has one object), [18:36] the previous step's [0:18] (at reset: the
// same frame again), [36:39] the goal position.
//
// GOAL VISIBILITY is in the id: "arm/push" shows the goal in [36:39] (MetaWorld's
// goal-observable MT1/MT10 setting); "arm/push-goal-hidden" writes zeros there (MetaWorld's
// partially observable default, used by its ML benchmarks). Nothing else differs.
//
// Episodes never terminate (MetaWorld's never do); they are truncated at 500 steps or when
// the physics blows up (NaN state, a body flung away): the env is then reset by the core's
// autoreset, its observation is the last good one, and fault_count() goes up by one.
//
// Info (privileged): success, progress, event, episode_step, then near_object, grasped,
// grasp_reward, in_place_reward, obj_to_target, fault, staged_progress (arm_staged.hpp).
// Events: 1 "grasped" (the object came to be held), 2 "solved" (first success of the
// episode), 3 "physics_fault".
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "../core/env.hpp"
#include "arm_task.hpp"

namespace csim {
namespace arm {

constexpr int32_t kObsSize = 39;
constexpr int32_t kFrameSize = 18;
constexpr int32_t kDefaultMaxSteps = 500;
constexpr int32_t kNumExtraInfo = 7;
enum ArmEvent : int32_t { kEventNone = 0, kEventGrasped = 1, kEventSolved = 2, kEventFault = 3 };

class ArmEnv final : public Env {
 public:
  ArmEnv(const Task& task, bool goal_visible, int32_t max_steps);

  void reset(Rng& rng, void* observation, float* info) override;
  StepResult step(Rng& rng, const void* action, void* observation, float* info) override;
  void observe(void* observation) const override;
  int32_t last_event() const override { return event_; }
  std::string render_text() const override;
  std::string mission() const override;
  bool expert_action(float* action) const override;
  bool render_rgb(int32_t width, int32_t height, uint8_t* rgb) const override;
  // Poses this (scratch) env's scene from a stored observation and draws it; false where the
  // task cannot be posed. Replaces the env's state: never called on a stepping env.
  bool render_observation(const float* observation, int32_t width, int32_t height, uint8_t* rgb);
  int64_t fault_count() const override { return faults_; }
  bool inject_fault() override;

 private:
  TaskView view() const { return TaskView{scene_, props_, episode_}; }
  // The current 18-number frame; false when a number is not finite.
  bool frame(float out[kFrameSize]) const;
  void write_observation(const float current[kFrameSize]);
  void write_info(float* info, const Evaluation& e, bool fault) const;
  // Metres from the tool centre point to the first object, in the observation last written.
  double hand_to_object() const;

  const Task& task_;
  bool goal_visible_;
  int32_t max_steps_;
  Scene scene_;
  Props props_;
  Episode episode_;
  float obs_[kObsSize] = {};  // the last observation written (also what a fault repeats)
  int32_t steps_ = 0;
  int32_t event_ = 0;
  bool solved_ = false;
  bool held_ = false;
  int64_t faults_ = 0;
};

class ArmKind final : public EnvKind {
 public:
  ArmKind(const Task& task, bool goal_visible);

  const char* id() const override { return id_.c_str(); }
  CSimSpec spec(const CSimOptions& options) const override;
  std::unique_ptr<Env> make(const CSimOptions& options) const override;
  std::vector<const char*> extra_info_names() const override;
  std::vector<const char*> event_names() const override;
  std::string caption(const void* observation, int32_t event) const override;
  std::vector<CSimObservationPart> observation_parts() const override;
  bool render_observation(const void* observation, int32_t width, int32_t height, uint8_t* rgb) const override;
  std::vector<std::pair<const char*, const char*>> learner_hints() const override;

 private:
  const Task& task_;
  bool goal_visible_;
  std::string id_;
};

// Plain-English caption of a 39-number observation (arm_caption.cpp).
std::string caption_observation(const Task& task, const float* obs, bool goal_visible, int32_t event);

}  // namespace arm
}  // namespace csim
