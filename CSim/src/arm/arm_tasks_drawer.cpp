// drawer-open and drawer-close: a drawer on a slider, its handle 16 cm in front of the
// drawer's centre (MetaWorld's sawyer_drawer_open_v3 / sawyer_drawer_close_v3).
//
// The drawer's body origin is the drawer link's centre at (x, 0.9, 0.09) when closed, x drawn
// from [-0.1, 0.1]; it opens towards the robot (-y) by up to 20 cm. The handle is a bar across
// x. drawer-open's goal is the handle pulled 20 cm out; drawer-close starts 15 cm open and its
// goal is the closed handle. As in MetaWorld, drawer-close reports a point 5 cm above the
// handle as its object, which makes its 5.5 cm success radius demand a nearly shut drawer.
#include <cmath>

#include "arm_reward.hpp"
#include "arm_task.hpp"

namespace csim {
namespace arm {

namespace {

constexpr double kDrawerY = 0.9;
constexpr double kDrawerZ = 0.09;
constexpr double kHandleAhead = 0.16;
constexpr double kOpenMax = 0.2;    // drawer-open's maxDist
constexpr double kCloseStart = 0.15;  // drawer-close's maxDist
const Vec3 kHandleHalf(0.05, 0.01, 0.01);

void build_drawer(Scene& s, Props& p) {
  // The drawer box below the handle's height, and the handle bar in front of it.
  dBodyID d = s.add_box_body(Vec3(0.09, 0.12, 0.03), 0.3);
  dGeomID box = dBodyGetFirstGeom(d);
  dGeomSetOffsetPosition(box, 0, 0, -0.04);
  s.add_box_to(d, kHandleHalf, Vec3(0, -kHandleAhead, 0));
  s.add_box_to(d, Vec3(0.005, 0.02, 0.005), Vec3(-0.045, -0.14, 0));  // the handle's posts
  s.add_box_to(d, Vec3(0.005, 0.02, 0.005), Vec3(0.045, -0.14, 0));
  s.place_body(d, Vec3(0, kDrawerY, kDrawerZ));
  dJointID j = s.add_slider_to_world(d, Vec3(0, -1, 0));
  dJointSetSliderParam(j, dParamLoStop, 0.0);
  dJointSetSliderParam(j, dParamHiStop, kOpenMax);
  // A motor held at zero speed with a small force: the drawer's sliding friction.
  dJointSetSliderParam(j, dParamVel, 0.0);
  dJointSetSliderParam(j, dParamFMax, 1.0);
  p.body[0] = d;
  p.joint[0] = j;
  // No cabinet: the slider holds the drawer, and a cabinet's top would only add contacts.
}

// Places the drawer closed at x, re-anchors its slider there, then opens it `open` metres.
void place_drawer(Scene& s, Props& p, double x, double open) {
  s.place_body(p.body[0], Vec3(x, kDrawerY, kDrawerZ));
  dJointSetSliderAxis(p.joint[0], 0, -1, 0);  // the slider's zero is where the body is now
  if (open > 0.0) s.place_body(p.body[0], Vec3(x, kDrawerY - open, kDrawerZ));
}

Vec3 handle(const TaskView& v) { return Scene::position(v.props.body[0]) + Vec3(0, -kHandleAhead, 0); }
double opening(const TaskView& v) { return dJointGetSliderPosition(v.props.joint[0]); }

void reset_open(Scene& s, Props& p, Episode& e, Rng& rng) {
  const double x = uniform(rng, -0.1, 0.1);
  place_drawer(s, p, x, 0.0);
  e.obj_init = Vec3(x, kDrawerY, 0.0);
  e.target = e.obj_init + Vec3(0, -kHandleAhead - kOpenMax, kDrawerZ);
}

void drawer_objects(const TaskView& v, double out[14]) {
  body_pose(v.props.body[0], out);
  const Vec3 h = handle(v);
  for (int k = 0; k < 3; ++k) out[k] = h[k];
  for (int k = 7; k < 14; ++k) out[k] = 0.0;
}

Evaluation evaluate_open(const TaskView& v, const float* /*action*/) {
  Evaluation r;
  const Vec3 gripper = v.scene.tcp();
  const Vec3 h = handle(v);
  const double handle_error = (h - v.episode.target).norm();
  r.in_place = tolerance(handle_error, 0.0, 0.02, kOpenMax);
  const Vec3 handle_init = v.episode.target + Vec3(0, kOpenMax, 0);
  const Vec3 scale(3.0, 3.0, 1.0);
  const double error = (h - gripper).cwiseProduct(scale).norm();
  const double error_init = (handle_init - v.episode.init_tcp).cwiseProduct(scale).norm();
  r.grasp_reward = tolerance(error, 0.0, 0.01, error_init);
  r.reward = 5.0 * (r.grasp_reward + r.in_place);
  r.success = handle_error <= 0.03;
  r.near_object = (h - gripper).norm() <= 0.03;
  r.grasped = holding(v, h, kHandleHalf.y(), 0.02);
  r.obj_to_target = handle_error;
  r.progress = clamp01(opening(v) / (kOpenMax - 0.03));
  return r;
}

// Close the fingers on the handle from above, then pull it out along -y.
void expert_open(const TaskView& v, float a[4]) {
  const Vec3 h = handle(v);
  handle_expert(v, h, kHandleHalf.y(), 0.1, 0.04, Vec3(h.x(), v.episode.target.y() - 0.02, h.z()), a);
}

void reset_close(Scene& s, Props& p, Episode& e, Rng& rng) {
  const double x = uniform(rng, -0.1, 0.1);
  place_drawer(s, p, x, kCloseStart);
  e.target = Vec3(x, kDrawerY, 0.0) + Vec3(0, -kHandleAhead, kDrawerZ);
  e.obj_init = e.target + Vec3(0, -kCloseStart, 0.05);
}

// MetaWorld's drawer-close reports a point 5 cm above the handle.
Vec3 close_point(const TaskView& v) { return handle(v) + Vec3(0, 0, 0.05); }

void close_objects(const TaskView& v, double out[14]) {
  const Vec3 c = close_point(v);
  for (int k = 0; k < 3; ++k) out[k] = c[k];
  for (int k = 3; k < 14; ++k) out[k] = 0.0;  // MetaWorld reports a zero quaternion here
}

constexpr double kCloseRadius = 0.04;

Evaluation evaluate_close(const TaskView& v, const float* action) {
  Evaluation r;
  const Vec3 obj = close_point(v);
  const Vec3 tcp = v.scene.tcp();
  const double to_target = (obj - v.episode.target).norm();
  const double init_to_target = (v.episode.obj_init - v.episode.target).norm();
  r.in_place = tolerance(to_target, 0.0, kCloseRadius, std::fabs(init_to_target - kCloseRadius));
  const double tcp_to_obj = (obj - tcp).norm();
  const double tcp_to_obj_init = (v.episode.obj_init - v.episode.init_tcp).norm();
  double reach = tolerance_gaussian(tcp_to_obj, 0.0, 0.005, std::fabs(tcp_to_obj_init - 0.005));
  reach = hamacher(reach, clamp01(action[3]));
  r.grasp_reward = reach;
  double reward = hamacher(reach, r.in_place);
  r.success = to_target <= kCloseRadius + 0.015;
  if (r.success) reward = 1.0;
  r.reward = 10.0 * reward;
  r.near_object = tcp_to_obj <= 0.01;
  r.obj_to_target = to_target;
  r.progress = clamp01(1.0 - opening(v) / kCloseStart);
  return r;
}

// Come down in front of the handle with the fingers closed, then push it home along +y.
void expert_close(const TaskView& v, float a[4]) {
  const Vec3 t = v.scene.tcp();
  const Vec3 h = handle(v);
  const Vec3 front = h + Vec3(0, -0.035, 0);
  const double xy = (t.head<2>() - front.head<2>()).norm();
  Vec3 to;
  if (t.y() < h.y() - 0.02 && std::fabs(t.x() - h.x()) < 0.02 && t.z() - h.z() < 0.01) {
    to = Vec3(h.x(), v.episode.target.y() + 0.02, h.z());  // in front and low: push
  } else if (xy > 0.012) {
    to = front + Vec3(0, 0, 0.1);
  } else {
    to = front;
  }
  move_towards(t, to, 25.0, a);
  a[3] = 1.0f;
}

// The observation gives the handle (drawer-open) or a point 5 cm above it (drawer-close).
void pose_drawer_at(Props& p, const Vec3& handle) {
  const double identity[4] = {1, 0, 0, 0};
  pose_body(p.body[0], handle + Vec3(0, kHandleAhead, 0), identity);
}

void pose_drawer_open(Scene& /*s*/, Props& p, Episode& /*e*/, const double o[14], bool /*goal_known*/) {
  pose_drawer_at(p, Vec3(o[0], o[1], o[2]));
}

void pose_drawer_close(Scene& /*s*/, Props& p, Episode& /*e*/, const double o[14], bool /*goal_known*/) {
  pose_drawer_at(p, Vec3(o[0], o[1], o[2] - 0.05));
}

}  // namespace

extern const Task kDrawerOpenTask = {"drawer-open", "pull the drawer open", "drawer handle", Vec3(0, 0.6, 0.2),
                                     build_drawer, reset_open, drawer_objects, evaluate_open, expert_open,
                                     pose_drawer_open};
extern const Task kDrawerCloseTask = {"drawer-close", "push the drawer closed", "drawer handle", Vec3(0, 0.6, 0.2),
                                      build_drawer, reset_close, close_objects, evaluate_close, expert_close,
                                      pose_drawer_close};

}  // namespace arm
}  // namespace csim
