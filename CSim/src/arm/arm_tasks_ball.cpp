// sweep-into (a cube into the hole at a fixed goal) and soccer (a ball into a goal)
// (MetaWorld's sawyer_sweep_into_goal_v3 / sawyer_soccer_v3).
//
// sweep-into's hole is cut into the table (see cut_hole): a cube swept in drops and stays, and
// pictures show the hole; success is MetaWorld's criterion, the cube within 5 cm of the hole's
// centre in x-y. Soccer has no net: its success is MetaWorld's x-weighted distance (x counts
// 3x) within 7 cm, and a ball pushed past the goal rolls on.
#include <cmath>

#include "arm_reward.hpp"
#include "arm_task.hpp"

namespace csim {
namespace arm {

namespace {

constexpr double kCubeHalf = 0.02;
constexpr double kBallRadius = 0.026;

Vec3 object(const TaskView& v) { return Scene::position(v.props.body[0]); }

void one_object(const TaskView& v, double out[14]) {
  body_pose(v.props.body[0], out);
  for (int k = 7; k < 14; ++k) out[k] = 0.0;
}

// Draws the object in MetaWorld's box (-0.1, 0.6) .. (0.1, 0.7) at height z, and places it.
Vec3 draw_object(Scene& s, Props& p, Rng& rng, double z) {
  const Vec3 o(uniform(rng, -0.1, 0.1), uniform(rng, 0.6, 0.7), z);
  s.place_body(p.body[0], o);
  return o;
}

// --- sweep-into ----------------------------------------------------------------------------

// The hole: an 8 cm square at (0, 0.84), 10 cm deep (the goal moves by at most 1 mm, so it
// is cut once, at creation). The scene's table plane is lowered to be the hole's floor, and
// four slabs, their tops at z = 0, make the table around it over the region the hand can
// reach (the mocap box) and more; a body pushed off them lands on the floor.
constexpr double kHoleHalf = 0.04;
constexpr double kHoleDepth = 0.1;
const Vec3 kHoleCentre(0.0, 0.84, 0.0);

void cut_hole(Scene& s) {
  const dSpaceID space = s.space();
  for (int i = 0; i < dSpaceGetNumGeoms(space); ++i) {
    dGeomID g = dSpaceGetGeom(space, i);
    if (dGeomGetClass(g) == dPlaneClass) dGeomPlaneSetParams(g, 0, 0, 1, -kHoleDepth);
  }
  const double x0 = -0.6, x1 = 0.6, y0 = 0.25, y1 = 1.15;
  const double hx = kHoleCentre.x(), hy = kHoleCentre.y(), h = kHoleHalf;
  auto slab = [&](double ax, double bx, double ay, double by) {
    s.add_static_box(Vec3((bx - ax) / 2, (by - ay) / 2, kHoleDepth / 2),
                     Vec3((ax + bx) / 2, (ay + by) / 2, -kHoleDepth / 2));
  };
  slab(x0, x1, y0, hy - h);       // in front of the hole
  slab(x0, x1, hy + h, y1);       // behind it
  slab(x0, hx - h, hy - h, hy + h);  // left of it
  slab(hx + h, x1, hy - h, hy + h);  // right of it
}

void build_cube(Scene& s, Props& p) {
  p.body[0] = s.add_box_body(Vec3(kCubeHalf, kCubeHalf, kCubeHalf), 0.1);
  cut_hole(s);
}

void reset_sweep(Scene& s, Props& p, Episode& e, Rng& rng) {
  e.obj_init = draw_object(s, p, rng, kCubeHalf);
  e.target = Vec3(uniform(rng, -0.001, 0.001), uniform(rng, 0.8399, 0.8401), uniform(rng, 0.0199, 0.0201));
}

Evaluation evaluate_sweep(const TaskView& v, const float* action) {
  Evaluation r;
  const Vec3 obj = object(v);
  const Vec3 target(v.episode.target.x(), v.episode.target.y(), obj.z());
  const double to_target = (obj - target).norm();
  const double margin = (v.episode.obj_init - target).norm();
  r.in_place = tolerance(to_target, 0.0, 0.05, margin);
  r.grasp_reward = caging_reward(v, action, obj, 0.02, 0.05, 0.01, 0.005, false, true);
  double reward = 2.0 * r.grasp_reward + 6.0 * hamacher(r.grasp_reward, r.in_place);
  if (to_target < 0.05) reward = 10.0;
  r.reward = reward;
  report_placement(v, obj, kCubeHalf, to_target, margin, 0.05, r);
  return r;
}

void expert_sweep(const TaskView& v, float a[4]) {
  const Vec3 goal(v.episode.target.x(), v.episode.target.y(), kCubeHalf + 0.005);
  carry_expert(v, object(v), kCubeHalf, goal, a);
}

// --- soccer --------------------------------------------------------------------------------

const Vec3 kSoccerScale(3.0, 1.0, 1.0);  // MetaWorld weighs x errors three times

void build_ball(Scene& s, Props& p) { p.body[0] = s.add_sphere_body(kBallRadius, 0.05); }

void reset_soccer(Scene& s, Props& p, Episode& e, Rng& rng) {
  do {
    e.obj_init = Vec3(uniform(rng, -0.1, 0.1), uniform(rng, 0.6, 0.7), kBallRadius);
    e.target = Vec3(uniform(rng, -0.1, 0.1), uniform(rng, 0.8, 0.88), 0.0);
  } while ((e.obj_init.head<2>() - e.target.head<2>()).norm() < 0.15);
  s.place_body(p.body[0], e.obj_init);
}

Evaluation evaluate_soccer(const TaskView& v, const float* action) {
  Evaluation r;
  const Vec3 obj = object(v);
  const Vec3& target = v.episode.target;
  const double to_target = (obj - target).cwiseProduct(kSoccerScale).norm();
  const double margin = (v.episode.obj_init - target).cwiseProduct(kSoccerScale).norm();
  double in_place = tolerance(to_target, 0.0, 0.07, margin);
  // Past the goal line but wide of the goal: MetaWorld takes the placing reward away.
  const double goal_line = target.y() - 0.1;
  if (obj.y() > goal_line && std::fabs(obj.x() - target.x()) > 0.1) {
    in_place = clamp01(in_place - 2.0 * (obj.y() - goal_line) / (1.0 - goal_line));
  }
  r.in_place = in_place;
  r.grasp_reward = caging_reward(v, action, obj, 0.013, 0.05, 0.01, 0.005, false, true);
  double reward = 3.0 * r.grasp_reward + 6.5 * in_place;
  if (to_target < 0.07) reward = 10.0;
  r.reward = reward;
  report_placement(v, obj, kBallRadius, to_target, margin, 0.07, r);
  return r;
}

// The scripted player carries the ball rather than kicking it: slower, but it never misses.
void expert_soccer(const TaskView& v, float a[4]) {
  carry_expert(v, object(v), kBallRadius, v.episode.target + Vec3(0, 0, kBallRadius + 0.005), a);
}

}  // namespace

extern const Task kSweepIntoTask = {"sweep-into", "sweep the cube into the hole", "cube", Vec3(0, 0.6, 0.2),
                                    build_cube, reset_sweep, one_object, evaluate_sweep, expert_sweep,
                                    pose_first_body};
extern const Task kSoccerTask = {"soccer", "get the ball into the goal", "ball", Vec3(0, 0.6, 0.2),
                                 build_ball, reset_soccer, one_object, evaluate_soccer, expert_soccer,
                                 pose_first_body};

}  // namespace arm
}  // namespace csim
