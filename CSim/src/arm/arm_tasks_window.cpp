// window-open and window-close: a window pane sliding along x, with a vertical handle bar
// 8 cm in front of it (MetaWorld's sawyer_window_open_v3 / sawyer_window_close_v3).
//
// The handle starts at (x, y, 0.16) with x in [-0.1, 0.1], y in [0.7, 0.9] (MetaWorld's box).
// window-open slides it 20 cm towards +x; window-close starts 20 cm open and its goal is the
// closed position. As in MetaWorld, only the x distance to the goal counts for success (5 cm).
#include <cmath>

#include "arm_reward.hpp"
#include "arm_task.hpp"

namespace csim {
namespace arm {

namespace {

constexpr double kSlide = 0.2;
constexpr double kHandleZ = 0.16;
constexpr double kHandleAhead = 0.08;  // the bar's distance in front of the pane (-y)
constexpr double kTargetRadius = 0.05;
constexpr double kHandleRadius = 0.02;

void build_window(Scene& s, Props& p) {
  // Body origin = the handle bar's centre; the pane stands behind it.
  dBodyID w = s.add_box_body(Vec3(0.01, 0.01, 0.05), 0.3);
  s.add_box_to(w, Vec3(0.1, 0.01, 0.1), Vec3(-0.08, kHandleAhead, 0.0));   // the pane
  s.add_box_to(w, Vec3(0.005, 0.04, 0.005), Vec3(0, 0.04, 0.045));          // the bar's posts
  s.add_box_to(w, Vec3(0.005, 0.04, 0.005), Vec3(0, 0.04, -0.045));
  dBodySetGravityMode(w, 0);  // the frame carries it
  s.place_body(w, Vec3(0, 0.8, kHandleZ));
  dJointID j = s.add_slider_to_world(w, Vec3(1, 0, 0));
  dJointSetSliderParam(j, dParamLoStop, 0.0);
  dJointSetSliderParam(j, dParamHiStop, kSlide);
  dJointSetSliderParam(j, dParamVel, 0.0);  // sliding friction, as for the drawer
  dJointSetSliderParam(j, dParamFMax, 1.0);
  p.body[0] = w;
  p.joint[0] = j;
}

// Places the window closed with its handle at `closed`, re-anchors the slider, opens it.
void place_window(Scene& s, Props& p, const Vec3& closed, double open) {
  s.place_body(p.body[0], closed);
  dJointSetSliderAxis(p.joint[0], 1, 0, 0);
  if (open > 0.0) s.place_body(p.body[0], closed + Vec3(open, 0, 0));
}

Vec3 draw_closed(Rng& rng) {
  const double x = uniform(rng, -0.1, 0.1);
  const double y = uniform(rng, 0.7, 0.9);
  return Vec3(x, y, kHandleZ);
}

void reset_open(Scene& s, Props& p, Episode& e, Rng& rng) {
  const Vec3 closed = draw_closed(rng);
  place_window(s, p, closed, 0.0);
  e.obj_init = closed;
  e.target = closed + Vec3(kSlide, 0, 0);
}

void reset_close(Scene& s, Props& p, Episode& e, Rng& rng) {
  const Vec3 closed = draw_closed(rng);
  place_window(s, p, closed, kSlide);
  e.obj_init = closed + Vec3(kSlide, 0, 0);
  e.target = closed;
}

Vec3 handle(const TaskView& v) { return Scene::position(v.props.body[0]); }

void window_objects(const TaskView& v, double out[14]) {
  const Vec3 h = handle(v);
  for (int k = 0; k < 3; ++k) out[k] = h[k];
  for (int k = 3; k < 14; ++k) out[k] = 0.0;  // MetaWorld reports a zero quaternion here
}

Evaluation evaluate_window(const TaskView& v, const float* /*action*/) {
  Evaluation r;
  const Vec3 obj = handle(v);
  const Vec3 tcp = v.scene.tcp();
  const double to_target = std::fabs(obj.x() - v.episode.target.x());
  const double init_to_target = std::fabs(v.episode.obj_init.x() - v.episode.target.x());
  r.in_place = tolerance(to_target, 0.0, kTargetRadius, std::fabs(init_to_target - kTargetRadius));
  const double tcp_to_obj = (obj - tcp).norm();
  const double tcp_to_obj_init = (v.episode.obj_init - v.episode.init_tcp).norm();
  r.grasp_reward = tolerance(tcp_to_obj, 0.0, kHandleRadius, std::fabs(tcp_to_obj_init - kHandleRadius));
  r.reward = 10.0 * hamacher(r.grasp_reward, r.in_place);
  r.success = to_target <= kTargetRadius;
  r.near_object = tcp_to_obj <= 0.05;
  r.obj_to_target = to_target;
  r.progress = clamp01(1.0 - (to_target - kTargetRadius) / (init_to_target - kTargetRadius));
  return r;
}

// Fingers closed, down beside the handle on the side away from the goal, then push along x.
void expert_window(const TaskView& v, float a[4]) {
  const Vec3 t = v.scene.tcp();
  const Vec3 h = handle(v);
  const double dir = v.episode.target.x() > v.episode.obj_init.x() ? 1.0 : -1.0;
  const Vec3 beside = h + Vec3(-dir * 0.035, -0.01, 0.0);
  Vec3 to;
  const bool behind = dir * (h.x() - t.x()) > 0.02;
  if (behind && std::fabs(t.y() - beside.y()) < 0.015 && std::fabs(t.z() - h.z()) < 0.02) {
    to = Vec3(v.episode.target.x() + dir * 0.02, beside.y(), h.z());  // push
  } else if ((t.head<2>() - beside.head<2>()).norm() > 0.012) {
    to = beside + Vec3(0, 0, 0.12);
  } else {
    to = beside;
  }
  move_towards(t, to, 25.0, a);
  a[3] = 1.0f;
}

// The observation gives the handle bar's centre, the body's origin (the pane rides along).
void pose_window(Scene& /*s*/, Props& p, Episode& /*e*/, const double o[14], bool /*goal_known*/) {
  const double identity[4] = {1, 0, 0, 0};
  pose_body(p.body[0], Vec3(o[0], o[1], o[2]), identity);
}

}  // namespace

extern const Task kWindowOpenTask = {"window-open", "slide the window open", "window handle", Vec3(0, 0.6, 0.2),
                                     build_window, reset_open, window_objects, evaluate_window, expert_window,
                                     pose_window};
extern const Task kWindowCloseTask = {"window-close", "slide the window closed", "window handle",
                                      Vec3(0, 0.6, 0.2), build_window, reset_close, window_objects,
                                      evaluate_window, expert_window, pose_window};

}  // namespace arm
}  // namespace csim
