// reach, push and pick-place: one puck on the table and a goal point (MetaWorld's
// sawyer_reach_v3 / sawyer_push_v3 / sawyer_pick_place_v3, ranges and rewards as published).
#include <cmath>

#include "arm_reward.hpp"
#include "arm_task.hpp"

namespace csim {
namespace arm {

namespace {

constexpr double kPuckRadius = 0.02;
constexpr double kPuckHalfHeight = 0.02;
constexpr double kPuckMass = 0.1;
// MetaWorld's object and goal boxes (x, y, z) for the three tasks.
const Vec3 kObjLow(-0.1, 0.6, 0.02), kObjHigh(0.1, 0.7, 0.02);

void build_puck(Scene& scene, Props& props) {
  props.body[0] = scene.add_cylinder_body(kPuckRadius, 2 * kPuckHalfHeight, kPuckMass);
}

// Draws (object, goal) as one 6-vector, again while their x-y distance is below 15 cm (as
// MetaWorld's reset_model does), and places the puck.
void place_puck(Scene& scene, Props& props, Episode& e, Rng& rng, const Vec3& goal_low, const Vec3& goal_high) {
  Vec3 obj, goal;
  do {
    for (int k = 0; k < 3; ++k) obj[k] = uniform(rng, kObjLow[k], kObjHigh[k]);
    for (int k = 0; k < 3; ++k) goal[k] = uniform(rng, goal_low[k], goal_high[k]);
  } while ((obj.head<2>() - goal.head<2>()).norm() < 0.15);
  e.obj_init = obj;
  e.target = goal;
  scene.place_body(props.body[0], obj);
}

void puck_objects(const TaskView& v, double out[14]) {
  body_pose(v.props.body[0], out);
  for (int k = 7; k < 14; ++k) out[k] = 0.0;
}

Vec3 puck(const TaskView& v) { return Scene::position(v.props.body[0]); }

// --- reach -----------------------------------------------------------------------------

void reset_reach(Scene& s, Props& p, Episode& e, Rng& rng) {
  place_puck(s, p, e, rng, Vec3(-0.1, 0.8, 0.05), Vec3(0.1, 0.9, 0.3));
}

Evaluation evaluate_reach(const TaskView& v, const float* /*action*/) {
  Evaluation r;
  const Vec3 tcp = v.scene.tcp();
  const double to_target = (tcp - v.episode.target).norm();
  const double margin = (v.episode.hand_init - v.episode.target).norm();
  r.in_place = tolerance(to_target, 0.0, 0.05, margin);
  r.reward = 10.0 * r.in_place;
  r.success = to_target <= 0.05;
  r.obj_to_target = to_target;
  r.near_object = (tcp - puck(v)).norm() <= 0.03;
  r.progress = progress_within(to_target, margin, 0.05);
  return r;
}

void expert_reach(const TaskView& v, float a[4]) {
  move_towards(v.scene.tcp(), v.episode.target, 25.0, a);
  a[3] = -1.0f;
}

// --- push and pick-place: grasp the puck, carry it to the goal ---------------------------

void reset_push(Scene& s, Props& p, Episode& e, Rng& rng) {
  place_puck(s, p, e, rng, Vec3(-0.1, 0.8, 0.01), Vec3(0.1, 0.9, 0.02));
  e.target.z() = e.obj_init.z();  // the goal lies on the table, at the puck's height
}

Evaluation evaluate_push(const TaskView& v, const float* action) {
  Evaluation r;
  const Vec3 obj = puck(v);
  const Vec3 tcp = v.scene.tcp();
  const double tcp_to_obj = (obj - tcp).norm();
  const double to_target = (obj - v.episode.target).norm();
  const double init_to_target = (v.episode.obj_init - v.episode.target).norm();
  r.in_place = tolerance(to_target, 0.0, 0.05, init_to_target);
  r.grasp_reward = caging_reward(v, action, obj, 0.015, 0.05, 0.01, 0.005, true, false);
  double reward = 2.0 * r.grasp_reward;
  if (tcp_to_obj < 0.02 && v.scene.finger_travel() > 0.0) reward += 1.0 + reward + 5.0 * r.in_place;
  if (to_target < 0.05) reward = 10.0;
  r.reward = reward;
  report_placement(v, obj, kPuckRadius, to_target, init_to_target, 0.05, r);
  return r;
}

void expert_push(const TaskView& v, float a[4]) {
  carry_expert(v, puck(v), kPuckRadius, v.episode.target + Vec3(0, 0, 0.005), a);
}

void reset_pick_place(Scene& s, Props& p, Episode& e, Rng& rng) {
  place_puck(s, p, e, rng, Vec3(-0.1, 0.8, 0.05), Vec3(0.1, 0.9, 0.3));
}

Evaluation evaluate_pick_place(const TaskView& v, const float* action) {
  Evaluation r;
  const Vec3 obj = puck(v);
  const Vec3 tcp = v.scene.tcp();
  const double tcp_to_obj = (obj - tcp).norm();
  const double to_target = (obj - v.episode.target).norm();
  const double init_to_target = (v.episode.obj_init - v.episode.target).norm();
  r.in_place = tolerance(to_target, 0.0, 0.05, init_to_target);
  r.grasp_reward = caging_reward(v, action, obj, 0.015, 0.05, 0.01, 0.005, false, true);
  double reward = hamacher(r.grasp_reward, r.in_place);
  const bool lifted = obj.z() - 0.01 > v.episode.obj_init.z();
  if (tcp_to_obj < 0.02 && v.scene.finger_travel() > 0.0 && lifted) reward += 1.0 + 5.0 * r.in_place;
  if (to_target < 0.05) reward = 10.0;
  r.reward = reward;
  report_placement(v, obj, kPuckRadius, to_target, init_to_target, 0.07, r);
  return r;
}

void expert_pick_place(const TaskView& v, float a[4]) { carry_expert(v, puck(v), kPuckRadius, v.episode.target, a); }

}  // namespace

extern const Task kReachTask = {"reach", "reach the goal with the gripper", "puck", Vec3(0, 0.6, 0.2), build_puck, reset_reach, puck_objects, evaluate_reach,
                                expert_reach, pose_first_body, /*staged=*/false};
extern const Task kPushTask = {"push", "push the puck to the goal", "puck", Vec3(0, 0.6, 0.2), build_puck, reset_push, puck_objects, evaluate_push,
                               expert_push, pose_first_body};
extern const Task kPickPlaceTask = {"pick-place", "pick up the puck and place it at the goal", "puck",
                                    Vec3(0, 0.6, 0.2), build_puck, reset_pick_place, puck_objects,
                                    evaluate_pick_place, expert_pick_place, pose_first_body};

}  // namespace arm
}  // namespace csim
