// ArmEnv: MetaWorld's step loop (mocap target, substeps, observation with the previous frame,
// reward and success) around a task, with physics-fault detection.
#include "arm_env.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>

#include "arm_ode.hpp"
#include "arm_render.hpp"
#include "arm_staged.hpp"

namespace csim {
namespace arm {

namespace {

constexpr double kActionScale = 0.01;  // metres per unit action, MetaWorld's action_scale
// MetaWorld's mocap_low / mocap_high: where the mocap target may go.
const Vec3 kMocapLow(-0.525, 0.348, -0.0525);
const Vec3 kMocapHigh(0.525, 1.025, 0.7);
// A body further than this from the table's centre, or faster, means the physics blew up.
constexpr double kSaneBound = 2.0;   // metres
constexpr double kSaneSpeed = 20.0;  // m/s: the hand moves at most 0.8 m/s

}  // namespace

ArmEnv::ArmEnv(const Task& task, bool goal_visible, int32_t max_steps)
    : task_(task), goal_visible_(goal_visible), max_steps_(max_steps) {
  task_.build(scene_, props_);
}

bool ArmEnv::frame(float out[kFrameSize]) const {
  const Vec3 tcp = scene_.tcp();
  double objects[14];
  task_.objects(view(), objects);
  double numbers[kFrameSize];
  for (int k = 0; k < 3; ++k) numbers[k] = tcp[k];
  numbers[3] = std::fmin(1.0, std::fmax(0.0, 2.0 * scene_.finger_travel() / 0.1));
  for (int k = 0; k < 14; ++k) numbers[4 + k] = objects[k];
  bool finite = true;
  for (int k = 0; k < kFrameSize; ++k) {
    finite = finite && std::isfinite(numbers[k]);
    out[k] = static_cast<float>(numbers[k]);
  }
  return finite;
}

void ArmEnv::write_observation(const float current[kFrameSize]) {
  // obs_[0:18] still holds the previous frame: it becomes [18:36].
  std::memcpy(obs_ + kFrameSize, obs_, sizeof(float) * kFrameSize);
  std::memcpy(obs_, current, sizeof(float) * kFrameSize);
  for (int k = 0; k < 3; ++k) obs_[36 + k] = goal_visible_ ? static_cast<float>(episode_.target[k]) : 0.0f;
}

void ArmEnv::write_info(float* info, const Evaluation& e, bool fault) const {
  info[CSIM_INFO_SUCCESS] = e.success ? 1.0f : 0.0f;
  info[CSIM_INFO_PROGRESS] = static_cast<float>(e.progress);
  info[CSIM_INFO_EVENT] = static_cast<float>(event_);
  info[CSIM_INFO_EPISODE_STEP] = static_cast<float>(steps_);
  float* extra = info + CSIM_INFO_COMMON;
  extra[0] = e.near_object ? 1.0f : 0.0f;
  extra[1] = e.grasped ? 1.0f : 0.0f;
  extra[2] = static_cast<float>(e.grasp_reward);
  extra[3] = static_cast<float>(e.in_place);
  extra[4] = static_cast<float>(e.obj_to_target);
  extra[5] = fault ? 1.0f : 0.0f;
  extra[6] = fault ? 0.0f : static_cast<float>(staged_progress(task_, hand_to_object(), e));
}

double ArmEnv::hand_to_object() const {
  const double dx = obs_[4] - obs_[0], dy = obs_[5] - obs_[1], dz = obs_[6] - obs_[2];
  return std::sqrt(dx * dx + dy * dy + dz * dz);
}

void ArmEnv::reset(Rng& rng, void* observation, float* info) {
  ensure_ode_thread();
  steps_ = 0;
  event_ = kEventNone;
  solved_ = false;
  held_ = false;
  episode_ = Episode{};
  episode_.hand_init = task_.hand_init;
  scene_.place_hand(task_.hand_init, kFingerTravel);
  task_.reset(scene_, props_, episode_, rng);
  episode_.init_tcp = scene_.tcp();
  episode_.init_pad[0] = scene_.pad(0);
  episode_.init_pad[1] = scene_.pad(1);
  float current[kFrameSize];
  frame(current);  // finite: every body was just placed
  std::memcpy(obs_, current, sizeof(current));
  write_observation(current);
  std::memcpy(observation, obs_, sizeof(obs_));
  const float zero_action[4] = {0, 0, 0, -1};
  const Evaluation e = task_.evaluate(view(), zero_action);
  write_info(info, e, false);
  info[CSIM_INFO_SUCCESS] = 0.0f;
}

StepResult ArmEnv::step(Rng& /*rng*/, const void* action, void* observation, float* info) {
  ensure_ode_thread();
  const float* a = static_cast<const float*>(action);
  Vec3 target = scene_.mocap() + kActionScale * Vec3(a[0], a[1], a[2]);
  target = target.cwiseMax(kMocapLow).cwiseMin(kMocapHigh);
  scene_.step(target, a[3]);
  ++steps_;
  StepResult r;
  float current[kFrameSize];
  if (!scene_.sane(kSaneBound, kSaneSpeed) || !frame(current)) {
    // Truncate with the last good observation; the core's autoreset rebuilds the state.
    ++faults_;
    event_ = kEventFault;
    std::memcpy(observation, obs_, sizeof(obs_));
    write_info(info, Evaluation{}, true);
    r.truncated = true;
    return r;
  }
  write_observation(current);
  std::memcpy(observation, obs_, sizeof(obs_));
  const Evaluation e = task_.evaluate(view(), a);
  event_ = kEventNone;
  if (e.grasped && !held_) event_ = kEventGrasped;
  held_ = e.grasped;
  if (e.success && !solved_) {
    event_ = kEventSolved;
    solved_ = true;
  }
  write_info(info, e, false);
  r.reward = static_cast<float>(e.reward);
  r.truncated = steps_ >= max_steps_;
  return r;
}

void ArmEnv::observe(void* observation) const { std::memcpy(observation, obs_, sizeof(obs_)); }

bool ArmEnv::expert_action(float* action) const {
  task_.expert(view(), action);
  return true;
}

bool ArmEnv::render_rgb(int32_t width, int32_t height, uint8_t* rgb) const {
  ensure_ode_thread();
  render_scene(scene_, &episode_.target, width, height, rgb);
  return true;
}

bool ArmEnv::render_observation(const float* obs, int32_t width, int32_t height, uint8_t* rgb) {
  if (task_.pose == nullptr) return false;
  ensure_ode_thread();
  episode_ = Episode{};
  // [3] is the finger gap over 10 cm, so each finger's travel is that share of kFingerTravel.
  scene_.place_hand(Vec3(obs[0], obs[1], obs[2]), obs[3] * kFingerTravel);
  double objects[14];
  for (int k = 0; k < 14; ++k) objects[k] = obs[4 + k];
  for (int k = 0; k < 3; ++k) episode_.target[k] = obs[36 + k];
  task_.pose(scene_, props_, episode_, objects, goal_visible_);
  // Only what the observation shows is drawn: a goal-hidden id's picture has no goal marker.
  render_scene(scene_, goal_visible_ ? &episode_.target : nullptr, width, height, rgb);
  return true;
}

bool ArmEnv::inject_fault() {
  scene_.fling();
  return true;
}

std::string ArmEnv::mission() const { return task_.mission; }

std::string ArmEnv::render_text() const {
  char line[512];
  const Vec3 tcp = scene_.tcp();
  std::snprintf(line, sizeof(line),
                "arm/%s step %d/%d\nhand   x %+.3f y %+.3f z %+.3f  gripper %.0f%% open\n"
                "object x %+.3f y %+.3f z %+.3f\ngoal   x %+.3f y %+.3f z %+.3f\n",
                task_.name, steps_, max_steps_, tcp.x(), tcp.y(), tcp.z(), 100.0 * obs_[3], obs_[4], obs_[5],
                obs_[6], episode_.target.x(), episode_.target.y(), episode_.target.z());
  return line;
}

}  // namespace arm
}  // namespace csim
