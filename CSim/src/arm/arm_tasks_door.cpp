// door-open: a door on a vertical hinge, opened towards the robot by its handle
// (MetaWorld's sawyer_door_v3).
//
// The hinge stands at (x, y, 0.15) with x in [0, 0.1], y in [0.85, 0.95] (MetaWorld's box);
// the door is 30 cm wide towards +x, 24 cm tall, and its handle is a vertical bar 27 cm from
// the hinge and 8 cm in front of the door. The bar is rigidly part of the door without posts
// (nothing in the simulation needs them, and they would catch the fingers). The goal is the
// handle with the door open 90 degrees; success is MetaWorld's: the handle within 8 cm of
// the goal in x, which takes about 74 degrees.
#include <cmath>

#include "arm_reward.hpp"
#include "arm_task.hpp"

namespace csim {
namespace arm {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kHingeZ = 0.15;
const Vec3 kHandleFromHinge(0.27, -0.08, 0.0);
const Vec3 kBarHalf(0.01, 0.01, 0.04);  // short enough for the palm to clear its top

void build_door(Scene& s, Props& p) {
  dBodyID d = s.add_box_body(Vec3(0.15, 0.01, 0.12), 0.5);  // the door, origin at its centre
  s.add_box_to(d, kBarHalf, kHandleFromHinge - Vec3(0.15, 0, 0));
  s.place_body(d, Vec3(0.15, 0.9, kHingeZ));
  p.body[0] = d;
  dJointID j = s.add_hinge_to_world(d, Vec3(0, 0.9, kHingeZ), Vec3(0, 0, -1));
  dJointSetHingeParam(j, dParamLoStop, 0.0);
  dJointSetHingeParam(j, dParamHiStop, 1.75);
  dJointSetHingeParam(j, dParamVel, 0.0);  // a little friction in the hinge
  dJointSetHingeParam(j, dParamFMax, 0.3);
  p.joint[0] = j;
}

// The handle's position with the door open by `angle` (radians, towards the robot).
Vec3 handle_at(const Vec3& hinge, double angle) {
  const double c = std::cos(angle), s = std::sin(angle);
  const Vec3& h = kHandleFromHinge;
  return hinge + Vec3(h.x() * c - (-h.y()) * s, -h.x() * s + h.y() * c, 0.0);
}

double door_angle(const TaskView& v) { return dJointGetHingeAngle(v.props.joint[0]); }
Vec3 hinge(const TaskView& v) { return v.episode.obj_init; }
Vec3 handle(const TaskView& v) { return handle_at(hinge(v), door_angle(v)); }

void reset_door(Scene& s, Props& p, Episode& e, Rng& rng) {
  const Vec3 h(uniform(rng, 0.0, 0.1), uniform(rng, 0.85, 0.95), kHingeZ);
  s.place_body(p.body[0], h + Vec3(0.15, 0, 0));
  dJointSetHingeAnchor(p.joint[0], h.x(), h.y(), h.z());
  dJointSetHingeAxis(p.joint[0], 0, 0, -1);  // re-anchors the angle's zero at the closed door
  e.obj_init = h;
  e.target = handle_at(h, kPi / 2);
}

void door_objects(const TaskView& v, double out[14]) {
  body_pose(v.props.body[0], out);
  const Vec3 h = handle(v);
  for (int k = 0; k < 3; ++k) out[k] = h[k];
  for (int k = 7; k < 14; ++k) out[k] = 0.0;
}

Evaluation evaluate_door(const TaskView& v, const float* action) {
  Evaluation r;
  const Vec3 hand = v.scene.tcp();
  const Vec3 obj = handle(v);
  const double angle = door_angle(v);
  // MetaWorld's two stages: be at the handle without coming down on the door, then open it.
  const Vec3 door = obj + Vec3(-0.05, 0, 0);
  const double threshold = 0.12;
  const double radius = (hand.head<2>() - door.head<2>()).norm();
  const double floor = radius <= threshold ? 0.0 : 0.04 * std::log(radius - threshold) + 0.4;
  const double above_floor = hand.z() >= floor ? 1.0 : tolerance(floor - hand.z(), 0.0, 0.01, floor / 2.0);
  const double in_place = tolerance((hand - door - Vec3(0.05, 0.03, -0.01)).norm(), 0.0, threshold / 2.0, 0.5);
  const double ready = hamacher(above_floor, in_place);
  const double opened =
      0.2 * (angle > kPi / 90.0 ? 1.0 : 0.0) + 0.8 * tolerance(kPi / 2 + kPi / 6 - angle, 0.0, 0.5, kPi / 3);
  const double grab = (std::fmax(-1.0, std::fmin(1.0, static_cast<double>(action[3]))) + 1.0) / 2.0;
  double reward = 2.0 * hamacher(grab, ready) + 8.0 * opened;
  const double to_target = std::fabs(obj.x() - v.episode.target.x());
  r.success = to_target <= 0.08;
  if (r.success) reward = 10.0;
  r.reward = reward;
  r.grasp_reward = ready;
  r.in_place = opened;
  r.near_object = (hand - obj).norm() <= 0.03;
  r.grasped = holding(v, obj, kBarHalf.y(), 0.02);
  r.obj_to_target = to_target;
  r.progress = clamp01(angle / (74.0 * kPi / 180.0));
  return r;
}

// Close the fingers on the bar from above, then walk the handle round the hinge's arc.
void expert_door(const TaskView& v, float a[4]) {
  const Vec3 goal = handle_at(hinge(v), std::fmin(door_angle(v) + 0.35, kPi / 2 + 0.2));
  handle_expert(v, handle(v), kBarHalf.y(), 0.12, 0.1, goal, a);
}

// The observation gives the handle and the door's quaternion: the door's centre is the handle
// less the bar's offset turned with the door.
void pose_door(Scene& /*s*/, Props& p, Episode& /*e*/, const double o[14], bool /*goal_known*/) {
  pose_body(p.body[0], Vec3(o[0], o[1], o[2]), o + 3);
  const dReal* r = dBodyGetRotation(p.body[0]);  // row-major 3x4
  const Vec3 local = kHandleFromHinge - Vec3(0.15, 0, 0);
  const Vec3 turned(r[0] * local.x() + r[1] * local.y() + r[2] * local.z(),
                    r[4] * local.x() + r[5] * local.y() + r[6] * local.z(),
                    r[8] * local.x() + r[9] * local.y() + r[10] * local.z());
  const Vec3 centre = Vec3(o[0], o[1], o[2]) - turned;
  dBodySetPosition(p.body[0], centre.x(), centre.y(), centre.z());
}

}  // namespace

extern const Task kDoorOpenTask = {"door-open", "pull the door open", "door handle", Vec3(0, 0.6, 0.2), build_door,
                                   reset_door, door_objects, evaluate_door, expert_door, pose_door};

}  // namespace arm
}  // namespace csim
