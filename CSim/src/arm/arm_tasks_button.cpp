// button-press-topdown: a button on top of a box, pressed straight down
// (MetaWorld's sawyer_button_press_topdown_v3).
//
// The box stands at (x, y) drawn from x in [-0.1, 0.1], y in [0.8, 0.9]; the button is a
// cylinder on a vertical slider whose top rests 11.5 cm above the table (MetaWorld's box
// height) and goes down by up to 6 cm against a 3 N return force. The observation's object is the
// button's top; the goal is that top fully pressed, and success is within 2.4 cm of it.
#include <cmath>

#include "arm_reward.hpp"
#include "arm_task.hpp"

namespace csim {
namespace arm {

namespace {

constexpr double kTopRest = 0.115;
constexpr double kTravel = 0.06;
constexpr double kRadius = 0.02;
constexpr double kHousingTop = kTopRest - kTravel - 0.005;
constexpr double kHalfLength = 0.02;
constexpr double kReturnForce = 3.0;  // N: the button's spring, as a constant return force

void build_button(Scene& s, Props& p) {
  dBodyID b = s.add_cylinder_body(kRadius, 2 * kHalfLength, 0.05);
  dBodySetGravityMode(b, 0);  // the spring below holds it up
  s.place_body(b, Vec3(0, 0.85, kTopRest - kHalfLength));
  dJointID j = s.add_slider_to_world(b, Vec3(0, 0, -1));
  dJointSetSliderParam(j, dParamLoStop, 0.0);
  dJointSetSliderParam(j, dParamHiStop, kTravel);
  // A motor driving back towards rest with a capped force acts as the return spring.
  dJointSetSliderParam(j, dParamVel, -0.5);
  dJointSetSliderParam(j, dParamFMax, kReturnForce);
  p.body[0] = b;
  p.joint[0] = j;
  // The housing under the button touches the hand only, so it never jams the button; its
  // top sits just below the fully pressed button.
  p.geom[0] = s.add_static_box(Vec3(0.06, 0.06, kHousingTop / 2), Vec3(0, 0.85, kHousingTop / 2), kHand);
}

void reset_button(Scene& s, Props& p, Episode& e, Rng& rng) {
  const double x = uniform(rng, -0.1, 0.1);
  const double y = uniform(rng, 0.8, 0.9);
  s.place_body(p.body[0], Vec3(x, y, kTopRest - kHalfLength));
  dJointSetSliderAxis(p.joint[0], 0, 0, -1);
  dGeomSetPosition(p.geom[0], x, y, kHousingTop / 2);
  e.obj_init = Vec3(x, y, kTopRest);
  e.target = Vec3(x, y, kTopRest - kTravel);
}

double pressed(const TaskView& v) { return dJointGetSliderPosition(v.props.joint[0]); }
Vec3 top(const TaskView& v) { return Scene::position(v.props.body[0]) + Vec3(0, 0, kHalfLength); }

void button_objects(const TaskView& v, double out[14]) {
  body_pose(v.props.body[0], out);
  const Vec3 t = top(v);
  for (int k = 0; k < 3; ++k) out[k] = t[k];
  for (int k = 7; k < 14; ++k) out[k] = 0.0;
}

Evaluation evaluate_button(const TaskView& v, const float* /*action*/) {
  Evaluation r;
  const Vec3 obj = top(v);
  const Vec3 tcp = v.scene.tcp();
  const double tcp_to_obj = (obj - tcp).norm();
  const double tcp_to_obj_init = (obj - v.episode.init_tcp).norm();
  const double obj_to_target = std::fabs(v.episode.target.z() - obj.z());
  const double tcp_closed = 1.0 - clamp01(2.0 * v.scene.finger_travel() / 0.1);
  r.grasp_reward = tolerance(tcp_to_obj, 0.0, 0.01, tcp_to_obj_init);
  r.in_place = tolerance(obj_to_target, 0.0, 0.005, kTravel);
  double reward = 5.0 * hamacher(tcp_closed, r.grasp_reward);
  if (tcp_to_obj <= 0.03) reward += 5.0 * r.in_place;
  r.reward = reward;
  r.success = obj_to_target <= 0.024;
  r.near_object = tcp_to_obj <= 0.05;
  r.obj_to_target = obj_to_target;
  r.progress = clamp01(pressed(v) / (kTravel - 0.024));
  return r;
}

// Fingers closed, above the button, then straight down past the fully pressed height.
void expert_button(const TaskView& v, float a[4]) {
  const Vec3 t = v.scene.tcp();
  const Vec3 b = top(v);
  const double xy = (t.head<2>() - b.head<2>()).norm();
  const Vec3 to = xy > 0.01 ? Vec3(b.x(), b.y(), kTopRest + 0.08) : Vec3(b.x(), b.y(), v.episode.target.z() - 0.02);
  move_towards(t, to, 25.0, a);
  a[3] = 1.0f;
}

// The observation gives the button's top; the housing stands under it.
void pose_button(Scene& /*s*/, Props& p, Episode& /*e*/, const double o[14], bool /*goal_known*/) {
  const double identity[4] = {1, 0, 0, 0};
  pose_body(p.body[0], Vec3(o[0], o[1], o[2] - kHalfLength), identity);
  dGeomSetPosition(p.geom[0], o[0], o[1], kHousingTop / 2);
}

}  // namespace

extern const Task kButtonPressTopdownTask = {
    "button-press-topdown", "press the button down from above", "button", Vec3(0, 0.4, 0.2), build_button,
    reset_button,           button_objects,                     evaluate_button, expert_button, pose_button};

}  // namespace arm
}  // namespace csim
