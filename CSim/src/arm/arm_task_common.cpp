// Helpers shared by the task files: poses, sampling, the policies' move() and the grasp terms.
#include <cmath>

#include "arm_reward.hpp"
#include "arm_task.hpp"

namespace csim {
namespace arm {

void body_pose(dBodyID body, double out[7]) {
  const dReal* p = dBodyGetPosition(body);
  const dReal* q = dBodyGetQuaternion(body);
  for (int k = 0; k < 3; ++k) out[k] = p[k];
  for (int k = 0; k < 4; ++k) out[3 + k] = q[k];
}

double uniform(Rng& rng, double lo, double hi) { return lo + (hi - lo) * rng.uniform_double(); }

void pose_body(dBodyID body, const Vec3& position, const double q[4]) {
  const double norm = std::sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
  dQuaternion unit = {1, 0, 0, 0};
  if (norm > 1e-6) {
    for (int k = 0; k < 4; ++k) unit[k] = q[k] / norm;
  }
  dBodySetPosition(body, position.x(), position.y(), position.z());
  dBodySetQuaternion(body, unit);
  dBodySetLinearVel(body, 0, 0, 0);
  dBodySetAngularVel(body, 0, 0, 0);
}

void pose_first_body(Scene& /*scene*/, Props& props, Episode& /*episode*/, const double objects[14],
                     bool /*goal_known*/) {
  pose_body(props.body[0], Vec3(objects[0], objects[1], objects[2]), objects + 3);
}

void move_towards(const Vec3& from, const Vec3& to, double gain, float action[4]) {
  for (int k = 0; k < 3; ++k) {
    const double a = gain * (to[k] - from[k]);
    action[k] = static_cast<float>(std::fmax(-1.0, std::fmin(1.0, a)));
  }
}

double caging_reward(const TaskView& view, const float action[4], const Vec3& obj, double obj_radius,
                     double pad_success_thresh, double object_reach_radius, double xz_thresh, bool high_density,
                     bool medium_density) {
  const Episode& e = view.episode;
  double caging_lr[2];
  for (int side = 0; side < 2; ++side) {
    const double pad_y = view.scene.pad(side).y();
    const double to_obj = std::fabs(pad_y - obj.y());
    const double to_obj_init = std::fabs(pad_y - e.obj_init.y());
    const double margin = std::fabs(to_obj_init - pad_success_thresh);
    caging_lr[side] = tolerance(to_obj, obj_radius, pad_success_thresh, margin);
  }
  const double caging_y = hamacher(caging_lr[0], caging_lr[1]);

  const Vec3 tcp = view.scene.tcp();
  const double xz = std::hypot(tcp.x() - obj.x(), tcp.z() - obj.z());
  const double xz_margin = std::hypot(e.obj_init.x() - e.init_tcp.x(), e.obj_init.z() - e.init_tcp.z()) - xz_thresh;
  const double caging_xz = tolerance(xz, 0.0, xz_thresh, xz_margin);

  const double closed = clamp01(static_cast<double>(action[3]));
  const double caging = hamacher(caging_y, caging_xz);
  const double gripping = caging > 0.97 ? closed : 0.0;
  double result = hamacher(caging, gripping);
  if (high_density) result = 0.5 * (result + caging);
  if (medium_density) {
    const double tcp_to_obj = (obj - tcp).norm();
    const double init = (e.obj_init - e.init_tcp).norm();
    const double reach = tolerance(tcp_to_obj, 0.0, object_reach_radius, std::fabs(init - object_reach_radius));
    result = 0.5 * (result + reach);
  }
  return result;
}

bool holding(const TaskView& view, const Vec3& obj, double radius, double xz) {
  const Vec3 tcp = view.scene.tcp();
  const double left = view.scene.pad(0).y(), right = view.scene.pad(1).y();
  const bool between = right < obj.y() && obj.y() < left;
  const bool close = std::hypot(tcp.x() - obj.x(), tcp.z() - obj.z()) < xz;
  return between && close && view.scene.finger_travel() < radius + 0.005;
}

void carry_expert(const TaskView& v, const Vec3& o, double radius, const Vec3& goal, float a[4]) {
  const Vec3 h = v.scene.tcp();
  const double xy = (h.head<2>() - o.head<2>()).norm();
  const double travel = v.scene.finger_travel();
  Vec3 to;
  float grip;
  if (holding(v, o, radius, 0.02)) {
    to = goal;
    grip = 1.0f;
  } else if (travel < radius - 0.006) {
    // Closed on nothing: open and rise to try again.
    to = Vec3(h.x(), h.y(), o.z() + 0.1);
    grip = -1.0f;
  } else if (xy > 0.012) {
    // Above the object first; rise before moving sideways if low, so as not to knock it.
    to = h.z() < o.z() + 0.05 && xy > 0.04 ? Vec3(h.x(), h.y(), o.z() + 0.1) : Vec3(o.x(), o.y(), o.z() + 0.1);
    grip = -1.0f;
  } else if (h.z() - o.z() > 0.008) {
    to = o;
    grip = -1.0f;
  } else {
    to = o;
    grip = 1.0f;
  }
  move_towards(h, to, 25.0, a);
  a[3] = grip;
}

void handle_expert(const TaskView& v, const Vec3& handle, double radius, double hover, double clear,
                   const Vec3& goal, float a[4]) {
  const Vec3 t = v.scene.tcp();
  const double xy = (t.head<2>() - handle.head<2>()).norm();
  Vec3 to = handle;
  float grip = -1.0f;
  if (holding(v, handle, radius, 0.02)) {
    to = goal;
    grip = 1.0f;
  } else if (xy > 0.012) {
    const Vec3 above = handle + Vec3(0, 0, hover);
    to = t.z() < handle.z() + clear && xy > 0.03 ? Vec3(t.x(), t.y(), above.z()) : above;
  } else if (t.z() - handle.z() > 0.008) {
    to = handle;
  } else {
    grip = 1.0f;
  }
  move_towards(t, to, 25.0, a);
  a[3] = grip;
}

double progress_within(double distance, double start, double within) {
  return clamp01(1.0 - std::fmax(0.0, distance - within) / std::fmax(start - within, 1e-6));
}

void report_placement(const TaskView& v, const Vec3& obj, double radius, double to_target, double start,
                      double within, Evaluation& r) {
  r.success = to_target <= within;
  r.obj_to_target = to_target;
  r.near_object = (obj - v.scene.tcp()).norm() <= 0.03;
  r.grasped = holding(v, obj, radius, 0.02);
  r.progress = progress_within(to_target, start, within);
}

}  // namespace arm
}  // namespace csim
